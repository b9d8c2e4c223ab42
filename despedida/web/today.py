"""What the workflows have due today, for the dashboard's "today" list (issue 6, point 1).

Each item names its client, what is due, since when, and the page to act on it.
Queries are per kind, never per client, so a large portfolio costs a few queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from despedida.accounts import clock
from despedida.accounts.models import Workspace
from despedida.clients.models import Client, Stage
from despedida.letters.due import letters_past_cool_off
from despedida.plans.models import PlanStatus, PlanStep
from despedida.silence.models import SilenceProtocol, SilenceState


@dataclass(frozen=True)
class DueItem:
    kind: str  # plan_step | silence_step | letter_ready | prospect
    client_id: int
    client_name: str
    what: str
    due_on: dt.date | None
    url: str


def due_today(workspace: Workspace, today: dt.date, *, language: str = "es", limit: int = 50) -> list[DueItem]:
    items: list[DueItem] = []
    steps = (
        PlanStep.objects.in_workspace(workspace)
        .filter(plan__status=PlanStatus.ACTIVE, done_at__isnull=True, on__lte=today)
        .select_related("plan__client")
        .order_by("on", "id")[:limit]
    )
    for step in steps:
        client = step.plan.client
        items.append(
            DueItem(
                "plan_step",
                client.pk,
                client.name,
                step.label(language),
                step.on,
                reverse("plans:plan", args=[step.plan_id]),
            )
        )
    protocols = (
        SilenceProtocol.objects.in_workspace(workspace)
        .filter(
            Q(state=SilenceState.DETECTED, checkin_due_on__lte=today)
            | Q(state=SilenceState.CHECKIN_SENT, ultimatum_due_on__lte=today)
            | Q(state=SilenceState.ULTIMATUM_SENT, deadline__lte=today)
        )
        .select_related("client")[:limit]
    )
    labels = {
        SilenceState.DETECTED: _("Silence: send the check-in"),
        SilenceState.CHECKIN_SENT: _("Silence: send the reply-by notice"),
        SilenceState.ULTIMATUM_SENT: _("Silence: the deadline passed, close the file"),
    }
    for protocol in protocols:
        items.append(
            DueItem(
                "silence_step",
                protocol.client_id,
                protocol.client.name,
                labels[protocol.state],
                protocol.next_due_on,
                reverse("silence:silence", args=[protocol.client_id]),
            )
        )
    for draft in letters_past_cool_off(workspace, clock.now())[:limit]:
        items.append(
            DueItem(
                "letter_ready",
                draft.client_id,
                draft.client.name,
                _("Letter ready to send: the cool-off is over"),
                None,
                reverse("letters:edit", args=[draft.pk]),
            )
        )
    prospects = (
        Client.objects.in_workspace(workspace)
        .filter(stage=Stage.PROSPECT, intake_decisions__isnull=True)
        .order_by("created_at", "id")[:limit]
    )
    for client in prospects:
        items.append(
            DueItem(
                "prospect",
                client.pk,
                client.name,
                _("Prospect waiting for your decision"),
                None,
                reverse("intake:intake", args=[client.pk]),
            )
        )
    return items
