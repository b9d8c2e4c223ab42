"""Where a silent client stands in the silence protocol, read from the record.

The protocol (domain.md, part 5): a message that needs a reply goes
unanswered for `silence_days` -> a polite check-in is due; once a later
message has gone out (the check-in), the ultimatum is due about
`ultimatum_after_days` later; an `ultimatum_sent` event sets a deadline,
and if it passes with no reply the file is closed and the work invoiced.
Any message from the client ends the silence, whatever the step; where
messages carry thread headers (`message_id`, `in_reply_to`), a reply
answers the thread it belongs to, not the others.

`silence_state()` is pure and reads only dates, so the workflow engine can
use it to decide which step to run and the assessment to say which is due.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import operator
from dataclasses import dataclass
from enum import StrEnum

from despedida.assessment.record import ClientRecord
from despedida.assessment.thresholds import Thresholds
from despedida.portfolio.model import Direction, Event, EventType, Message


class SilenceStep(StrEnum):
    NONE = "none"  # nothing waits on the client, or the client answered
    WAITING = "waiting"  # a message awaits a reply, not yet for long
    CHECKIN_DUE = "checkin_due"
    CHECKIN_SENT = "checkin_sent"  # waiting for the ultimatum's date
    ULTIMATUM_DUE = "ultimatum_due"
    ULTIMATUM_SENT = "ultimatum_sent"  # waiting for the deadline
    CLOSE_DUE = "close_due"  # the deadline passed with no reply


@dataclass(frozen=True, slots=True)
class SilenceState:
    step: SilenceStep
    awaiting_since: dt.date | None = None
    """Day of the first message still waiting for a reply."""
    checkin_due_on: dt.date | None = None
    checkin_sent_on: dt.date | None = None
    ultimatum_due_on: dt.date | None = None
    ultimatum_sent_on: dt.date | None = None
    deadline: dt.date | None = None
    """The ultimatum's deadline: the close is due on that day if nothing came back."""

    @property
    def is_silent(self) -> bool:
        """True once the silence is long enough to act on (a check-in is due or later)."""
        return self.step not in (SilenceStep.NONE, SilenceStep.WAITING)

    @property
    def expired(self) -> bool:
        """The ultimatum's deadline has passed without a reply: time to close."""
        return self.step == SilenceStep.CLOSE_DUE

    def days_silent(self, as_of: dt.date) -> int:
        return (as_of - self.awaiting_since).days if self.awaiting_since else 0

    def next_step(self) -> tuple[str, dt.date] | None:
        """The protocol action due next (cli.md action code) and the day it is due."""
        if self.step == SilenceStep.CHECKIN_DUE:
            return "silence_checkin", self.checkin_due_on
        if self.step in (SilenceStep.CHECKIN_SENT, SilenceStep.ULTIMATUM_DUE):
            return "silence_ultimatum", self.ultimatum_due_on
        if self.step in (SilenceStep.ULTIMATUM_SENT, SilenceStep.CLOSE_DUE):
            return "silence_close", self.deadline
        return None


NO_SILENCE = SilenceState(SilenceStep.NONE)


def silence_state(record: ClientRecord) -> SilenceState:
    return read_silence(record.client.messages, record.events, record.as_of, record.thresholds, record.zone)


def read_silence(
    messages: list[Message],
    events: list[Event],
    as_of: dt.date,
    thresholds: Thresholds,
    zone: dt.tzinfo = dt.timezone.utc,
) -> SilenceState:
    """The protocol's state on `as_of` from the client's messages (any order) and events.

    Messages are dated on the calendar of `zone` (the business's time
    zone); those after `as_of` there are left out.
    """
    cutoff = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=zone).astimezone(dt.timezone.utc)
    try:
        outgoing = _after_last_reply(messages, cutoff)
    except TypeError:  # a naive instant among aware ones (not valid input): take it as UTC
        outgoing = _after_last_reply([dataclasses.replace(m, at=_aware(m.at)) for m in messages], cutoff)
    if not any(needs_reply for _at, needs_reply in outgoing):
        return NO_SILENCE
    since: dt.date | None = None
    follow_up: dt.date | None = None
    for at, needs_reply in outgoing:
        if since is None:
            if needs_reply:
                since = at.astimezone(zone).date()
        else:
            day = at.astimezone(zone).date()
            if day > since:
                follow_up = day
                break
    return _state(since, follow_up, events, as_of, thresholds)


def _after_last_reply(messages: list[Message], cutoff: dt.datetime) -> list[tuple[dt.datetime, bool]]:
    """Outgoing messages (instant, needs_reply) after the client's last message before `cutoff`, in time order.

    Files usually list messages in time order; then only the tail after the
    last reply is walked. A reply at the very instant of a message answers it.
    """
    if any(m.in_reply_to for m in messages):
        return _waiting_in_threads(messages, cutoff)
    instants = [m.at for m in messages]
    in_order = all(map(operator.le, instants, itertools.islice(instants, 1, None)))
    ordered = messages if in_order else sorted(messages, key=operator.attrgetter("at"))
    incoming = Direction.IN
    tail: list[tuple[dt.datetime, bool]] = []
    for message in reversed(ordered):
        at = message.at
        if at >= cutoff:
            continue
        if message.direction == incoming:
            tail = [item for item in tail if item[0] > at]
            break
        tail.append((at, message.needs_reply))
    tail.reverse()
    return tail


def _waiting_in_threads(messages: list[Message], cutoff: dt.datetime) -> list[tuple[dt.datetime, bool]]:
    """Outgoing messages (instant, needs_reply) not answered before `cutoff`, when replies carry thread headers.

    A reply answers the thread it belongs to: an incoming message with
    `in_reply_to` naming a message on record answers that message and every
    earlier message of its thread, and nothing else; an incoming message
    without it (or naming a message not on record) answers every outgoing
    message before it, as without headers.
    """
    ordered = sorted((m for m in messages if m.at < cutoff), key=operator.attrgetter("at"))
    thread: dict[str, str] = {}  # message_id -> the id of the first message of its thread
    waiting: list[tuple[dt.datetime, bool, str | None]] = []
    for message in ordered:
        parent = message.in_reply_to
        root = thread.get(parent, parent) if parent else message.message_id
        if message.message_id:
            thread.setdefault(message.message_id, root)
        at = message.at
        if message.direction == Direction.IN:
            if parent and parent in thread:
                waiting = [item for item in waiting if not (item[2] == root and item[0] <= at)]
            else:
                waiting = [item for item in waiting if item[0] > at]
        else:
            waiting.append((at, message.needs_reply, root))
    return [(at, needs_reply) for at, needs_reply, _root in waiting]


def _state(
    since: dt.date, follow_up: dt.date | None, events: list[Event], as_of: dt.date, thresholds: Thresholds
) -> SilenceState:
    checkin_due = since + dt.timedelta(days=thresholds.silence_days)
    ultimatum = _latest_ultimatum(events, since, as_of)
    if ultimatum is not None:
        deadline = ultimatum.deadline or ultimatum.on + dt.timedelta(days=thresholds.ultimatum_deadline_days)
        step = SilenceStep.CLOSE_DUE if as_of > deadline else SilenceStep.ULTIMATUM_SENT
        return SilenceState(
            step,
            awaiting_since=since,
            checkin_due_on=checkin_due,
            checkin_sent_on=follow_up,
            ultimatum_due_on=follow_up + dt.timedelta(days=thresholds.ultimatum_after_days) if follow_up else None,
            ultimatum_sent_on=ultimatum.on,
            deadline=deadline,
        )
    if follow_up is not None:
        ultimatum_due = follow_up + dt.timedelta(days=thresholds.ultimatum_after_days)
        step = SilenceStep.ULTIMATUM_DUE if as_of >= ultimatum_due else SilenceStep.CHECKIN_SENT
        return SilenceState(
            step,
            awaiting_since=since,
            checkin_due_on=checkin_due,
            checkin_sent_on=follow_up,
            ultimatum_due_on=ultimatum_due,
        )
    step = SilenceStep.CHECKIN_DUE if as_of >= checkin_due else SilenceStep.WAITING
    return SilenceState(step, awaiting_since=since, checkin_due_on=checkin_due)


def _aware(at: dt.datetime) -> dt.datetime:
    # The reader only gives aware instants; a naive one is taken as UTC.
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.timezone.utc)


def _latest_ultimatum(events: list[Event], since: dt.date, as_of: dt.date) -> Event | None:
    latest = None
    for event in events:
        if event.type == EventType.ULTIMATUM_SENT and since <= event.on <= as_of:
            if latest is None or event.on >= latest.on:
                latest = event
    return latest
