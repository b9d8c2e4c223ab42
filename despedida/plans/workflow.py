"""Exit plans in the store: from the engine's suggestion to dated, tracked steps.

`suggest()` asks planning.plan_exit; `create_plan()` stores the dates the
user chose (validated by forms.PlanForm) with one PlanStep per dated step
and per post-exit checklist item. Steps that the app can see happen (a
letter drafted or sent, a reaction recorded, lessons written) tick
themselves; the rest the user ticks.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from despedida.accounts import clock
from despedida.audit.models import Action
from despedida.audit.recorder import Draft, record
from despedida.clients.models import Client, Direction, Stage
from despedida.clients.paper_trail import record_message
from despedida.clients.record import portfolio_for
from despedida.core.plans import planning
from despedida.core.plans.final_invoice import plan_final_invoice
from despedida.lessons.models import LessonsLearned
from despedida.plans.models import ExitPlan, PlanStatus, PlanStep, ReactionRecorded, StepKind


def suggest(client: Client, as_of: dt.date, notice_on: dt.date | None = None) -> planning.ExitPlan:
    """The engine's plan; raises planning.PlanInputError for dates it can't plan from."""
    portfolio, record = portfolio_for(client, as_of)
    return planning.plan_exit(portfolio.business, record, as_of, notice_on)


def active_plan(client: Client) -> ExitPlan | None:
    return ExitPlan.objects.filter(client=client, status=PlanStatus.ACTIVE).first()


@transaction.atomic
def create_plan(
    client: Client,
    *,
    as_of: dt.date,
    notice_on: dt.date,
    last_work_on: dt.date,
    handover_until: dt.date,
    last_work_reason: str = "",
    user=None,
) -> ExitPlan:
    """Store a plan with the user's dates; the steps follow those dates, not the suggestion's."""
    portfolio, record = portfolio_for(client, as_of)
    suggestion = planning.plan_exit(portfolio.business, record, as_of, notice_on)
    billing = plan_final_invoice(portfolio.business, record, as_of, last_work_on)
    final_invoice = billing.final_invoice
    plan = ExitPlan.objects.create(
        workspace=client.workspace,
        client=client,
        as_of=as_of,
        notice_on=notice_on,
        last_work_on=last_work_on,
        handover_until=handover_until,
        suggested_last_work_on=suggestion.last_work_on,
        suggested_why=suggestion.decided_by.why(suggestion.language)[:300],
        last_work_reason=last_work_reason.strip() if last_work_on < suggestion.last_work_on else "",
        final_invoice=final_invoice.to_json() if final_invoice else None,
        suggestion=suggestion.to_json(),
        created_by=user,
    )
    steps = planning.plan_steps(as_of, notice_on, last_work_on, handover_until, final_invoice, review=True)
    rows = [
        PlanStep(
            workspace=client.workspace,
            plan=plan,
            kind=str(step.action),
            on=step.on,
            optional=step.optional,
            position=position,
        )
        for position, step in enumerate(steps)
        if step.action != planning.StepAction.CHECKLIST  # its items become steps of their own
    ]
    rows += [
        PlanStep(workspace=client.workspace, plan=plan, kind=str(item), on=handover_until, position=100 + position)
        for position, item in enumerate(suggestion.checklist)
    ]
    PlanStep.objects.bulk_create(rows)
    return plan


def mark_step(plan: ExitPlan, kind: str, *, user=None, now: dt.datetime | None = None) -> bool:
    """Tick a step the app saw happen; False if the plan has no such step or it was already done."""
    changed = PlanStep.objects.filter(plan=plan, kind=kind, done_at__isnull=True).update(
        done_at=now or clock.now(), done_by=user
    )
    return bool(changed)


def toggle_step(step: PlanStep, *, user=None, now: dt.datetime | None = None) -> PlanStep:
    if step.done_at is None:
        step.done_at, step.done_by = now or clock.now(), user
    else:
        step.done_at, step.done_by = None, None
    step.save(update_fields=["done_at", "done_by"])
    return step


@transaction.atomic
def record_reaction(
    plan: ExitPlan, *, kind: str, at: dt.datetime, note: str = "", their_message: str = "", user=None
) -> ReactionRecorded:
    """How the client took it; their words, if pasted, join the record as a message received."""
    reaction = ReactionRecorded.objects.create(
        workspace=plan.workspace, plan=plan, kind=kind, at=at, note=note.strip(), recorded_by=user
    )
    if their_message.strip():
        record_message(plan.client, direction=Direction.IN, at=at, subject=None, body=their_message.strip())
    mark_step(plan, StepKind.FOLLOW_UP, user=user)
    return reaction


@transaction.atomic
def close_plan(plan: ExitPlan, *, lessons: dict, user=None, now: dt.datetime | None = None) -> LessonsLearned:
    """Close the plan with its retrospective; the client becomes a former client."""
    now = now or clock.now()
    learned, _ = LessonsLearned.objects.update_or_create(
        plan=plan, defaults={**lessons, "workspace": plan.workspace, "created_by": user}
    )
    plan.status, plan.closed_at = PlanStatus.CLOSED, now
    plan.save(update_fields=["status", "closed_at"])
    mark_step(plan, StepKind.LESSONS_LEARNED, user=user, now=now)
    before = Client.objects.filter(pk=plan.client_id).values_list("stage", flat=True).first()
    if Client.objects.filter(pk=plan.client_id).update(stage=Stage.FORMER) and before != Stage.FORMER:
        # A queryset update sends no signal: the audit log is told here.
        record(
            Draft(
                plan.workspace_id,
                Action.EDITED,
                "client",
                plan.client_id,
                plan.client_id,
                {"stage": [before, Stage.FORMER.value]},
            )
        )
    return learned


def cancel_plan(plan: ExitPlan, *, now: dt.datetime | None = None) -> None:
    plan.status, plan.closed_at = PlanStatus.CANCELLED, now or clock.now()
    plan.save(update_fields=["status", "closed_at"])
