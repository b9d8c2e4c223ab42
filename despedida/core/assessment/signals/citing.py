"""Which real message a piece of evidence is about: the mail a signal can name.

A delivery, a payment reminder or a request is dated in the record (a
milestone's `delivered_on`, an invoice's `reminders[]`); when the client's
messages hold what we sent that day, the evidence names it by subject and
date ("your message «Entrega final» of 23 Oct ..."), so the freelancer can
find it in the mailbox. Only outgoing messages with a subject, sent by
`as_of`, on that day of the business's calendar are cited; a day with no
such message keeps the evidence as it was.
"""

from __future__ import annotations

import datetime as dt

from despedida.core.assessment.record import ClientRecord
from despedida.core.assessment.silence import _after_last_reply
from despedida.core.portfolio.model import Direction, Message


def sent_on(record: ClientRecord, day: dt.date, mentions: str | None = None) -> Message | None:
    """The message we sent on `day` that evidence about that day should name, or None.

    With `mentions` (an invoice number), a message whose subject names it
    wins, else one that asked for a reply; without it, one that asked for a
    reply wins, else the first of the day. Among equals, the earliest.
    """
    zone = record.zone
    found = [
        m
        for m in record.client.messages
        if m.direction == Direction.OUT and m.subject and m.at.astimezone(zone).date() == day and day <= record.as_of
    ]
    if not found:
        return None
    found.sort(key=lambda m: m.at)
    if mentions:
        needle = mentions.casefold()
        named = [m for m in found if needle in m.subject.casefold()]
        if named:
            return named[0]
        asking = [m for m in found if m.needs_reply]
        return asking[0] if asking else None
    asking = [m for m in found if m.needs_reply]
    return asking[0] if asking else found[0]


def unanswered(record: ClientRecord, message: Message) -> bool:
    """No reply of the client answers `message` by the end of `as_of` (the silence protocol's rule)."""
    cutoff = dt.datetime.combine(record.as_of + dt.timedelta(days=1), dt.time(), tzinfo=record.zone)
    try:
        waiting = _after_last_reply(record.client.messages, cutoff.astimezone(dt.UTC))
    except TypeError:  # a naive instant among aware ones (not valid input): nothing to say
        return False
    return any(m is message for m in waiting)


def day_of(record: ClientRecord, message: Message) -> dt.date:
    return message.at.astimezone(record.zone).date()
