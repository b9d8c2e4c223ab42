"""Exit plan pages: the wizard, the plan and its steps, reactions, closing.

Every object is reached through the request's workspace (get_scoped_or_404):
another workspace's plan is a 404, never a 403.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from despedida.accounts import clock
from despedida.accounts.access import require_owner
from despedida.accounts.clock import today_for
from despedida.accounts.language import ui_language
from despedida.accounts.scoping import get_scoped_or_404
from despedida.assessment.labels import signal_labels
from despedida.clients.models import Client
from despedida.core.letters.context import overdue_pay_by
from despedida.core.plans.final_invoice import LineKind
from despedida.core.plans.planning import PlanInputError
from despedida.intake.models import IntakeDecision
from despedida.lessons.forms import LessonsForm
from despedida.lessons.models import LessonsLearned
from despedida.lessons.proposals import signals_on_record
from despedida.letters.drafts import LetterError, create_draft
from despedida.letters.models import DraftStatus, LetterDraft, LetterKind
from despedida.plans import workflow
from despedida.plans.forms import PlanForm, ReactionForm
from despedida.plans.models import REPLY_KIND, ExitPlan, PlanStatus, PlanStep, ReactionKind
from despedida.silence.models import SilenceProtocol


def client_workflows(request, client_pk: int):
    """Everything in motion for one client: plans, the silence protocol, letters, intake."""
    client = get_scoped_or_404(request, Client, pk=client_pk)
    return render(
        request,
        "plans/client.html",
        {
            "client": client,
            "plans": ExitPlan.objects.filter(client=client),
            "active_plan": workflow.active_plan(client),
            "protocols": SilenceProtocol.objects.filter(client=client),
            "letters": LetterDraft.objects.filter(client=client),
            "intake_decisions": IntakeDecision.objects.filter(client=client),
            "letter_kinds": LetterKind.choices,
        },
    )


def plan_new(request, client_pk: int):
    client = get_scoped_or_404(request, Client, pk=client_pk)
    existing = workflow.active_plan(client)
    if existing is not None:
        messages.info(request, _("This client already has an exit plan in progress."))
        return redirect("plans:plan", pk=existing.pk)
    today = today_for(request.workspace)
    language = ui_language()
    form = PlanForm(request.POST or None, client=client, today=today)
    if request.method == "POST" and form.is_valid():
        plan = workflow.create_plan(
            client,
            as_of=today,
            user=request.user,
            **{
                name: form.cleaned_data[name]
                for name in ("notice_on", "last_work_on", "handover_until", "last_work_reason")
            },
        )
        messages.success(request, _("Exit plan saved. Start by drafting the letter."))
        return redirect("plans:plan", pk=plan.pk)
    suggestion = form.suggestion
    if suggestion is None:
        try:
            suggestion = workflow.suggest(client, today)
        except PlanInputError:
            suggestion = None
    if request.method == "GET" and suggestion is not None:
        form = PlanForm(
            initial={
                "notice_on": suggestion.notice_on,
                "last_work_on": suggestion.last_work_on,
                "handover_until": suggestion.handover_until,
            },
            client=client,
            today=today,
        )
    return render(
        request,
        "plans/plan_new.html",
        {
            "client": client,
            "form": form,
            "suggestion": suggestion,
            "why": suggestion.decided_by.why(language) if suggestion else "",
            "notes": [note.message(language) for note in suggestion.notes] if suggestion else [],
            "today": today,
        },
        status=400 if request.method == "POST" else 200,
    )


def plan_detail(request, pk: int):
    plan = get_scoped_or_404(request, ExitPlan, pk=pk)
    form = ReactionForm(initial={"at": clock.local_now(plan.workspace).replace(second=0, microsecond=0)})
    return render(request, "plans/plan_detail.html", {**_detail_context(request, plan), "reaction_form": form})


def _detail_context(request, plan: ExitPlan) -> dict:
    language = ui_language()
    steps = list(plan.steps.all())
    for step in steps:
        step.text = step.label(language)
    letters = LetterDraft.objects.filter(plan=plan).order_by("created_at")
    termination = letters.filter(kind=LetterKind.TERMINATION).exclude(status=DraftStatus.DISCARDED).last()
    due_on = (plan.final_invoice or {}).get("due_on")
    open_amount, unbilled_amount = _final_invoice_parts(plan.final_invoice)
    return {
        "open_amount": open_amount,
        "unbilled_amount": unbilled_amount,
        "overdue_pay_by": overdue_pay_by(plan.notice_on, None),
        "plan": plan,
        "client": plan.client,
        "final_invoice_due_on": dt.date.fromisoformat(due_on) if due_on else None,
        "steps": [s for s in steps if not s.is_checklist_item],
        "checklist": [s for s in steps if s.is_checklist_item],
        "letters": letters,
        "termination": termination,
        "letter_out": termination is not None and termination.status in (DraftStatus.QUEUED, DraftStatus.SENT),
        "reactions": plan.reactions.all(),
        "reply_kinds": [(kind, label, REPLY_KIND[kind]) for kind, label in ReactionKind.choices],
        "lessons": LessonsLearned.objects.filter(plan=plan).first(),
        "today": today_for(request.workspace),
        "now": clock.now(),
    }


def _final_invoice_parts(final_invoice: dict | None) -> tuple[Decimal, Decimal]:
    """The final invoice's money already invoiced (open balances, credits) and its work not yet billed,
    in its headline currency."""
    if not final_invoice:
        return Decimal(0), Decimal(0)
    currency = final_invoice.get("currency")
    lines = [line for line in final_invoice.get("lines", []) if line.get("currency") == currency]
    unbilled_kinds = {LineKind.UNBILLED_HOURS, LineKind.UNBILLED_MILESTONES}
    unbilled = sum((Decimal(line["amount"]) for line in lines if line["kind"] in unbilled_kinds), Decimal(0))
    invoiced = sum((Decimal(line["amount"]) for line in lines if line["kind"] not in unbilled_kinds), Decimal(0))
    return invoiced, unbilled


def _active_plan_or_404(request, pk: int) -> ExitPlan:
    plan = get_scoped_or_404(request, ExitPlan, pk=pk)
    if not plan.is_active:
        messages.error(request, _("This plan is no longer in progress."))
        raise _Redirect(plan)
    return plan


class _Redirect(Exception):
    def __init__(self, plan: ExitPlan) -> None:
        self.plan = plan


def _plan_action(view):
    """Run a POST action on an active plan; on a finished plan, go back to it with a message."""

    def wrapper(request, pk: int, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except _Redirect as stop:
            return redirect("plans:plan", pk=stop.plan.pk)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return require_POST(wrapper)


@_plan_action
def plan_step_toggle(request, pk: int, step_pk: int):
    plan = _active_plan_or_404(request, pk)
    step = get_scoped_or_404(request, PlanStep, pk=step_pk, plan=plan)
    workflow.toggle_step(step, user=request.user)
    return redirect("plans:plan", pk=plan.pk)


@_plan_action
def plan_letter(request, pk: int):
    """Draft the termination letter of the plan (or open the one in progress)."""
    plan = _active_plan_or_404(request, pk)
    existing = LetterDraft.objects.filter(plan=plan, kind=LetterKind.TERMINATION, status=DraftStatus.DRAFT).last()
    if existing is not None:
        return redirect("letters:edit", pk=existing.pk)
    return _draft_and_edit(request, plan, LetterKind.TERMINATION)


@_plan_action
def plan_reply(request, pk: int, kind: str):
    """Draft the answer to the client's reaction (pleading, anger or relief)."""
    plan = _active_plan_or_404(request, pk)
    if kind not in REPLY_KIND.values():
        raise PermissionDenied
    return _draft_and_edit(request, plan, kind)


def _draft_and_edit(request, plan: ExitPlan, kind: str):
    try:
        draft = create_draft(plan.client, kind, user=request.user, plan=plan)
    except LetterError as error:
        messages.error(request, _("The letter could not be drafted: %(reason)s") % {"reason": error})
        return redirect("plans:plan", pk=plan.pk)
    return redirect("letters:edit", pk=draft.pk)


@_plan_action
def plan_reaction(request, pk: int):
    plan = _active_plan_or_404(request, pk)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return _invalid_reaction(request, plan, form)
    data = form.cleaned_data
    workflow.record_reaction(
        plan,
        kind=data["kind"],
        at=data["at"],
        note=data["note"],
        their_message=data["their_message"],
        user=request.user,
    )
    messages.success(request, _("Reaction recorded. Draft your answer below: firm, polite, no change of course."))
    return redirect("plans:plan", pk=plan.pk)


def _invalid_reaction(request, plan: ExitPlan, form: ReactionForm):
    """The plan page again, with the bound form so its field errors show."""
    return render(
        request, "plans/plan_detail.html", {**_detail_context(request, plan), "reaction_form": form}, status=400
    )


def plan_close(request, pk: int):
    """The retrospective that closes a plan."""
    plan = get_scoped_or_404(request, ExitPlan, pk=pk)
    if not plan.is_active:
        return redirect("lessons:lessons", pk=plan.pk)
    labels = signal_labels()
    form = LessonsForm(request.POST or None, signal_labels=labels, initial={"signals": signals_on_record(plan.client)})
    if request.method == "POST" and form.is_valid():
        workflow.close_plan(plan, lessons=form.cleaned_data, user=request.user)
        messages.success(request, _("Plan closed. Here are the clauses that would have helped."))
        return redirect("lessons:lessons", pk=plan.pk)
    return render(
        request,
        "plans/plan_close.html",
        {"plan": plan, "client": plan.client, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def plan_cancel(request, pk: int):
    plan = get_scoped_or_404(request, ExitPlan, pk=pk)
    require_owner(request)
    if plan.status == PlanStatus.ACTIVE:
        workflow.cancel_plan(plan)
        messages.success(request, _("Plan cancelled."))
    return redirect("plans:plan", pk=plan.pk)
