"""Where a silent client stands in the silence protocol, read from the record.

The protocol (domain.md, part 5): a message that needs a reply goes
unanswered for `silence_days` -> a polite check-in is due; once a later
message has gone out (the check-in), the ultimatum is due about
`ultimatum_after_days` later; an `ultimatum_sent` event sets a deadline,
and if it passes with no reply the file is closed and the work invoiced.
Any message from the client ends the silence, whatever the step; where
messages carry mail thread headers, a reply ends it only for the thread it
answers (see `_after_last_reply`).

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

from despedida.core.assessment.record import ClientRecord
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import Direction, Event, EventType, Message


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
    awaiting_subject: str | None = None
    """Subject of the first message still waiting for a reply, when it has one."""

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
    zone: dt.tzinfo = dt.UTC,
) -> SilenceState:
    """The protocol's state on `as_of` from the client's messages (any order) and events.

    Messages are dated on the calendar of `zone` (the business's time
    zone); those after `as_of` there are left out.
    """
    cutoff = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=zone).astimezone(dt.UTC)
    try:
        outgoing = _after_last_reply(messages, cutoff)
    except TypeError:  # a naive instant among aware ones (not valid input): take it as UTC
        outgoing = _after_last_reply([dataclasses.replace(m, at=_aware(m.at)) for m in messages], cutoff)
    if not any(message.needs_reply for message in outgoing):
        return NO_SILENCE
    since: dt.date | None = None
    subject: str | None = None
    follow_up: dt.date | None = None
    for message in outgoing:
        if since is None:
            if message.needs_reply:
                since = message.at.astimezone(zone).date()
                subject = message.subject
        else:
            day = message.at.astimezone(zone).date()
            if day > since:
                follow_up = day
                break
    state = _state(since, follow_up, events, as_of, thresholds)
    return dataclasses.replace(state, awaiting_subject=subject or None)


def _after_last_reply(messages: list[Message], cutoff: dt.datetime) -> list[Message]:
    """Outgoing messages before `cutoff` that no reply of the client answered, in time order.

    Files usually list messages in time order; then only the tail after the
    last reply is walked. A reply at the very instant of a message answers it.
    When a reply names the message it answers (`in_reply_to`, a message of
    the record), it answers that thread only: see `_unanswered_in_threads`.
    """
    instants = [m.at for m in messages]
    in_order = all(map(operator.le, instants, itertools.islice(instants, 1, None)))
    ordered = messages if in_order else sorted(messages, key=operator.attrgetter("at"))
    incoming = Direction.IN
    if any(m.in_reply_to and m.direction == incoming for m in ordered):
        return _unanswered_in_threads(ordered, cutoff)
    tail: list[Message] = []
    for message in reversed(ordered):
        at = message.at
        if at >= cutoff:
            continue
        if message.direction == incoming:
            tail = [item for item in tail if item.at > at]
            break
        tail.append(message)
    tail.reverse()
    return tail


def _unanswered_in_threads(ordered: list[Message], cutoff: dt.datetime) -> list[Message]:
    """The spec's threading rule (portfolio-format.md, `in_reply_to`).

    A reply naming a message of the record answers every earlier message of
    that thread (those linked to it by `in_reply_to`, up to the first one);
    a reply naming none, or a message the record does not hold, answers
    every earlier outgoing message, as without threads.
    """
    known = {m.message_id: m for m in ordered if m.message_id}

    def root(message_id: str) -> str:
        seen = set()
        while message_id in known and known[message_id].in_reply_to in known and message_id not in seen:
            seen.add(message_id)
            message_id = known[message_id].in_reply_to
        return message_id

    # An answer at the very instant of a message answers it: outgoing sorts first.
    timeline = sorted((m for m in ordered if m.at < cutoff), key=lambda m: (m.at, m.direction == Direction.IN))
    waiting: list[Message] = []
    for message in timeline:
        if message.direction != Direction.IN:
            waiting.append(message)
        elif message.in_reply_to in known:
            thread = root(message.in_reply_to)
            waiting = [w for w in waiting if not (w.message_id and root(w.message_id) == thread)]
        else:
            waiting = []
    return waiting


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
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _latest_ultimatum(events: list[Event], since: dt.date, as_of: dt.date) -> Event | None:
    latest = None
    for event in events:
        if event.type == EventType.ULTIMATUM_SENT and since <= event.on <= as_of:
            if latest is None or event.on >= latest.on:
                latest = event
    return latest
