"""The earliest exit date: never mid-job, never before the notice or the cool-off."""

from despedida.core.assessment.exit_date import earliest_exit
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import ProjectStatus
from tests.assessment.builders import AS_OF, ago, client, milestone, project, signed_contract

LIMITS = Thresholds()


def test_nothing_in_hand_and_no_notice_means_the_day_after_the_cool_off():
    result = earliest_exit(client(contract=None), AS_OF, LIMITS)
    assert (result.on, result.reason) == (ago(-1), "cool_off")


def test_the_current_milestone_due_later_sets_the_exit_date():
    work = project(
        [milestone("Diseño", due=60, delivered=60), milestone("Desarrollo", due=-45), milestone("Lanzamiento", due=-90)]
    )
    result = earliest_exit(client(projects=[work], contract=signed_contract(notice_days=15)), AS_OF, LIMITS)
    assert (result.on, result.reason, result.milestone) == (ago(-45), "milestone", "Desarrollo")


def test_a_longer_notice_period_wins_over_the_milestone():
    work = project([milestone("Desarrollo", due=-10)])
    result = earliest_exit(client(projects=[work], contract=signed_contract(notice_days=60)), AS_OF, LIMITS)
    assert (result.on, result.reason) == (ago(-61), "notice")


def test_a_milestone_already_late_gets_the_buffer_to_be_delivered():
    work = project([milestone("Desarrollo", due=20)])
    result = earliest_exit(client(projects=[work], contract=None), AS_OF, LIMITS)
    assert (result.on, result.reason) == (ago(-14), "milestone_late")


def test_paused_and_finished_projects_do_not_hold_the_exit():
    paused = project([milestone("Desarrollo", due=-100)], status=ProjectStatus.PAUSED)
    assert earliest_exit(client(projects=[paused], contract=None), AS_OF, LIMITS).reason == "cool_off"


def test_a_delivery_after_as_of_had_not_happened_yet():
    work = project([milestone("Desarrollo", due=-30, delivered=-5)])
    assert earliest_exit(client(projects=[work], contract=None), AS_OF, LIMITS).on == ago(-30)


def test_an_undated_milestone_or_open_ended_work_gets_the_buffer_too():
    undated = project([milestone("Desarrollo", due=None)])
    assert earliest_exit(client(projects=[undated], contract=None), AS_OF, LIMITS).reason == "milestone_undated"
    open_ended = project([])
    result = earliest_exit(client(projects=[open_ended], contract=None), AS_OF, LIMITS)
    assert (result.on, result.reason) == (ago(-14), "open_ended")


def test_the_exit_date_agrees_with_the_exit_plans_last_day_of_work():
    from despedida.core.plans.planning import plan_exit
    from tests.assessment.builders import business

    cases = [
        client(projects=[project([milestone("Desarrollo", due=-45)])], contract=signed_contract(notice_days=15)),
        client(projects=[project([milestone("Desarrollo", due=-10)])], contract=signed_contract(notice_days=60)),
        client(projects=[project([milestone("Desarrollo", due=20)])], contract=None),
        client(projects=[project([])], contract=None),
        client(contract=None),
    ]
    for one in cases:
        plan = plan_exit(business(), one, AS_OF)
        assert earliest_exit(one, AS_OF, LIMITS).on == plan.last_work_on
