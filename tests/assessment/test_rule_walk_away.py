"""Rule: "Walking away is now" (domain.md, How the ladder reads the record).

For work that cannot be done in conscience, new work stops at once and the
engagement ends within days, invoicing the work done; the contract's notice
period does not apply. `assess` (exit.earliest_on) and `plan` (last day of
work) agree, whatever the notice, the milestones or the kind of concern.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from despedida.core.assessment.engine import assess_client
from despedida.core.assessment.results import Recommendation
from despedida.core.plans.planning import ConstraintKind, plan_exit
from despedida.core.portfolio.model import EthicsKind, Event, EventType, Stage
from tests.assessment import strategies as ours
from tests.assessment.builders import AS_OF, ago, assess, business, client, event, milestone, project, signed_contract
from tests.assessment.test_properties import PROPERTY_SETTINGS

NOTICES = (None, 15, 30, 90)
WORK = {
    "milestone far ahead": lambda: [project([milestone("Lanzamiento", due=-120)])],
    "milestone late": lambda: [project([milestone("Diseño", due=20)])],
    "open-ended": lambda: [project([])],
    "no projects": lambda: [],
}


def ethical_client(notice, work, kind, concern_days_ago):
    return client(
        contract=signed_contract(notice_days=notice),
        projects=WORK[work](),
        events=[event(EventType.ETHICS_CONCERN, concern_days_ago, kind=kind)],
    )


@pytest.mark.parametrize("notice", NOTICES)
@pytest.mark.parametrize("work", list(WORK))
@pytest.mark.parametrize("kind", [EthicsKind.ILLEGAL, EthicsKind.UNCOMFORTABLE])
def test_walking_away_ends_within_a_week_whatever_the_notice_or_the_work(notice, work, kind):
    one = ethical_client(notice, work, kind, concern_days_ago=3)
    result = assess(one)
    assert result.recommendation == Recommendation.WALK_AWAY
    assert AS_OF < result.exit.earliest_on <= AS_OF + dt.timedelta(days=7)
    plan = plan_exit(business(), one, AS_OF)
    assert plan.last_work_on == result.exit.earliest_on
    assert plan.decided_by.kind == ConstraintKind.WALK_AWAY
    assert all(c.kind != ConstraintKind.NOTICE_PERIOD for c in plan.constraints)
    assert "walk_away" in [n.code for n in plan.notes]


@pytest.mark.parametrize("language, words", [("es", "preaviso"), ("en", "notice period")])
def test_the_reason_says_the_notice_period_does_not_apply(language, words):
    result = assess(ethical_client(30, "milestone far ahead", EthicsKind.UNCOMFORTABLE, 10), language=language)
    assert words in result.exit.why
    assert result.next_actions[0].action == "walk_away"
    assert result.next_actions[0].due_on == AS_OF


def test_the_walk_away_window_is_a_setting():
    result = assess(ethical_client(30, "open-ended", EthicsKind.ILLEGAL, 1), walk_away_days=5)
    assert result.exit.earliest_on == AS_OF + dt.timedelta(days=5)


def test_an_ordinary_exit_still_serves_the_notice_and_finishes_the_milestone():
    """The rule is for ethics only: a planned exit keeps the practice of never leaving mid-job."""
    one = client(
        contract=signed_contract(notice_days=30),
        projects=[project([milestone("Lanzamiento", due=-40)])],
        events=[event(EventType.TEAM_MISTREATMENT, d, severity="serious") for d in (60, 40, 10)]
        + [event(EventType.CONVERSATION, 50, topic="equipo"), event(EventType.TEAM_REASSIGNED, 30)],
    )
    plan = plan_exit(business(), one, AS_OF)
    assert plan.last_work_on == ago(-40)
    assert assess(one).exit.earliest_on == ago(-40)


@PROPERTY_SETTINGS
@given(
    ours.clients(),
    ours.businesses(),
    st.sampled_from([EthicsKind.ILLEGAL, EthicsKind.UNCOMFORTABLE]),
    st.integers(0, 700),
)
def test_any_active_client_with_an_ethics_concern_is_left_within_a_week(one, biz, kind, days_ago):
    one.stage = Stage.ACTIVE
    one.events.append(Event(on=AS_OF - dt.timedelta(days=days_ago), type=EventType.ETHICS_CONCERN, kind=kind))
    result = assess_client(one, biz, AS_OF)
    assert result.recommendation == Recommendation.WALK_AWAY
    assert AS_OF < result.exit.earliest_on <= AS_OF + dt.timedelta(days=7)
    assert plan_exit(biz, one, AS_OF).last_work_on == result.exit.earliest_on
