"""Intake: a prospect's checklist, then accept or decline."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from despedida.accounts.clock import today_for
from despedida.accounts.scoping import get_scoped_or_404
from despedida.clients.models import Client, Stage
from despedida.intake import decisions as intake_flow
from despedida.intake.forms import IntakeDecisionForm
from despedida.intake.models import IntakeDecision
from despedida.letters.drafts import LetterError


def _items(result):
    return [
        {
            "check": intake_flow.CHECKS.get(str(item.check), str(item.check)),
            "status": str(item.status),
            "reason": intake_flow.REASONS.get(item.reason, item.reason),
            "action": intake_flow.ACTIONS.get(item.action, item.action) if item.action else "",
        }
        for item in result.items
    ]


def intake(request, client_pk: int, form=None, status: int = 200):
    client = get_scoped_or_404(request, Client, pk=client_pk)
    result = intake_flow.checklist(client, today_for(request.workspace))
    return render(
        request,
        "intake/intake.html",
        {
            "client": client,
            "is_prospect": client.stage == Stage.PROSPECT,
            "decision": str(result.decision),
            "items": _items(result),
            "form": form or IntakeDecisionForm(),
            "decisions": IntakeDecision.objects.filter(client=client),
        },
        status=status,
    )


@require_POST
def intake_accept(request, client_pk: int):
    client = get_scoped_or_404(request, Client, pk=client_pk)
    form = IntakeDecisionForm(request.POST)
    if not form.is_valid():
        return intake(request, client_pk, form=form, status=400)
    try:
        intake_flow.accept(client, user=request.user, note=form.cleaned_data["note"])
    except intake_flow.IntakeError as error:
        if error.code == "reason_required":
            form.add_error("note", _("The checklist says decline: write down why you accept anyway."))
        else:
            form.add_error(None, _("Only a prospect can be accepted or declined."))
        return intake(request, client_pk, form=form, status=400)
    messages.success(request, _("%(name)s is now an active client.") % {"name": client.name})
    return redirect("plans:client", client_pk=client.pk)


@require_POST
def intake_decline(request, client_pk: int):
    client = get_scoped_or_404(request, Client, pk=client_pk)
    form = IntakeDecisionForm(request.POST)
    if not form.is_valid():
        return intake(request, client_pk, form=form, status=400)
    try:
        _decision, draft = intake_flow.decline(client, user=request.user, note=form.cleaned_data["note"])
    except intake_flow.IntakeError:
        form.add_error(None, _("Only a prospect can be accepted or declined."))
        return intake(request, client_pk, form=form, status=400)
    except LetterError as error:
        messages.error(request, _("The letter could not be drafted: %(reason)s") % {"reason": error})
        return redirect("intake:intake", client_pk=client.pk)
    messages.success(request, _("Declined. Here is the letter to tell them, kindly."))
    return redirect("letters:edit", pk=draft.pk)
