"""Letters whose cool-off is over and that still wait to be sent."""

from __future__ import annotations

import datetime as dt

from despedida.accounts.models import Workspace
from despedida.letters.models import COOL_OFF, DraftStatus, LetterDraft


def letters_past_cool_off(workspace: Workspace, now: dt.datetime):
    return (
        LetterDraft.objects.in_workspace(workspace)
        .filter(status=DraftStatus.DRAFT, plan__isnull=False, created_at__lte=now - COOL_OFF)
        .select_related("client")
        .order_by("created_at", "id")
    )
