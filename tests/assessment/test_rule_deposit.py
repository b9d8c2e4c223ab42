"""Rule: "A prospect has refused a deposit only when it says so (or work
started without the deposit that was asked). A deposit asked of a prospect
who has not signed yet is a question still open." (domain.md)
"""

import dataclasses

import pytest

from despedida.core.assessment.results import Recommendation
from despedida.core.portfolio.model import Contract, EventType, ProjectStatus
from tests.assessment.builders import ago, assess, event, milestone, project, prospect

PLANNED = ("no project", "proposed, planned start passed", "proposed, planned start ahead")
STARTED = ("active since 20 days", "paused since 30 days")


def projects(kind: str):
    if kind == "no project":
        return []
    if kind == "proposed, planned start passed":
        return [
            dataclasses.replace(project([milestone("Web", due=-60)], status=ProjectStatus.PROPOSED), started_on=ago(10))
        ]
    if kind == "proposed, planned start ahead":
        return [
            dataclasses.replace(
                project([milestone("Web", due=-90)], status=ProjectStatus.PROPOSED), started_on=ago(-20)
            )
        ]
    if kind == "active since 20 days":
        return [dataclasses.replace(project([milestone("Web", due=-40)]), started_on=ago(20))]
    return [dataclasses.replace(project([milestone("Web", due=-40)], status=ProjectStatus.PAUSED), started_on=ago(30))]


@pytest.mark.parametrize("work", PLANNED)
@pytest.mark.parametrize("asked_days_ago", [None, 3, 40, 300])
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_deposit_asked_of_an_unsigned_prospect_is_an_open_question(work, asked_days_ago, language):
    contract = Contract(scope_defined=True, deposit_requested=True)
    one = prospect(contract=contract, projects=projects(work))
    result = assess(one, language=language)
    assert result.signal("deposit_refused") is None
    assert result.recommendation == Recommendation.KEEP
    assert any(("pregunta abierta" if language == "es" else "open question") in note for note in result.notes)


@pytest.mark.parametrize("work", PLANNED)
@pytest.mark.parametrize("how", ["event", "flag"])
def test_a_prospect_that_says_no_has_refused_and_is_declined(work, how):
    if how == "event":
        one = prospect(
            contract=Contract(deposit_requested=True),
            projects=projects(work),
            events=[event(EventType.DEPOSIT_REFUSED, 4)],
        )
    else:
        one = prospect(contract=Contract(deposit_requested=True, deposit_refused=True), projects=projects(work))
    result = assess(one)
    assert result.signal("deposit_refused").severity == "high"
    assert result.recommendation == Recommendation.DECLINE
    assert not any("pregunta abierta" in note for note in result.notes)


@pytest.mark.parametrize("work", STARTED)
@pytest.mark.parametrize("signed", [False, True])
@pytest.mark.parametrize("language, words", [("es", "sin el anticipo"), ("en", "without the deposit")])
def test_work_started_without_the_deposit_asked_is_a_refusal(work, signed, language, words):
    contract = Contract(signed_on=ago(25) if signed else None, scope_defined=True, deposit_requested=True)
    result = assess(prospect(contract=contract, projects=projects(work)), language=language)
    signal = result.signal("deposit_refused")
    assert signal.severity == "high" and words in signal.evidence
    assert result.recommendation == Recommendation.DECLINE


@pytest.mark.parametrize("work", PLANNED + STARTED)
def test_a_paid_deposit_is_no_question_at_all(work):
    contract = Contract(scope_defined=True, deposit_requested=True, deposit_paid_on=ago(2))
    result = assess(prospect(contract=contract, projects=projects(work)))
    assert result.signal("deposit_refused") is None
    assert not any("anticipo" in note.lower() for note in result.notes)


def test_a_deposit_paid_after_the_day_assessed_was_still_unpaid_then():
    contract = Contract(scope_defined=True, deposit_requested=True, deposit_paid_on=ago(-5))
    result = assess(prospect(contract=contract, projects=projects("active since 20 days")))
    assert result.signal("deposit_refused").severity == "high"


@pytest.mark.parametrize("days_since_signing, expected", [(10, None), (20, "medium")])
def test_a_signed_prospect_not_paying_yet_is_a_concern_not_a_refusal(days_since_signing, expected):
    contract = Contract(signed_on=ago(days_since_signing), scope_defined=True, deposit_requested=True)
    result = assess(prospect(contract=contract))
    signal = result.signal("deposit_refused")
    assert (signal.severity if signal else None) == expected
    assert result.recommendation == Recommendation.KEEP
