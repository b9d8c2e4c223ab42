"""Exit plans: the wizard's dates, the stored steps, reactions, closing and lessons."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from despedida.clients.models import Direction, Message, Stage
from despedida.lessons.models import LessonsLearned
from despedida.letters.models import LetterDraft, LetterKind
from despedida.plans import workflow
from despedida.plans.models import ExitPlan, PlanStatus, PlanStep, ReactionRecorded, StepKind
from tests.workflow_fixtures import TODAY, days

pytestmark = pytest.mark.django_db


def plan_form(notice_on, last_work_on, handover_until, reason=""):
    return {
        "notice_on": notice_on.isoformat(),
        "last_work_on": last_work_on.isoformat(),
        "handover_until": handover_until.isoformat(),
        "last_work_reason": reason,
    }


def test_the_wizard_suggests_dates_after_the_current_milestone(as_alice, acme):
    response = as_alice.get(reverse("plans:plan_new", args=[acme.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["notice_on"] == TODAY + days(1)
    assert form.initial["last_work_on"] == dt.date(2026, 12, 15)
    assert "Desarrollo" in response.context["why"]


def test_it_saves_a_plan_with_dated_steps_and_the_post_exit_checklist(as_alice, acme, alice):
    response = as_alice.post(
        reverse("plans:plan_new", args=[acme.pk]),
        plan_form(TODAY + days(2), dt.date(2026, 12, 20), dt.date(2027, 1, 5)),
    )
    plan = ExitPlan.objects.get(client=acme)
    assert response.status_code == 302 and response.url == reverse("plans:plan", args=[plan.pk])
    assert (plan.notice_on, plan.last_work_on, plan.handover_until) == (
        TODAY + days(2),
        dt.date(2026, 12, 20),
        dt.date(2027, 1, 5),
    )
    assert plan.created_by == alice and plan.status == PlanStatus.ACTIVE
    steps = {step.kind: step for step in plan.steps.all()}
    assert steps[StepKind.DRAFT_LETTER].on == TODAY
    assert steps[StepKind.SEND_LETTER].on == TODAY + days(2)
    assert steps[StepKind.REVIEW].on == TODAY + days(1) and steps[StepKind.REVIEW].optional
    assert steps[StepKind.LAST_WORK].on == dt.date(2026, 12, 20)
    assert steps[StepKind.FINAL_INVOICE].on == dt.date(2026, 12, 20)
    assert steps[StepKind.HANDOVER_END].on == dt.date(2027, 1, 5)
    for item in ("revoke_access", "archive_files", "no_public_criticism", "lessons_learned"):
        assert steps[item].on == dt.date(2027, 1, 5) and steps[item].done_at is None
    assert plan.final_invoice["currency"] == "EUR"


def test_plan_dates_are_never_in_the_past(as_alice, acme):
    response = as_alice.post(
        reverse("plans:plan_new", args=[acme.pk]), plan_form(TODAY - days(1), TODAY - days(1), TODAY - days(1))
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"notice_on", "last_work_on", "handover_until"} <= set(errors)
    assert "pasado" in str(errors["notice_on"]) or "past" in str(errors["notice_on"])
    assert not ExitPlan.objects.exists()


def test_the_letter_cannot_be_planned_for_today_because_of_the_cool_off(as_alice, acme):
    response = as_alice.post(
        reverse("plans:plan_new", args=[acme.pk]), plan_form(TODAY, dt.date(2026, 12, 15), dt.date(2026, 12, 29))
    )
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["notice_on"][0].code == "cool_off"


def test_plan_dates_never_end_the_work_mid_job_without_a_reason(as_alice, acme):
    """GIVEN a milestone due 2026-12-15 WHEN the last day is set before it THEN the form refuses it."""
    response = as_alice.post(
        reverse("plans:plan_new", args=[acme.pk]),
        plan_form(TODAY + days(1), dt.date(2026, 12, 5), dt.date(2026, 12, 20)),
    )
    assert response.status_code == 400
    error = response.context["form"].errors.as_data()["last_work_on"][0]
    assert error.code == "mid_job" and "15 de diciembre de 2026" in str(error.message % error.params)
    assert not ExitPlan.objects.exists()
    # The page shows the error next to the field.
    assert "15 de diciembre de 2026" in response.content.decode()


def test_an_earlier_last_day_is_accepted_with_the_reason_recorded(as_alice, acme):
    as_alice.post(
        reverse("plans:plan_new", args=[acme.pk]),
        plan_form(
            TODAY + days(1),
            dt.date(2026, 12, 5),
            dt.date(2026, 12, 20),
            reason="El cliente prefiere cerrar antes; lo acordamos por teléfono.",
        ),
    )
    plan = ExitPlan.objects.get(client=acme)
    assert plan.last_work_on == dt.date(2026, 12, 5)
    assert plan.suggested_last_work_on == dt.date(2026, 12, 15)
    assert "acordamos" in plan.last_work_reason


def test_the_work_never_ends_before_the_client_is_told(as_alice, acme):
    response = as_alice.post(
        reverse("plans:plan_new", args=[acme.pk]),
        plan_form(TODAY + days(5), TODAY + days(2), TODAY + days(10), reason="x"),
    )
    assert response.context["form"].errors.as_data()["last_work_on"][0].code == "before_notice"


def test_the_handover_never_ends_before_the_last_day_of_work(as_alice, acme):
    response = as_alice.post(
        reverse("plans:plan_new", args=[acme.pk]),
        plan_form(TODAY + days(1), dt.date(2026, 12, 15), dt.date(2026, 12, 10)),
    )
    assert response.context["form"].errors.as_data()["handover_until"][0].code == "before_last_work"


def make_plan(acme, user=None) -> ExitPlan:
    return workflow.create_plan(
        acme,
        as_of=TODAY,
        notice_on=TODAY + days(1),
        last_work_on=dt.date(2026, 12, 15),
        handover_until=dt.date(2026, 12, 29),
        user=user,
    )


def test_a_client_with_a_plan_in_progress_is_sent_to_it(as_alice, acme):
    plan = make_plan(acme)
    response = as_alice.get(reverse("plans:plan_new", args=[acme.pk]))
    assert response.status_code == 302 and response.url == reverse("plans:plan", args=[plan.pk])


def test_a_step_can_be_ticked_and_unticked(as_alice, acme, alice):
    plan = make_plan(acme)
    step = plan.steps.get(kind="revoke_access")
    as_alice.post(reverse("plans:plan_step_toggle", args=[plan.pk, step.pk]))
    step.refresh_from_db()
    assert step.done_at is not None and step.done_by == alice
    as_alice.post(reverse("plans:plan_step_toggle", args=[plan.pk, step.pk]))
    step.refresh_from_db()
    assert step.done_at is None


def test_drafting_the_letter_ticks_the_draft_step(as_alice, acme):
    plan = make_plan(acme)
    response = as_alice.post(reverse("plans:plan_letter", args=[plan.pk]))
    draft = LetterDraft.objects.get(plan=plan)
    assert response.url == reverse("letters:edit", args=[draft.pk])
    assert draft.kind == LetterKind.TERMINATION and draft.language == "es"
    assert plan.steps.get(kind=StepKind.DRAFT_LETTER).done_at is not None
    # The letter states the plan's own dates.
    assert "15" in draft.body and "diciembre" in draft.body.lower()


def test_after_sending_the_plan_offers_the_three_replies_and_records_the_reaction(as_alice, acme, clock):
    from despedida.letters import sending

    plan = make_plan(acme)
    draft = LetterDraft.objects.get(pk=as_alice.post(reverse("plans:plan_letter", args=[plan.pk])).url.split("/")[-2])
    clock.shift(days(1) + dt.timedelta(minutes=1))
    sending.mark_sent_by_hand(draft)
    page = as_alice.get(reverse("plans:plan", args=[plan.pk]))
    for reply in ("reply_plead", "reply_anger", "reply_relief"):
        assert reverse("plans:plan_reply", args=[plan.pk, reply]).encode() in page.content

    response = as_alice.post(reverse("plans:plan_reply", args=[plan.pk, "reply_plead"]))
    reply = LetterDraft.objects.get(plan=plan, kind="reply_plead")
    assert response.url == reverse("letters:edit", args=[reply.pk])

    as_alice.post(
        reverse("plans:plan_reaction", args=[plan.pk]),
        {
            "kind": "plead",
            "at": "2026-11-23T08:30",
            "note": "Pide otra oportunidad",
            "their_message": "Por favor, démonos otra oportunidad.",
        },
    )
    reaction = ReactionRecorded.objects.get(plan=plan)
    assert reaction.kind == "plead" and reaction.note == "Pide otra oportunidad"
    assert Message.objects.filter(client=acme, direction=Direction.IN, body__contains="otra oportunidad").exists()
    assert plan.steps.get(kind=StepKind.FOLLOW_UP).done_at is not None


def test_the_reaction_form_shows_field_errors(as_alice, acme):
    plan = make_plan(acme)
    response = as_alice.post(reverse("plans:plan_reaction", args=[plan.pk]), {"kind": "", "at": "yesterday"})
    assert response.status_code == 400
    assert {"kind", "at"} <= set(response.context["reaction_form"].errors)
    assert not ReactionRecorded.objects.exists()


def test_closing_a_plan_asks_for_lessons_and_proposes_clauses(as_alice, acme):
    plan = make_plan(acme)
    assert as_alice.get(reverse("plans:plan_close", args=[plan.pk])).status_code == 200
    response = as_alice.post(
        reverse("plans:plan_close", args=[plan.pk]),
        {
            "signals": ["late_payment", "scope_creep"],
            "what_happened": "Pagaba tarde y cambiaba el alcance.",
            "next_time": "Anticipo y recargo por mora.",
            "future_prospect": "once_paid",
        },
    )
    assert response.url == reverse("lessons:lessons", args=[plan.pk])
    plan.refresh_from_db()
    acme.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED and plan.closed_at is not None
    assert acme.stage == Stage.FORMER
    assert LessonsLearned.objects.get(plan=plan).signals == ["late_payment", "scope_creep"]
    assert plan.steps.get(kind=StepKind.LESSONS_LEARNED).done_at is not None
    page = as_alice.get(reverse("lessons:lessons", args=[plan.pk]))
    assert page.status_code == 200
    titles = [title for _clause, title, _text in page.context["clauses"]]
    assert titles, "late payment and scope creep have clauses to propose"
    # In the user's language: Spanish by default, English when asked.
    english = as_alice.get(reverse("lessons:lessons", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert english.context["language"] == "en"
    assert [title for _c, title, _t in english.context["clauses"]] != titles


def test_the_lessons_form_shows_field_errors(as_alice, acme):
    plan = make_plan(acme)
    response = as_alice.post(
        reverse("plans:plan_close", args=[plan.pk]), {"signals": ["not_a_sign"], "future_prospect": "maybe"}
    )
    assert response.status_code == 400
    assert {"signals", "future_prospect"} <= set(response.context["form"].errors)
    plan.refresh_from_db()
    assert plan.is_active


def test_the_contract_checklist_shows_which_protections_are_in_use(as_alice, acme):
    response = as_alice.get(reverse("lessons:contract_checklist"))
    assert response.status_code == 200
    rows = {row["use"].protection.id: row["use"] for row in response.context["rows"]}
    assert rows["deposit"].in_use and rows["deposit"].clients_with_it == 1
    assert not rows["late_fee"].in_use


def test_only_the_owner_can_cancel_a_plan(as_bob, as_alice, acme):
    plan = make_plan(acme)
    assert as_bob.post(reverse("plans:plan_cancel", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.is_active
    as_alice.post(reverse("plans:plan_cancel", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CANCELLED


def test_a_member_can_follow_a_plan(as_bob, acme):
    plan = make_plan(acme)
    assert as_bob.get(reverse("plans:plan", args=[plan.pk])).status_code == 200
    step = plan.steps.get(kind="archive_files")
    as_bob.post(reverse("plans:plan_step_toggle", args=[plan.pk, step.pk]))
    assert PlanStep.objects.get(pk=step.pk).done_at is not None


def test_the_plan_words_the_letter_by_its_state_never_sent_in_the_future(as_alice, acme, clock):
    """
    GIVEN a plan whose letter goes out tomorrow
    WHEN it is read before, after the date passes unsent, and once sent
    THEN it says "to send on", then "overdue", then "sent on" with the real date
    """
    from despedida.letters import sending

    plan = make_plan(acme)
    url = reverse("plans:plan", args=[plan.pk])
    before = as_alice.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Letter to send on" in before and "Letter sent on" not in before
    clock.shift(days(10))
    late = as_alice.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Letter to send" in late and 'class="badge late">overdue' in late
    draft = LetterDraft.objects.get(pk=as_alice.post(reverse("plans:plan_letter", args=[plan.pk])).url.split("/")[-2])
    clock.shift(days(1) + dt.timedelta(minutes=1))
    sending.mark_sent_by_hand(draft)
    sent = as_alice.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Letter sent on" in sent and "done on" in sent


def test_the_plan_and_its_letter_give_one_deadline_for_the_overdue_money(as_alice, acme):
    """The overdue invoice of the fixture is asked for by the same day on the plan and in the letter."""
    from django.utils import formats, translation

    from despedida.core.letters.context import overdue_pay_by

    plan = make_plan(acme)
    expected = overdue_pay_by(plan.notice_on)
    page = as_alice.get(reverse("plans:plan", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    with translation.override("es"):
        shown = formats.date_format(expected, "DATE_FORMAT")
    assert f"lo vencido se pide para el {shown}" in page
    draft = LetterDraft.objects.get(pk=as_alice.post(reverse("plans:plan_letter", args=[plan.pk])).url.split("/")[-2])
    day = f"{expected.day} de"
    assert "vencido antes del" in draft.body and day in draft.body.split("vencido antes del", 1)[1][:30]
