"""The outbox as other apps and the pages use it.

    from despedida.outbox.services import queue_message, mark_sent_by_hand, eml_bytes

Every change of status is a compare-and-swap update (`UPDATE ... WHERE
status IN (...)`): a click that arrives after the worker took the message
changes nothing and says so (`StaleMessage`). A message that reaches SENT
or MARKED_SENT lands in the client's timeline in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from email.utils import make_msgid
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from despedida.accounts import clock
from despedida.accounts.models import Language, Workspace
from despedida.clients.models import Client, Direction, Message, MessageOrigin
from despedida.outbox.models import Failure, OutboundMessage, SmtpAccount, Status, kind_validator
from despedida.outbox.smtp import build_email


class StaleMessage(Exception):
    """The message is no longer in a state that allows this (someone got there first)."""


def queue_message(
    workspace: Workspace,
    client: Client,
    *,
    to: str | Sequence[str],
    subject: str,
    body: str,
    kind: str,
    language: str,
    not_before: dt.datetime | None = None,
    created_by=None,
    cc: str | Sequence[str] = (),
) -> OutboundMessage:
    """Queue a message for the worker, which sends it once `not_before` has passed.

    Raises `ValidationError` for unusable input (bad address, a subject on
    several lines, a client of another workspace).
    """
    message = _new_message(
        workspace,
        client,
        to=to,
        cc=cc,
        subject=subject,
        body=body,
        kind=kind,
        language=language,
        not_before=not_before,
        created_by=created_by,
    )
    message.status = Status.QUEUED
    message.next_attempt_at = clock.now()
    message.save()
    return message


def draft_message(workspace: Workspace, client: Client, **fields) -> OutboundMessage:
    """As `queue_message`, but kept as a draft until `queue` is called."""
    message = _new_message(workspace, client, **fields)
    message.status = Status.DRAFT
    message.save()
    return message


def _new_message(
    workspace, client, *, to, subject, body, kind, language, not_before=None, created_by=None, cc=()
) -> OutboundMessage:
    if client.workspace_id != workspace.pk:
        raise ValidationError(_("The client belongs to another workspace."))
    to_list, cc_list = _addresses(to), _addresses(cc)
    if not to_list:
        raise ValidationError(_("A message needs at least one recipient."))
    if "\n" in subject or "\r" in subject:
        raise ValidationError(_("The subject must be a single line."))
    if language not in Language.values:
        raise ValidationError(_("Unknown language %(code)r.") % {"code": language})
    kind_validator(kind)
    if not_before is not None and timezone.is_naive(not_before):
        raise ValidationError("not_before must be an aware datetime.")  # a programming error
    return OutboundMessage(
        workspace=workspace,
        client=client,
        to=to_list,
        cc=cc_list,
        subject=subject,
        body=body,
        kind=kind,
        language=language,
        not_before=not_before,
        created_by=created_by,
        message_id=new_message_id(workspace),
    )


def _addresses(value: str | Iterable[str]) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value)
    addresses = [item.strip() for item in items if item and item.strip()]
    for address in addresses:
        validate_email(address)
    return addresses


def new_message_id(workspace: Workspace) -> str:
    """A globally unique Message-ID under the sender's domain (or the site's)."""
    account = SmtpAccount.objects.in_workspace(workspace).first()
    domain = account.message_id_domain if account else (urlsplit(settings.SITE_URL).hostname or "localhost")
    return make_msgid(domain=domain)


def _move(message: OutboundMessage, allowed: Iterable[str], **changes) -> None:
    """Compare-and-swap `message` from one of `allowed` statuses; refresh it."""
    updated = OutboundMessage.objects.filter(pk=message.pk, status__in=list(allowed)).update(**changes)
    if updated != 1:
        message.refresh_from_db()
        raise StaleMessage(message.get_status_display())
    message.refresh_from_db()


def queue(message: OutboundMessage) -> None:
    """Send a draft, or try a failed message again from the first attempt.

    An unknown outcome goes out again with the same Message-ID: the user
    has checked that the first one did not arrive.
    """
    _move(
        message,
        [Status.DRAFT, Status.FAILED],
        status=Status.QUEUED,
        failure="",
        attempts=0,
        next_attempt_at=clock.now(),
        delivery_started_at=None,
    )


def cancel(message: OutboundMessage) -> None:
    """Stop a queued or failed message from going out; it goes back to draft."""
    _move(
        message,
        [Status.QUEUED, Status.FAILED],
        status=Status.DRAFT,
        failure="",
        delivery_started_at=None,
        next_attempt_at=None,
    )


def mark_sent_by_hand(message: OutboundMessage, user) -> None:
    """The user sent it from their own mail client: done, and in the timeline."""
    now = clock.now()
    with transaction.atomic():
        _move(
            message,
            [Status.DRAFT, Status.QUEUED, Status.FAILED],
            status=Status.MARKED_SENT,
            sent_at=now,
            failure="",
            delivery_started_at=None,
            confirmed_by=user,
        )
        record_in_timeline(message)


def confirm_delivered(message: OutboundMessage, user) -> None:
    """After an unknown outcome, the user found the message in their sent folder.

    It counts as sent by the worker, at the moment the handover started.
    """
    with transaction.atomic():
        updated = OutboundMessage.objects.filter(
            pk=message.pk, status=Status.FAILED, failure=Failure.UNKNOWN_OUTCOME
        ).update(status=Status.SENT, failure="", sent_at=F("delivery_started_at"), confirmed_by=user)
        message.refresh_from_db()
        if updated != 1:
            raise StaleMessage(message.get_status_display())
        record_in_timeline(message)


NEEDS_REPLY_KINDS = frozenset({"checkin", "ultimatum", "renegotiation", "payment_reminder", "formal_demand"})


def record_in_timeline(message: OutboundMessage) -> Message:
    """Add the sent message to the client's timeline; call inside the status change's transaction."""
    assert message.sent_at is not None
    last = Message.objects.filter(client_id=message.client_id).aggregate(last=Max("position"))["last"]
    entry = Message.objects.create(
        position=0 if last is None else last + 1,
        # Letters that ask the client for an answer start the silence clock.
        needs_reply=message.kind in NEEDS_REPLY_KINDS,
        workspace_id=message.workspace_id,
        client_id=message.client_id,
        at=message.sent_at,
        utc_offset_minutes=_offset_minutes(message.workspace.timezone, message.sent_at),
        direction=Direction.OUT,
        origin=MessageOrigin.SENT,
        subject=message.subject[:500],
        body=message.body,
        # So the copy in the sent folder, read back from the mailbox, is known as this one.
        message_id=message.message_id.strip("<>"),
    )
    OutboundMessage.objects.filter(pk=message.pk).update(timeline_message=entry)
    message.timeline_message = entry
    return entry


def _offset_minutes(zone: str, at: dt.datetime) -> int:
    try:
        offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    except (ValueError, KeyError):  # an unknown zone name: keep UTC
        return 0
    return int(offset.total_seconds() // 60) if offset else 0


def eml_bytes(message: OutboundMessage) -> bytes:
    """The message as an .eml file, to send by hand from one's own mail client.

    `X-Unsent: 1` makes Outlook and others open it as a draft ready to send.
    It carries the stored Message-ID, like every automatic attempt.
    """
    account = SmtpAccount.objects.in_workspace(message.workspace_id).first()
    email = build_email(message, account, extra_headers={"X-Unsent": "1"})
    return email.message().as_bytes(linesep="\r\n")
