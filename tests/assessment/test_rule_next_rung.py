"""Rule: "Every sign comes with its next rung" (domain.md, How the ladder reads the record).

A first, minor incident is not a reason to leave, but it is a reason to
act: the first rung of its ladder not yet tried is offered as a next
action, whatever the sign and however minor.
"""

import pytest
from hypothesis import given

from despedida.core.assessment.engine import assess_client
from despedida.core.assessment.ladder import LADDERS
from despedida.core.assessment.results import Recommendation
from despedida.core.portfolio.model import EventType, FeedbackQuality, IncidentSeverity, Stage
from tests.assessment import strategies as ours
from tests.assessment.builders import (
    AS_OF,
    assess,
    client,
    event,
    hours,
    invoice,
    milestone,
    on_time_invoices,
    project,
    signed_contract,
)
from tests.assessment.test_properties import PROPERTY_SETTINGS

KEPT = {Recommendation.KEEP, Recommendation.PROTECT, Recommendation.REPAIR}


def minor(code: str, when: int):
    """The least of each sign the record can show, `when` days ago (a client otherwise fine)."""
    fine = {"invoices": on_time_invoices(6), "time": [hours(40, "40")]}
    if code == "team_mistreatment":
        return client(events=[event(EventType.TEAM_MISTREATMENT, when, severity=IncidentSeverity.MINOR)], **fine)
    if code == "late_payment":
        late = [invoice(f"T{n}", due=when + 12 + 30 * n, paid=when + 30 * n) for n in range(2)]
        return client(invoices=on_time_invoices(6) + late, time=fine["time"])
    if code == "slow_feedback":
        events = [
            event(EventType.FEEDBACK, when + 20 * n, delay_days=14, quality=FeedbackQuality.CONSTRUCTIVE)
            for n in range(2)
        ]
        return client(events=events, **fine)
    if code == "poor_feedback":
        return client(
            events=[event(EventType.FEEDBACK, when + 20 * n, quality=FeedbackQuality.VAGUE) for n in range(2)], **fine
        )
    if code == "scope_creep":
        return client(events=[event(EventType.SCOPE_CHANGE, when + 20 * n) for n in range(2)], **fine)
    if code == "haggling":
        return client(events=[event(EventType.RATE_RENEGOTIATION, when + 20 * n) for n in range(2)], **fine)
    if code == "advice_rejected":
        return client(events=[event(EventType.ADVICE_REJECTED, when + 20 * n, core=True) for n in range(2)], **fine)
    if code == "no_contract":
        return client(contract=signed_contract(signed_on=None), projects=[project([milestone("Web", due=-30)])], **fine)
    if code == "low_profitability":
        return client(invoices=on_time_invoices(6, amount="600.00"), time=[hours(40, "100")])
    raise AssertionError(code)


SIGNS = (
    "team_mistreatment",
    "late_payment",
    "slow_feedback",
    "poor_feedback",
    "scope_creep",
    "haggling",
    "advice_rejected",
    "no_contract",
    "low_profitability",
)


@pytest.mark.parametrize("code", SIGNS)
@pytest.mark.parametrize("when", [5, 60, 200])
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_minor_sign_is_kept_and_gets_the_first_rung_of_its_ladder(code, when, language):
    result = assess(minor(code, when), language=language)
    signal = result.signal(code)
    assert signal is not None and signal.severity == "low"
    assert result.recommendation in KEPT
    first = LADDERS[code][0]
    assert signal.remedies[0] == first
    action = next(a for a in result.next_actions if a.action == first)
    assert action.due_on == AS_OF and action.why


def test_a_first_minor_team_incident_gets_a_conversation():
    result = assess(minor("team_mistreatment", 3), language="en")
    assert result.recommendation == Recommendation.KEEP
    talk = next(a for a in result.next_actions if a.action == "talk")
    assert "team" in talk.why


def test_after_the_talk_the_next_rung_is_offered_not_the_same_one_again():
    one = client(
        events=[
            event(EventType.TEAM_MISTREATMENT, 80, severity=IncidentSeverity.MINOR),
            event(EventType.CONVERSATION, 60, topic="trato al equipo"),
        ],
        invoices=on_time_invoices(4),
    )
    actions = [a.action for a in assess(one).next_actions]
    assert "reassign_team" in actions and "talk" not in actions


@PROPERTY_SETTINGS
@given(ours.clients(), ours.businesses())
def test_every_sign_of_a_kept_client_comes_with_its_next_rung(one, business):
    result = assess_client(one, business, AS_OF, portfolio_revenue_12m=None)
    if result.recommendation not in KEPT or one.stage == Stage.FORMER:
        return
    offered = {a.action for a in result.next_actions}
    for signal in result.signals:
        if signal.code in ("ghosting", "unpaid_overdue") or not signal.remedies:
            continue  # the silence protocol's step and collecting what is owed are worked out apart
        assert signal.remedies[0] in offered, (signal.code, signal.remedies, offered)
