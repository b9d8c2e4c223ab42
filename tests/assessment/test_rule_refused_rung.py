"""Rule: "A refused remedy is a spent rung" (domain.md, How the ladder reads the record).

When the client refuses what the ladder proposes (a priced change order,
a deposit), that rung cannot be tried again; with the ladder spent, the
outcome is a planned exit after the current piece of work, and the
evidence says so.
"""

import datetime as dt

import pytest

from despedida.core.assessment.results import Recommendation
from despedida.core.portfolio.model import Clause, EventType, StrategicValue
from tests.assessment.builders import (
    AS_OF,
    ago,
    assess,
    client,
    event,
    hours,
    milestone,
    on_time_invoices,
    project,
    signed_contract,
)


def scope_client(refused_days_ago, unpriced=(), priced=(), talk=None, clause=False, **fields):
    events = [event(EventType.CHANGE_ORDER_REFUSED, d) for d in refused_days_ago]
    events += [event(EventType.SCOPE_CHANGE, d) for d in unpriced]
    events += [event(EventType.SCOPE_CHANGE, d, priced=True) for d in priced]
    if talk is not None:
        events.append(event(EventType.CONVERSATION, talk, topic="alcance"))
    fields.setdefault("invoices", on_time_invoices(6))
    fields.setdefault("time", [hours(30, "60")])
    return client(
        contract=signed_contract(change_order_clause=clause, notice_days=15),
        projects=[project([milestone("Lanzamiento", due=-25)])],
        events=events,
        **fields,
    )


@pytest.mark.parametrize("refused", [(5,), (60,), (200,), (90, 20)])
@pytest.mark.parametrize("unpriced", [(), (100,), (120, 80, 40)])
@pytest.mark.parametrize("talk", [None, 150])
@pytest.mark.parametrize("clause", [False, True])
def test_a_refused_change_order_spends_the_scope_ladder_and_plans_an_exit(refused, unpriced, talk, clause):
    result = assess(scope_client(refused, unpriced, talk=talk, clause=clause))
    signal = result.signal("scope_creep")
    assert signal.spent and signal.remedies == ()
    assert "price_change_order" not in [a.action for a in result.next_actions]
    assert result.recommendation == Recommendation.EXIT
    assert result.next_actions[0].action == "plan_exit"
    # After the current piece of work, not mid-job.
    assert result.exit.earliest_on == ago(-25)


@pytest.mark.parametrize("valuable", ["dependency", "strategic"])
def test_a_spent_ladder_is_an_exit_even_for_a_valuable_client(valuable):
    if valuable == "strategic":
        result = assess(scope_client((30,), strategic_value=StrategicValue.HIGH))
    else:
        result = assess(scope_client((30,)), share_of="7000.00")  # the client is most of the revenue
    assert result.recommendation == Recommendation.EXIT


@pytest.mark.parametrize(
    "language, words",
    [
        ("es", "rechazó el {date} el presupuesto del cambio"),
        ("en", "refused the priced change order on {date}"),
    ],
)
def test_the_evidence_names_the_refusal_and_the_rule(language, words):
    from despedida.core.assessment.phrases import words_for

    result = assess(scope_client((12,), (40, 30)), language=language)
    date = words_for(language).date(ago(12))
    assert words.format(date=date) in result.signal("scope_creep").evidence


@pytest.mark.parametrize("accepted_after", [5, 30])
def test_a_priced_change_accepted_after_the_refusal_means_the_rung_was_not_spent(accepted_after):
    result = assess(scope_client((60,), (70, 65), priced=(accepted_after,)))
    signal = result.signal("scope_creep")
    assert not signal.spent
    assert result.recommendation != Recommendation.EXIT


def test_without_a_refusal_unpriced_changes_still_climb_the_ladder():
    result = assess(scope_client((), (60, 30)))
    signal = result.signal("scope_creep")
    assert not signal.spent and signal.remedies[0] == "talk"
    assert result.recommendation in (Recommendation.KEEP, Recommendation.PROTECT, Recommendation.REPAIR)


@pytest.mark.parametrize("refused_days_ago", [3, 100])
def test_a_refused_deposit_is_not_asked_again(refused_days_ago):
    result = assess(client(events=[event(EventType.DEPOSIT_REFUSED, refused_days_ago)], invoices=on_time_invoices(4)))
    assert "propose_terms" not in result.signal("deposit_refused").remedies
    assert "invoice_in_advance" in [a.action for a in result.next_actions]


def test_a_refused_deposit_with_invoicing_already_in_advance_leaves_no_rung_and_plans_an_exit():
    one = client(
        events=[
            event(EventType.TERMS_CHANGED, 200, clause=Clause.INVOICE_IN_ADVANCE),
            event(EventType.DEPOSIT_REFUSED, 20),
        ],
        invoices=on_time_invoices(4),
    )
    result = assess(one, language="en")
    signal = result.signal("deposit_refused")
    assert signal.spent and signal.remedies == ()
    assert "no rungs are left" in signal.evidence
    assert result.recommendation == Recommendation.EXIT
    assert result.exit.earliest_on > AS_OF + dt.timedelta(days=0)
