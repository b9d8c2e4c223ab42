"""One pass of the worker: recover dead claims, run due jobs, send due messages.

Sending one message is four steps, each a compare-and-swap update fenced
by the claim's token, so a worker that lost its claim can change nothing:

1. claim: QUEUED -> SENDING, attempts + 1 (the attempt is recorded before
   any side effect);
2. connect, STARTTLS, log in: nothing can be delivered yet, so any failure
   here is retried or reported, never ambiguous;
3. mark the handover (`delivery_started_at`), then run the SMTP
   transaction;
4. confirm: SENDING -> SENT, and the timeline entry, in one transaction.

A worker that dies between 3 and 4 leaves a SENDING row with a handover
time. After the lease, the next pass cannot know whether the server kept
the message, so it does not guess: the message becomes FAILED with an
unknown outcome, and the user checks their sent folder and confirms it or
sends it again (same Message-ID). Nothing is sent twice without a person
deciding, and nothing is silently lost. See docs/outbox.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from despedida.accounts import clock
from despedida.jobs import run_due_jobs
from despedida.outbox.models import SENT_STATUSES, Failure, OutboundMessage, SmtpAccount, Status
from despedida.outbox.services import record_in_timeline
from despedida.outbox.smtp import AccountBackend, Fate, Verdict, build_email, judge_failure, redact

logger = logging.getLogger("despedida.outbox")

# Longer than any one send can take (a few socket operations of EMAIL_TIMEOUT each).
LEASE = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 10
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_RETRY = dt.timedelta(hours=1)
BATCH = 100

SENT, RETRYING, FAILED, UNKNOWN, LOST = "sent", "retrying", "failed", "unknown", "lost_claim"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def lease() -> dt.timedelta:
    """How long a claim holds (`DESPEDIDA_OUTBOX_LEASE_SECONDS`; `make faults` shortens it)."""
    return _seconds("OUTBOX_LEASE_SECONDS", LEASE)


def _seconds(name: str, default: dt.timedelta) -> dt.timedelta:
    value = getattr(settings, name, None)
    return default if value is None else dt.timedelta(seconds=value)


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4 ... minutes after each failed attempt, at most an hour (both settings)."""
    first = _seconds("OUTBOX_FIRST_RETRY_SECONDS", FIRST_RETRY)
    return min(first * 2 ** max(attempts - 1, 0), _seconds("OUTBOX_LONGEST_RETRY_SECONDS", LONGEST_RETRY))


def _due(now: dt.datetime) -> Q:
    return Q(status=Status.QUEUED, next_attempt_at__lte=now) & (Q(not_before__isnull=True) | Q(not_before__lte=now))


def claim(message_id: int, worker: str, now: dt.datetime | None = None) -> OutboundMessage | None:
    """Take a due message for `worker`, or None if it is not due or another worker took it."""
    now = now or clock.now()
    token = uuid.uuid4()
    updated = OutboundMessage.objects.filter(_due(now), pk=message_id).update(
        status=Status.SENDING, claimed_by=worker, claimed_at=now, claim_token=token, attempts=F("attempts") + 1
    )
    if updated != 1:
        return None
    return OutboundMessage.objects.select_related("workspace", "client", "created_by").get(pk=message_id)


def _mine(message: OutboundMessage):
    return OutboundMessage.objects.filter(pk=message.pk, status=Status.SENDING, claim_token=message.claim_token)


def deliver(message: OutboundMessage, *, on_accepted: Callable[[OutboundMessage], None] | None = None) -> str:
    """Send a message this worker has claimed; return what became of it.

    `on_accepted` runs after the server accepted the message and before the
    confirmation is recorded: the tests raise from it to play a worker
    killed at the worst moment.
    """
    with translation.override(message.workspace.language):
        return _deliver(message, on_accepted)


def _deliver(message, on_accepted) -> str:
    account = SmtpAccount.objects.in_workspace(message.workspace).first()
    if account is None:
        return _settle(
            message,
            Verdict(
                Fate.SETTINGS, _("This workspace has no SMTP settings yet: add them and retry, or send it by hand.")
            ),
        )
    password, backend = "", None
    try:
        password = account.get_password()
        backend = AccountBackend(account, password)
        email = build_email(message, account, connection=backend)
        backend.open()  # connect, STARTTLS, log in: nothing can be delivered yet
    except Exception as exc:  # noqa: BLE001 - judged below; nothing was sent
        if backend is not None:
            backend.close_quietly()
        return _settle(message, judge_failure(exc, payload_sent=False, secrets=(password,)))
    try:
        handover = clock.now()
        if _mine(message).update(delivery_started_at=handover) != 1:
            logger.warning("Message %s: claim lost before sending; left alone", message.pk)
            return LOST
        message.delivery_started_at = handover
        try:
            backend.send_messages([email])
        except Exception as exc:  # noqa: BLE001
            return _settle(message, judge_failure(exc, payload_sent=backend.payload_sent, secrets=(password,)))
        if on_accepted is not None:
            on_accepted(message)
        return _confirm(message, backend.refused, password)
    finally:
        backend.close_quietly()


def _settle(message: OutboundMessage, verdict: Verdict) -> str:
    """Record a failed attempt: retry later, or stop and show why."""
    now = clock.now()
    if verdict.fate == Fate.RETRY and message.attempts < MAX_ATTEMPTS:
        outcome = RETRYING
        changes = {
            "status": Status.QUEUED,
            "next_attempt_at": now + retry_delay(message.attempts),
            "delivery_started_at": None,
        }
    elif verdict.fate == Fate.RETRY:
        outcome, changes = FAILED, {"status": Status.FAILED, "failure": Failure.GAVE_UP, "delivery_started_at": None}
    elif verdict.fate == Fate.UNKNOWN:
        outcome, changes = UNKNOWN, {"status": Status.FAILED, "failure": Failure.UNKNOWN_OUTCOME}
    else:
        failure = Failure.REJECTED if verdict.fate == Fate.REJECTED else Failure.SETTINGS
        outcome, changes = FAILED, {"status": Status.FAILED, "failure": failure, "delivery_started_at": None}
    reason = verdict.reason
    if verdict.fate == Fate.UNKNOWN:
        reason = f"{reason} {_check_sent_folder()}"
    if _mine(message).update(last_error=reason, **changes) != 1:
        logger.warning("Message %s: claim lost while recording a failure", message.pk)
        return LOST
    logger.warning("Message %s attempt %s: %s (%s)", message.pk, message.attempts, outcome, reason)
    return outcome


def _check_sent_folder() -> str:
    return _(
        "Check your sent folder (or ask the recipient): if it is there, confirm it was delivered; "
        "if not, send it again. It keeps the same Message-ID."
    )


def _confirm(message: OutboundMessage, refused: dict, password: str) -> str:
    """The server accepted the message: SENT and in the timeline, together.

    Fenced by the claim token only: if a lease ran out meanwhile and the
    message was declared of unknown outcome (or queued again by the user
    before any new claim), the truth is now known and wins.
    """
    note = ""
    if refused:
        replies = "; ".join(
            f"{a}: {c} {t.decode('utf-8', 'replace') if isinstance(t, bytes) else t}" for a, (c, t) in refused.items()
        )
        note = redact(
            _("Delivered, but the server refused some recipients: %(replies)s") % {"replies": replies}, password
        )
    with transaction.atomic():
        updated = (
            OutboundMessage.objects.filter(pk=message.pk, claim_token=message.claim_token)
            .exclude(status__in=SENT_STATUSES)
            .update(status=Status.SENT, sent_at=clock.now(), failure="", last_error=note)
        )
        if updated != 1:
            logger.error("Message %s was delivered but its claim was taken over; not recorded twice", message.pk)
            return LOST
        message.refresh_from_db()
        record_in_timeline(message)
    logger.info("Message %s sent (%s)", message.pk, message.message_id)
    return SENT


def release_expired_claims(now: dt.datetime | None = None) -> Counter:
    """Deal with messages whose worker died (claimed longer ago than the lease).

    Died before the handover: nothing was sent, queue it again.
    Died after: the outcome is unknown; stop and ask the user.
    """
    now = now or clock.now()
    counts: Counter = Counter()
    stale = OutboundMessage.objects.filter(status=Status.SENDING, claimed_at__lt=now - lease()).select_related(
        "workspace"
    )
    for message in stale:
        with translation.override(message.workspace.language):
            if message.delivery_started_at is None and message.attempts < MAX_ATTEMPTS:
                outcome = RETRYING
                changes = {
                    "status": Status.QUEUED,
                    "next_attempt_at": now,
                    "last_error": _("A worker stopped before reaching the server; nothing was sent. Queued again."),
                }
            elif message.delivery_started_at is None:
                outcome = FAILED
                changes = {
                    "status": Status.FAILED,
                    "failure": Failure.GAVE_UP,
                    "last_error": _("A worker stopped before reaching the server too many times; nothing was sent."),
                }
            else:
                outcome = UNKNOWN
                changes = {
                    "status": Status.FAILED,
                    "failure": Failure.UNKNOWN_OUTCOME,
                    "last_error": _(
                        "The worker stopped while handing this message to the server (%(when)s), "
                        "so it may or may not have been delivered."
                    )
                    % {"when": timezone.localtime(message.delivery_started_at).isoformat(timespec="seconds")}
                    + " "
                    + _check_sent_folder(),
                }
        if _mine(message).update(**changes) == 1:
            logger.warning("Message %s: claim by %s expired; %s", message.pk, message.claimed_by, outcome)
            counts[outcome] += 1
    return counts


def send_due_messages(
    worker: str,
    *,
    should_stop: Callable[[], bool] = lambda: False,
    on_accepted: Callable[[OutboundMessage], None] | None = None,
    limit: int = BATCH,
) -> Counter:
    """Claim and send the messages due now, one at a time, until none or `should_stop()`."""
    counts: Counter = Counter()
    ids = list(
        OutboundMessage.objects.filter(_due(clock.now()))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    for message_id in ids:
        if should_stop():
            break
        message = claim(message_id, worker)
        if message is None:
            continue  # another worker got there first, or it was cancelled
        counts[deliver(message, on_accepted=on_accepted)] += 1
    return counts


@dataclass
class PassReport:
    messages: Counter = field(default_factory=Counter)
    recovered: Counter = field(default_factory=Counter)
    jobs: dict[str, int] = field(default_factory=dict)
    failed_jobs: list[str] = field(default_factory=list)

    @property
    def did_something(self) -> bool:
        return bool(+self.messages or +self.recovered or any(self.jobs.values()) or self.failed_jobs)

    def __str__(self) -> str:
        m = self.messages
        parts = [
            _("sent %(sent)d, retrying %(retrying)d, failed %(failed)d, unknown outcome %(unknown)d")
            % {"sent": m[SENT], "retrying": m[RETRYING], "failed": m[FAILED], "unknown": m[UNKNOWN]},
        ]
        if +self.recovered:
            listed = ", ".join(f"{k} {v}" for k, v in sorted(self.recovered.items()))
            parts.append(_("expired claims: %(list)s") % {"list": listed})
        if self.jobs:
            listed = ", ".join(f"{k} {v}" for k, v in sorted(self.jobs.items()))
            parts.append(_("jobs: %(list)s") % {"list": listed})
        if self.failed_jobs:
            parts.append(_("failed jobs: %(list)s") % {"list": ", ".join(self.failed_jobs)})
        return "; ".join(parts)


def run_pass(
    worker: str,
    *,
    should_stop: Callable[[], bool] = lambda: False,
    on_accepted: Callable[[OutboundMessage], None] | None = None,
) -> PassReport:
    report = PassReport()
    now = clock.now()
    report.recovered = release_expired_claims(now)
    if should_stop():
        return report
    report.jobs, report.failed_jobs = run_due_jobs(now)
    report.messages = send_due_messages(worker, should_stop=should_stop, on_accepted=on_accepted)
    return report
