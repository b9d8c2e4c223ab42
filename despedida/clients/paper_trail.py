"""The paper trail: every message a workflow sends or receives becomes a row
of the client's record (clients.Message), and so appears in its timeline
and in every export.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max

from despedida.clients.models import Client, Direction, Event, EventType, Message, MessageOrigin
from despedida.core.assessment.record import business_zone


def _next_position(model, client: Client) -> int:
    latest = model.objects.filter(client=client).aggregate(top=Max("position"))["top"]
    return 0 if latest is None else latest + 1


def record_message(
    client: Client,
    *,
    direction: str,
    at: dt.datetime,
    subject: str | None,
    body: str | None,
    needs_reply: bool = False,
    origin: str = MessageOrigin.RECORDED,
) -> Message:
    """Append a message to the client's record, with the business's UTC offset at that instant."""
    offset = at.astimezone(business_zone(client.workspace.timezone)).utcoffset() or dt.timedelta(0)
    return Message.objects.create(
        workspace=client.workspace,
        client=client,
        at=at,
        utc_offset_minutes=int(offset.total_seconds() // 60),
        direction=direction,
        subject=subject,
        body=body,
        needs_reply=needs_reply,
        origin=origin,
        position=_next_position(Message, client),
    )


def record_sent(client: Client, *, at: dt.datetime, subject: str, body: str, needs_reply: bool = False) -> Message:
    return record_message(
        client,
        direction=Direction.OUT,
        at=at,
        subject=subject,
        body=body,
        needs_reply=needs_reply,
        origin=MessageOrigin.SENT,
    )


def record_ultimatum(client: Client, *, on: dt.date, deadline: dt.date, note: str = "") -> Event:
    """The `ultimatum_sent` event the assessment reads the deadline from."""
    return Event.objects.create(
        workspace=client.workspace,
        client=client,
        on=on,
        type=EventType.ULTIMATUM_SENT,
        deadline=deadline,
        note=note or None,
        position=_next_position(Event, client),
    )
