"""Deleting a row of the record with a few seconds to change one's mind.

The row, and whatever its deletion takes with it (an invoice's payments and
reminders), is serialized into the session before it is deleted; "Undo"
writes the same rows back, same ids, as long as the window is open. After
that the session entry is simply ignored.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core import serializers
from django.db import router, transaction
from django.db.models.deletion import Collector

from despedida.accounts import clock

UNDO_SECONDS = 30
SESSION_KEY = "despedida_undo"


def delete_with_undo(request, row, facts: dict) -> None:
    """Delete `row` (and its cascade) and keep what is needed to put it back in the session."""
    collector = Collector(using=router.db_for_write(type(row)))
    collector.collect([row])
    ordered = [obj for model_objs in _parents_first(collector) for obj in model_objs]
    # Rows the collector deletes in bulk (no signals, no further cascade) come after their parents.
    ordered += [obj for queryset in collector.fast_deletes for obj in queryset]
    payload = serializers.serialize("json", ordered)
    with transaction.atomic():
        row.delete()
    request.session[SESSION_KEY] = {
        "token": secrets.token_urlsafe(16),
        "client": row.client_id,
        "facts": facts,
        "rows": payload,
        "until": (clock.now() + dt.timedelta(seconds=UNDO_SECONDS)).isoformat(),
    }


def pending_undo(request, client_id: int) -> dict | None:
    """The undo offer for this client, if its window is still open."""
    entry = request.session.get(SESSION_KEY)
    if not entry or entry.get("client") != client_id:
        return None
    if dt.datetime.fromisoformat(entry["until"]) < clock.now():
        return None
    return entry


def undo(request, client_id: int, token: str) -> bool:
    """Write the deleted rows back. False when the offer is gone (too late, or another one replaced it)."""
    entry = pending_undo(request, client_id)
    if entry is None or not secrets.compare_digest(entry["token"], token):
        return False
    with transaction.atomic():
        for obj in serializers.deserialize("json", entry["rows"]):
            obj.save()
    del request.session[SESSION_KEY]
    return True


def _parents_first(collector: Collector) -> list[list]:
    # Collector.sort() orders models so that dependents come first for deletion;
    # restoring needs the reverse.
    collector.sort()
    return [list(objs) for objs in reversed(list(collector.data.values()))]
