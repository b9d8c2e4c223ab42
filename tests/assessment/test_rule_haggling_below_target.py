"""Rule: "Repeated haggling on work that already pays below target is the
work not being worth it twice over: a planned exit" (domain.md)."""

import pytest

from despedida.core.assessment.results import Recommendation
from despedida.core.portfolio.model import EventType, StrategicValue
from tests.assessment.builders import (
    assess,
    client,
    event,
    hours,
    milestone,
    on_time_invoices,
    project,
    signed_contract,
)

TARGET = 45  # tests.assessment.builders.business's target rate


def haggler(attempts, ratio, talk=False, contract=True, **fields):
    """Six on-time invoices of 1000 and the hours that make the effective rate `ratio` x target."""
    events = [event(EventType.RATE_RENEGOTIATION, 20 + 40 * n) for n in range(attempts)]
    if talk:
        events.append(event(EventType.CONVERSATION, 250, topic="tarifa"))
    logged = f"{6000 / (TARGET * ratio):.1f}"
    return client(
        contract=signed_contract(notice_days=15) if contract else signed_contract(signed_on=None, scope_defined=False),
        projects=[project([milestone("Fase 2", due=-20)])],
        invoices=on_time_invoices(6),
        time=[hours(30, logged)],
        events=events,
        **fields,
    )


@pytest.mark.parametrize("attempts", [2, 3, 5])
@pytest.mark.parametrize("ratio", [0.45, 0.6, 0.8])
@pytest.mark.parametrize("talk", [False, True])
@pytest.mark.parametrize("contract", [True, False])
def test_repeated_haggling_on_work_below_target_is_a_planned_exit(attempts, ratio, talk, contract):
    result = assess(haggler(attempts, ratio, talk, contract))
    assert result.signal("low_profitability") is not None
    signal = result.signal("haggling")
    assert signal.spent
    assert result.recommendation == Recommendation.EXIT
    assert result.next_actions[0].action == "plan_exit"


@pytest.mark.parametrize("language, words", [("es", "por debajo del objetivo"), ("en", "below target")])
def test_the_evidence_says_the_work_already_pays_below_target(language, words):
    result = assess(haggler(3, 0.6), language=language)
    evidence = result.signal("haggling").evidence
    assert words in evidence and ("45,00\u00a0€" if language == "es" else "€45.00") in evidence


def test_even_a_strategic_client_is_not_worth_it_twice_over():
    assert assess(haggler(2, 0.8, strategic_value=StrategicValue.HIGH)).recommendation == Recommendation.EXIT


@pytest.mark.parametrize("ratio", [0.9, 1.2, 2.0])
def test_haggling_on_work_that_pays_its_target_climbs_the_ladder(ratio):
    result = assess(haggler(3, ratio))
    assert not result.signal("haggling").spent
    assert result.recommendation in (Recommendation.KEEP, Recommendation.PROTECT, Recommendation.REPAIR)
    assert "talk" in [a.action for a in result.next_actions]


@pytest.mark.parametrize("ratio", [0.45, 0.8])
def test_a_single_request_is_not_repeated_haggling(ratio):
    result = assess(haggler(1, ratio))
    assert result.signal("haggling") is None
    assert not any(s.spent for s in result.signals)
