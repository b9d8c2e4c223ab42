from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from despedida.core.plans.checklist import ChecklistItem
from despedida.core.plans.planning import (
    ConstraintKind,
    PlanInputError,
    StepAction,
    UnknownClientError,
    plan_exit,
    plan_exit_for,
)
from despedida.core.portfolio.model import (
    Client,
    Contract,
    Direction,
    Event,
    EventType,
    Message,
    Milestone,
    Project,
    ProjectStatus,
)
from tests.plans.personas import AS_OF, acme, business, d, nadie, portfolio, prospecto


def codes(plan) -> list[str]:
    return [note.code for note in plan.notes]


def test_it_sends_the_letter_the_day_after_the_draft_by_default():
    plan = plan_exit(business(), acme(), AS_OF)

    assert plan.notice_on == d("2026-11-23")
    assert plan.step(StepAction.DRAFT_LETTER).on == AS_OF
    assert plan.step(StepAction.SEND_LETTER).on == d("2026-11-23")


def test_it_ends_work_after_the_notice_period_when_that_is_later_than_the_milestone():
    plan = plan_exit(business(), acme(notice_days=30), AS_OF)

    assert plan.last_work_on == d("2026-12-23")  # 2026-11-23 + 30 days, after «Desarrollo» (12-15)
    assert plan.decided_by.kind == ConstraintKind.NOTICE_PERIOD


def test_it_ends_work_after_the_current_milestone_when_that_is_later_than_the_notice():
    plan = plan_exit(business(), acme(notice_days=7), AS_OF)

    assert plan.last_work_on == d("2026-12-15")
    assert plan.decided_by.kind == ConstraintKind.MILESTONE
    assert plan.decided_by.milestone == "Desarrollo"
    assert plan.to_json()["why"] == "tras el hito «Desarrollo» (Tienda online)"


def test_it_gives_a_buffer_to_finish_an_overdue_milestone():
    client = acme(notice_days=None)
    client.projects[0].milestones[1].due_on = d("2026-11-01")

    plan = plan_exit(business(), client, AS_OF, buffer_days=10)

    assert plan.last_work_on == AS_OF + dt.timedelta(days=10)
    assert plan.decided_by.kind == ConstraintKind.OVERDUE_MILESTONE
    assert "milestone_overdue" in codes(plan)


def test_it_gives_a_buffer_to_finish_an_undated_milestone():
    client = acme(notice_days=None)
    client.projects[0].milestones[1].due_on = None

    plan = plan_exit(business(), client, AS_OF)

    assert plan.last_work_on == AS_OF + dt.timedelta(days=14)
    assert "milestone_undated" in codes(plan)


def test_it_gives_a_buffer_to_an_active_project_without_milestones():
    client = nadie()
    client.projects = [Project("retainer", "Mantenimiento", status=ProjectStatus.ACTIVE)]

    plan = plan_exit(business(), client, AS_OF)

    assert plan.decided_by.kind == ConstraintKind.OPEN_ENDED
    assert plan.last_work_on == AS_OF + dt.timedelta(days=14)


def test_it_waits_for_the_latest_current_milestone_across_active_projects():
    client = acme(notice_days=None)
    client.projects.append(Project("app", "App", milestones=[Milestone("Beta", due_on=d("2027-01-20"))]))
    client.projects.append(  # paused work is not in hand
        Project("old", "Antiguo", status=ProjectStatus.PAUSED, milestones=[Milestone("X", due_on=d("2027-06-01"))])
    )

    plan = plan_exit(business(), client, AS_OF)

    assert plan.last_work_on == d("2027-01-20")


def test_it_never_ends_work_before_the_letter_is_sent():
    client = acme(notice_days=None)
    client.projects[0].milestones[1].due_on = AS_OF  # due today: not overdue

    plan = plan_exit(business(), client, AS_OF)

    assert plan.last_work_on == plan.notice_on


def test_it_opens_the_handover_window_after_the_last_day_of_work():
    plan = plan_exit(business(), acme(), AS_OF, handover_days=21)

    assert plan.handover_until == plan.last_work_on + dt.timedelta(days=21)
    assert plan.step(StepAction.HANDOVER_START).on == plan.last_work_on
    assert plan.step(StepAction.HANDOVER_END).on == plan.handover_until


def test_it_lists_the_steps_in_date_order_with_the_review_before_sending():
    plan = plan_exit(business(), acme(), AS_OF, notice_on=d("2026-11-30"))

    actions = [step.action for step in plan.steps]
    assert actions == [
        StepAction.DRAFT_LETTER,
        StepAction.REVIEW,
        StepAction.SEND_LETTER,
        StepAction.FOLLOW_UP,
        StepAction.HANDOVER_START,
        StepAction.LAST_WORK,
        StepAction.FINAL_INVOICE,
        StepAction.HANDOVER_END,
        StepAction.CHECKLIST,
    ]
    assert [s.on for s in plan.steps] == sorted(s.on for s in plan.steps)
    review = plan.step(StepAction.REVIEW)
    assert review.optional and review.on == d("2026-11-29")


def test_it_leaves_out_the_review_step_when_asked():
    plan = plan_exit(business(), acme(), AS_OF, review=False)

    assert plan.step(StepAction.REVIEW) is None


def test_it_refuses_a_notice_date_in_the_past():
    with pytest.raises(PlanInputError, match="in the past"):
        plan_exit(business(), acme(), AS_OF, notice_on=d("2026-11-01"))


def test_it_refuses_to_send_the_letter_the_day_it_is_drafted():
    with pytest.raises(PlanInputError, match="cool-off"):
        plan_exit(business(), acme(), AS_OF, notice_on=AS_OF)


def test_plan_input_errors_are_value_errors():
    assert issubclass(PlanInputError, ValueError)
    assert issubclass(UnknownClientError, PlanInputError)


def test_it_plans_a_client_with_nothing_on_record_and_says_what_it_left_out():
    plan = plan_exit(business(), nadie(), AS_OF)

    assert plan.last_work_on == plan.notice_on
    assert plan.final_invoice is None
    assert plan.step(StepAction.FINAL_INVOICE) is None
    assert {"no_projects", "no_invoices", "no_contract", "nothing_owed"} <= set(codes(plan))
    assert plan.checklist == (
        ChecklistItem.ARCHIVE_FILES,
        ChecklistItem.FUTURE_PROSPECT_DECISION,
        ChecklistItem.NO_PUBLIC_CRITICISM,
        ChecklistItem.LESSONS_LEARNED,
    )


def test_it_adds_credit_and_access_items_to_the_checklist_when_there_was_work():
    plan = plan_exit(business(), acme(), AS_OF)

    assert plan.checklist == tuple(ChecklistItem)


def test_it_notes_that_a_prospect_may_be_better_declined():
    plan = plan_exit(business(), prospecto(), AS_OF)

    assert "stage_prospect" in codes(plan)


def test_it_writes_notes_in_the_business_language():
    plan = plan_exit(business(language="en"), nadie(), AS_OF)

    messages = [note["message"] for note in plan.to_json()["notes"]]
    assert "No projects on record: there is no work in hand; the last day follows the notice." in messages


def test_it_plans_from_a_portfolio_using_the_file_date():
    plan = plan_exit_for(portfolio(acme()), "acme")

    assert plan.as_of == AS_OF


def test_it_refuses_an_unknown_client():
    with pytest.raises(UnknownClientError, match="nope"):
        plan_exit_for(portfolio(acme()), "nope")


def test_it_refuses_a_portfolio_without_a_date_when_none_is_given():
    with pytest.raises(PlanInputError, match="as_of"):
        plan_exit_for(portfolio(acme(), as_of=None), "acme")


def test_plans_are_frozen():
    plan = plan_exit(business(), acme(), AS_OF)

    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.last_work_on = AS_OF  # type: ignore[misc]


def test_its_json_has_the_contract_shape():
    """GIVEN acme mid-job with a 30-day notice
    WHEN the plan is turned into JSON
    THEN it has every key of cli.md's despedida.plan/1 example, with ISO dates and decimal strings."""
    document = json.loads(json.dumps(plan_exit(business(), acme(), AS_OF).to_json()))

    assert document["format"] == "despedida.plan/1"
    assert {
        "client",
        "as_of",
        "notice_on",
        "last_work_on",
        "handover_until",
        "final_invoice",
        "steps",
        "checklist",
    } <= set(document)
    assert document["client"] == "acme"
    assert document["as_of"] == "2026-11-22"
    assert document["notice_on"] == "2026-11-23"
    assert document["last_work_on"] == "2026-12-23"
    assert document["handover_until"] == "2027-01-06"
    assert document["final_invoice"]["amount"] == "1600.00"
    assert document["final_invoice"]["currency"] == "EUR"
    assert document["final_invoice"]["due_on"] == "2027-01-22"
    assert document["steps"][0] == {"on": "2026-11-22", "action": "draft_letter", "optional": False}
    assert all(set(step) >= {"on", "action"} for step in document["steps"])
    assert document["checklist"][0] == "remove_logo"


def test_its_json_gives_null_when_nothing_is_owed():
    client = acme()
    client.projects[0].milestones[0].delivered_on = None
    client.invoices = []

    assert plan_exit(business(), client, AS_OF).to_json()["final_invoice"] is None


def test_a_contract_without_notice_days_adds_no_notice_period():
    client = acme()
    client.contract = Contract(signed_on=d("2026-01-01"))

    plan = plan_exit(business(), client, AS_OF)

    assert ConstraintKind.NOTICE_PERIOD not in {c.kind for c in plan.constraints}
    assert "no_contract" not in codes(plan)


def silent_acme(*, ultimatum_deadline: str | None = None) -> Client:
    """acme, with a delivery awaiting a reply since 2026-10-20 and a check-in on 2026-10-28."""
    client = acme()
    client.messages = [
        Message(dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC), Direction.OUT, "Entrega", needs_reply=True),
        Message(dt.datetime(2026, 10, 28, 10, tzinfo=dt.UTC), Direction.OUT, "¿Todo bien?"),
    ]
    if ultimatum_deadline:
        client.events = [Event(d("2026-11-10"), EventType.ULTIMATUM_SENT, deadline=d(ultimatum_deadline))]
    return client


def test_it_asks_to_follow_the_silence_protocol_before_ending_with_a_silent_client():
    plan = plan_exit(business(), silent_acme(), AS_OF)

    assert plan.letter == "termination"
    assert plan.silence.awaiting_since == d("2026-10-20")
    assert "silence_protocol_first" in codes(plan)


def test_it_waits_for_the_ultimatum_deadline_before_sending_the_closing_letter():
    """GIVEN an ultimatum giving the client until 2026-11-30
    WHEN a plan is made on 2026-11-22
    THEN the closing letter goes out on 2026-12-01, not before."""
    plan = plan_exit(business(), silent_acme(ultimatum_deadline="2026-11-30"), AS_OF)

    assert plan.notice_on == d("2026-12-01")
    assert plan.letter == "closing"
    assert plan.to_json()["silence"] == {"step": "ultimatum_sent", "since": "2026-10-20", "deadline": "2026-11-30"}
    with pytest.raises(PlanInputError, match="deadline"):
        plan_exit(business(), silent_acme(ultimatum_deadline="2026-11-30"), AS_OF, notice_on=d("2026-11-25"))


def test_it_drafts_the_closing_letter_once_the_ultimatum_deadline_has_passed():
    plan = plan_exit(business(), silent_acme(ultimatum_deadline="2026-11-15"), AS_OF)

    assert plan.notice_on == d("2026-11-23")
    assert plan.letter == "closing"
    assert "silence_closed" in codes(plan)


def test_a_client_who_answers_is_not_silent():
    client = silent_acme()
    client.messages.append(Message(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), Direction.IN, "Re: Entrega"))

    plan = plan_exit(business(), client, AS_OF)

    assert plan.silence is None and plan.letter == "termination"
    assert plan.to_json()["silence"] is None
