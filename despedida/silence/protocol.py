"""The silence protocol as a stored state machine (domain.md, part 5).

    detected --check-in out--> checkin_sent --ultimatum out--> ultimatum_sent --closing out--> closed
        any running state --pause--> paused --resume--> where it was
        any open state --the client writes--> resolved   (also "stop" by hand)

Every move is a SilenceTransition row with its time and cause. A step
"happens" when its letter goes out: queued in the outbox, or marked as sent
by hand (`letter_went_out`, called by sending.py). The record's reading of
the silence (assessment.silence) decides when a protocol opens by itself and
where it starts; from then on these rows are the protocol's memory.

The worker (`run_due_protocols`) stops protocols whose client wrote back,
opens protocols for new silences, and runs the due step of protocols the
user left on automatic. New protocols opened by detection start on manual:
the practice says to assess before writing, so the user decides to let it run.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery

from despedida.accounts import clock
from despedida.accounts.clock import today_for
from despedida.accounts.models import Workspace
from despedida.clients.models import Client, Direction, Message
from despedida.clients.paper_trail import record_ultimatum
from despedida.clients.record import portfolio_for, thresholds_of
from despedida.core.assessment.record import business_zone, read_record
from despedida.core.assessment.silence import SilenceStep, silence_state
from despedida.core.letters.errors import LetterError
from despedida.core.plans.final_invoice import plan_final_invoice
from despedida.letters.models import DraftStatus, LetterDraft, LetterKind
from despedida.silence.models import (
    FINISHED_SILENCE_STATES,
    RUNNING_SILENCE_STATES,
    SilenceProtocol,
    SilenceState,
    SilenceTransition,
    TransitionCause,
)

log = logging.getLogger(__name__)

# The letter whose going out moves a running protocol on.
STEP_LETTER = {
    SilenceState.DETECTED: LetterKind.CHECKIN,
    SilenceState.CHECKIN_SENT: LetterKind.ULTIMATUM,
    SilenceState.ULTIMATUM_SENT: LetterKind.CLOSING,
}


class ProtocolError(Exception):
    """A move the protocol's state does not allow; the message says why."""


# --- reading ------------------------------------------------------------------------


def open_protocol(client: Client) -> SilenceProtocol | None:
    return SilenceProtocol.objects.filter(client=client).exclude(state__in=FINISHED_SILENCE_STATES).first()


def record_reading(client: Client, today: dt.date):
    """assessment.silence's reading of the client's record on `today`."""
    portfolio, record = portfolio_for(client, today)
    return silence_state(read_record(record, portfolio.business, today, thresholds_of(client.workspace)))


def _awaiting_message(client: Client, since: dt.date | None) -> Message | None:
    """The first message of ours still waiting for an answer, on the day the record says."""
    if since is None:
        return None
    candidates = Message.objects.filter(client=client, direction=Direction.OUT, needs_reply=True).order_by("-at")
    for message in candidates:
        if today_for(client.workspace, message.at) <= since:
            return message
    return None


def is_due(protocol: SilenceProtocol, today: dt.date) -> bool:
    due_on = protocol.next_due_on
    return protocol.state in RUNNING_SILENCE_STATES and due_on is not None and today >= due_on


def next_letter_kind(protocol: SilenceProtocol) -> str | None:
    return STEP_LETTER.get(protocol.state)


# --- moving --------------------------------------------------------------------------


def _move(
    protocol: SilenceProtocol,
    to: str,
    cause: str,
    now: dt.datetime,
    *,
    user=None,
    message: Message | None = None,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> SilenceTransition:
    previous = protocol.state
    protocol.state = to
    protocol.save(update_fields=["state", *fields])
    return SilenceTransition.objects.create(
        workspace=protocol.workspace,
        protocol=protocol,
        from_state=previous,
        to_state=to,
        cause=cause,
        at=now,
        by=user,
        message=message,
        note=note,
    )


def _locked(protocol: SilenceProtocol) -> SilenceProtocol:
    locking = SilenceProtocol.objects.select_for_update(of=("self",)).select_related("client", "workspace")
    return locking.get(pk=protocol.pk)


def _on_day(workspace: Workspace, day: dt.date | None) -> dt.datetime | None:
    """Noon of `day` on the business's calendar: the record keeps only the day of these steps."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(12), tzinfo=business_zone(workspace.timezone))


def _initial_state(workspace: Workspace, reading) -> tuple[str, dict]:
    """Where a protocol opened on an existing silence starts, from the record's reading."""
    fields: dict = {"awaiting_since": reading.awaiting_since, "checkin_due_on": reading.checkin_due_on}
    if reading.step in (SilenceStep.ULTIMATUM_SENT, SilenceStep.CLOSE_DUE):
        fields.update(
            ultimatum_due_on=reading.ultimatum_due_on,
            deadline=reading.deadline,
            checkin_sent_at=_on_day(workspace, reading.checkin_sent_on),
            ultimatum_sent_at=_on_day(workspace, reading.ultimatum_sent_on),
        )
        return SilenceState.ULTIMATUM_SENT, fields
    if reading.step in (SilenceStep.CHECKIN_SENT, SilenceStep.ULTIMATUM_DUE):
        fields.update(
            ultimatum_due_on=reading.ultimatum_due_on, checkin_sent_at=_on_day(workspace, reading.checkin_sent_on)
        )
        return SilenceState.CHECKIN_SENT, fields
    return SilenceState.DETECTED, fields


@transaction.atomic
def _open(
    client: Client,
    *,
    state: str,
    fields: dict,
    cause: str,
    now: dt.datetime,
    user=None,
    automatic: bool,
    note: str = "",
) -> SilenceProtocol:
    protocol = SilenceProtocol(
        workspace=client.workspace,
        client=client,
        state=state,
        started_at=now,
        started_by=user,
        automatic=automatic,
        awaiting_message=_awaiting_message(client, fields.get("awaiting_since")),
        **fields,
    )
    protocol.save()
    SilenceTransition.objects.create(
        workspace=client.workspace,
        protocol=protocol,
        from_state="",
        to_state=state,
        cause=cause,
        at=now,
        by=user,
        message=protocol.awaiting_message,
        note=note,
    )
    return protocol


def detect(client: Client, *, now: dt.datetime | None = None) -> SilenceProtocol | None:
    """Open a protocol if the record shows a silence long enough to act on.

    Nothing happens when a protocol is open, or when this same silence
    already had one (closed, stopped or answered): a closed file stays closed.
    """
    now = now or clock.now()
    if open_protocol(client) is not None:
        return None
    reading = record_reading(client, today_for(client.workspace, now))
    if not reading.is_silent:
        return None
    if SilenceProtocol.objects.filter(client=client, awaiting_since__gte=reading.awaiting_since).exists():
        return None
    state, fields = _initial_state(client.workspace, reading)
    try:
        return _open(client, state=state, fields=fields, cause=TransitionCause.DETECTED, now=now, automatic=False)
    except IntegrityError:  # another process opened it first
        return None


def start(
    client: Client, *, user=None, automatic: bool = True, now: dt.datetime | None = None, note: str = ""
) -> SilenceProtocol:
    """Open a protocol by hand; if the record shows a silence, start where it stands."""
    now = now or clock.now()
    if open_protocol(client) is not None:
        raise ProtocolError("already_open")
    today = today_for(client.workspace, now)
    reading = record_reading(client, today)
    if reading.is_silent:
        state, fields = _initial_state(client.workspace, reading)
    else:
        # The user sees a silence the record doesn't (yet): the check-in is due now.
        state, fields = SilenceState.DETECTED, {"awaiting_since": reading.awaiting_since, "checkin_due_on": today}
    try:
        return _open(
            client,
            state=state,
            fields=fields,
            cause=TransitionCause.STARTED_BY_USER,
            now=now,
            user=user,
            automatic=automatic,
            note=note.strip(),
        )
    except IntegrityError:
        raise ProtocolError("already_open") from None


@transaction.atomic
def pause(protocol: SilenceProtocol, *, user=None, now: dt.datetime | None = None, note: str = "") -> None:
    protocol = _locked(protocol)
    if protocol.state not in RUNNING_SILENCE_STATES:
        raise ProtocolError("not_running")
    protocol.paused_from = protocol.state
    _move(
        protocol,
        SilenceState.PAUSED,
        TransitionCause.PAUSED,
        now or clock.now(),
        user=user,
        note=note.strip(),
        fields=("paused_from",),
    )


@transaction.atomic
def resume(protocol: SilenceProtocol, *, user=None, now: dt.datetime | None = None) -> None:
    """Back where it was; the dates stay, so a step that fell due meanwhile is due at once."""
    protocol = _locked(protocol)
    if protocol.state != SilenceState.PAUSED:
        raise ProtocolError("not_paused")
    target, protocol.paused_from = protocol.paused_from, ""
    _move(protocol, target, TransitionCause.RESUMED, now or clock.now(), user=user, fields=("paused_from",))


@transaction.atomic
def stop(protocol: SilenceProtocol, *, user=None, now: dt.datetime | None = None, note: str = "") -> None:
    """The user ends it (they heard back another way, or changed their mind)."""
    protocol = _locked(protocol)
    if not protocol.is_open:
        raise ProtocolError("finished")
    protocol.paused_from = ""
    _move(
        protocol,
        SilenceState.RESOLVED,
        TransitionCause.STOPPED_BY_USER,
        now or clock.now(),
        user=user,
        note=note.strip(),
        fields=("paused_from",),
    )


def _reply_after(protocol: SilenceProtocol) -> Message | None:
    """The client's first answer since we started waiting.

    Automatic replies (out of office, bounces) are not answers. Where mail
    carries thread headers, a reply to another thread is not an answer to
    the message we wait on (assessment.silence reads it the same way).
    """
    awaited = protocol.awaiting_message if protocol.awaiting_message_id else None
    since = awaited.at if awaited else protocol.started_at
    replies = Message.objects.filter(
        client_id=protocol.client_id, direction=Direction.IN, auto_reply="", at__gt=since
    ).order_by("at", "id")
    threads = None
    for reply in replies[:200]:
        if not reply.in_reply_to or awaited is None or not awaited.message_id:
            return reply
        if threads is None:
            threads = dict(
                Message.objects.filter(client_id=protocol.client_id)
                .exclude(message_id="")
                .values_list("message_id", "in_reply_to")
            )
        if reply.in_reply_to not in threads or _root(reply.in_reply_to, threads) == _root(awaited.message_id, threads):
            return reply
    return None


def _root(message_id: str, parents: dict[str, str]) -> str:
    seen = set()
    while parents.get(message_id) in parents and message_id not in seen:
        seen.add(message_id)
        message_id = parents[message_id]
    return message_id


@transaction.atomic
def stop_if_client_replied(protocol: SilenceProtocol, *, now: dt.datetime | None = None) -> bool:
    """Resolve the protocol if the client has written since we started waiting."""
    protocol = _locked(protocol)
    if not protocol.is_open:
        return False
    reply = _reply_after(protocol)
    if reply is None:
        return False
    protocol.paused_from = ""
    _move(
        protocol,
        SilenceState.RESOLVED,
        TransitionCause.CLIENT_REPLIED,
        now or clock.now(),
        message=reply,
        fields=("paused_from",),
    )
    return True


def client_wrote(message: Message) -> None:
    """Hooked to every saved message: a message from the client stops its protocol at once."""
    if message.direction != Direction.IN or message.auto_reply:
        return
    protocol = open_protocol(message.client)
    if protocol is not None:
        stop_if_client_replied(protocol)


# --- the steps -------------------------------------------------------------------------


def _letter_options(protocol: SilenceProtocol, kind: str) -> dict | None:
    if kind == LetterKind.ULTIMATUM:
        return {"reply_days": thresholds_of(protocol.workspace).ultimatum_deadline_days}
    return None


def draft_step_letter(protocol: SilenceProtocol, *, user=None, now: dt.datetime | None = None) -> LetterDraft:
    """The letter of the next step, to read or edit before it goes (reuses an unsent one)."""
    from despedida.letters.drafts import create_draft

    kind = next_letter_kind(protocol)
    if kind is None:
        raise ProtocolError("no_step")
    existing = protocol.letters.filter(kind=kind, status=DraftStatus.DRAFT).order_by("-created_at").first()
    if existing is not None:
        return existing
    return create_draft(
        protocol.client, kind, user=user, protocol=protocol, options=_letter_options(protocol, kind), now=now
    )


def run_step(
    protocol: SilenceProtocol,
    *,
    user=None,
    by_hand: bool = False,
    now: dt.datetime | None = None,
    expect: str | None = None,
    only_if_due: bool = False,
) -> LetterDraft:
    """Send the next step's letter now: through the outbox, or recorded as sent by the user.

    `expect` is the state the caller saw: if the protocol moved meanwhile
    (another worker, another click), nothing is sent twice. Raises
    ProtocolError if nothing can run, sending.SendRefused if the letter
    can't go (no address), LetterError if the record can't support it.
    """
    from despedida.letters import sending

    now = now or clock.now()
    with transaction.atomic():
        protocol = _locked(protocol)
        if protocol.state not in RUNNING_SILENCE_STATES:
            raise ProtocolError("not_running")
        if expect is not None and protocol.state != expect:
            raise ProtocolError("moved_on")
        if only_if_due and not is_due(protocol, today_for(protocol.workspace, now)):
            raise ProtocolError("not_due")
        draft = draft_step_letter(protocol, user=user, now=now)
        if by_hand:
            return sending.mark_sent_by_hand(draft, user=user, now=now)
        return sending.queue(draft, user=user, now=now)


def letter_went_out(draft: LetterDraft, *, user=None, now: dt.datetime | None = None) -> None:
    """Move the protocol on when its step's letter has left (queued or sent by hand)."""
    now = now or clock.now()
    with transaction.atomic():
        protocol = _locked(draft.silence_protocol)
        if STEP_LETTER.get(protocol.state) != draft.kind:
            return  # an extra letter, or a protocol that moved on meanwhile
        today = today_for(protocol.workspace, now)
        thresholds = thresholds_of(protocol.workspace)
        message = draft.message
        protocol.problem = ""
        if draft.kind == LetterKind.CHECKIN:
            protocol.checkin_sent_at = now
            protocol.ultimatum_due_on = today + dt.timedelta(days=thresholds.ultimatum_after_days)
            _move(
                protocol,
                SilenceState.CHECKIN_SENT,
                TransitionCause.CHECKIN_SENT,
                now,
                user=user,
                message=message,
                fields=("checkin_sent_at", "ultimatum_due_on", "problem"),
            )
        elif draft.kind == LetterKind.ULTIMATUM:
            # The letter promised a reply-by date counted from the day it was written.
            deadline = today_for(protocol.workspace, draft.created_at) + dt.timedelta(
                days=thresholds.ultimatum_deadline_days
            )
            deadline = max(deadline, today)
            protocol.ultimatum_sent_at, protocol.deadline = now, deadline
            record_ultimatum(protocol.client, on=today, deadline=deadline)
            _move(
                protocol,
                SilenceState.ULTIMATUM_SENT,
                TransitionCause.ULTIMATUM_SENT,
                now,
                user=user,
                message=message,
                fields=("ultimatum_sent_at", "deadline", "problem"),
            )
        else:
            portfolio, record = portfolio_for(protocol.client, today)
            final = plan_final_invoice(portfolio.business, record, today, today).final_invoice
            protocol.final_invoice = final.to_json() if final else None
            protocol.closed_at = now
            cause = (
                TransitionCause.DEADLINE_PASSED
                if protocol.deadline is not None and today >= protocol.deadline
                else TransitionCause.CLOSED_BY_USER
            )
            _move(
                protocol,
                SilenceState.CLOSED,
                cause,
                now,
                user=user,
                message=message,
                fields=("final_invoice", "closed_at", "problem"),
            )


# --- the worker's job -------------------------------------------------------------------


def _silent_candidates(workspace: Workspace, now: dt.datetime):
    """Clients with an unanswered message old enough to matter and no open protocol (a superset)."""
    cutoff = now - dt.timedelta(days=thresholds_of(workspace).silence_days)
    # Automatic replies answer nothing; a reply naming its thread may leave other threads
    # waiting, so it is left out here too (the set stays a superset; the record decides).
    last_in = Subquery(
        Message.objects.filter(client=OuterRef("client"), direction=Direction.IN, auto_reply="", in_reply_to="")
        .order_by("-at")
        .values("at")[:1]
    )
    client_ids = set(
        Message.objects.in_workspace(workspace)
        .filter(direction=Direction.OUT, needs_reply=True, at__lte=cutoff)
        .annotate(last_in=last_in)
        .filter(Q(last_in__isnull=True) | Q(at__gt=F("last_in")))
        .values_list("client_id", flat=True)
        .distinct()
    )
    open_ids = set(
        SilenceProtocol.objects.filter(workspace=workspace)
        .exclude(state__in=FINISHED_SILENCE_STATES)
        .values_list("client_id", flat=True)
    )
    return Client.objects.filter(pk__in=client_ids - open_ids).select_related("workspace")


def run_due_protocols(now: dt.datetime) -> int:
    """One pass of the worker: stop, detect, run due steps. Returns how many things changed."""
    changed = 0
    for protocol in SilenceProtocol.objects.exclude(state__in=FINISHED_SILENCE_STATES).select_related("client"):
        changed += stop_if_client_replied(protocol, now=now)
    for workspace in Workspace.objects.all():
        for client in _silent_candidates(workspace, now):
            changed += detect(client, now=now) is not None
    due = SilenceProtocol.objects.filter(state__in=RUNNING_SILENCE_STATES, automatic=True, problem="").select_related(
        "client", "workspace"
    )
    for protocol in due:
        if not is_due(protocol, today_for(protocol.workspace, now)):
            continue
        try:
            run_step(protocol, now=now, expect=protocol.state, only_if_due=True)
            changed += 1
        except ProtocolError:
            continue  # another worker or a click got there first
        except Exception as error:  # noqa: BLE001 - one client's problem must not stop the pass
            _report_problem(protocol, error)
    return changed


def _report_problem(protocol: SilenceProtocol, error: Exception) -> None:
    from despedida.letters.sending import SendRefused

    if isinstance(error, (SendRefused, LetterError)):
        reason = str(error)
    else:
        log.exception("silence protocol %s: step failed", protocol.pk)
        reason = f"unexpected error: {type(error).__name__}"
    SilenceProtocol.objects.filter(pk=protocol.pk).update(problem=reason[:300])
