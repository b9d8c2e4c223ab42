"""Letting a draft go: the cool-off, the outbox, and "I sent it myself".

A letter drafted for an exit plan can't leave before 24 hours have passed
(domain.md, part 4: wait, re-read, show it to someone) unless the user gives
a reason, which is kept with who gave it and when. A letter goes out either
through the outbox (`queue`) or from the user's own mail client
(`mark_sent_by_hand`, with an .eml to download). Once it has left, the
client's timeline has it, the plan's "send" step is ticked and the silence
protocol moves on (`after_letter_out`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from despedida.accounts import clock
from despedida.clients.paper_trail import record_sent
from despedida.letters import signals
from despedida.letters.models import DraftStatus, LetterDraft


class SendRefused(Exception):
    """The letter can't go now; `code` says why (cool_off, no_address, not_a_draft)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def _check_cool_off(draft: LetterDraft, *, user, now: dt.datetime, override_reason: str) -> None:
    if not draft.cooling_off(now):
        return
    reason = override_reason.strip()
    if not reason:
        raise SendRefused("cool_off")
    draft.cool_off_overridden_at, draft.cool_off_overridden_by = now, user
    draft.cool_off_override_reason = reason


def _check_tone(draft: LetterDraft, *, user, now: dt.datetime, send_anyway: bool) -> None:
    """Open "change this" findings stop a letter unless the user chose, knowingly, to send it anyway."""
    open_errors = draft.open_tone_errors
    if not open_errors:
        return
    if not send_anyway:
        raise SendRefused("tone")
    draft.tone_overridden_at, draft.tone_overridden_by = now, user
    draft.tone_override_findings = open_errors


def _lock(draft: LetterDraft) -> LetterDraft:
    locking = LetterDraft.objects.select_for_update(of=("self",)).select_related("client", "workspace")
    locked = locking.get(pk=draft.pk)
    if locked.status != DraftStatus.DRAFT:
        raise SendRefused("not_a_draft")
    return locked


def _outbound_fields(draft: LetterDraft, address: str, user) -> dict:
    return dict(
        to=address, subject=draft.subject, body=draft.body, kind=draft.kind, language=draft.language, created_by=user
    )


def outbound_draft(draft: LetterDraft, *, user=None):
    """The outbox's copy of the letter, kept as an outbox draft with the current text.

    One copy per letter, so the .eml download, a later "mark as sent" and the
    queued message all carry the same Message-ID. Raises SendRefused without an address.
    """
    from despedida.outbox.models import Status
    from despedida.outbox.services import draft_message

    address = (draft.client.contact_email or "").strip()
    if not address:
        raise SendRefused("no_address")
    outbound = draft.outbound
    if outbound is None:
        try:
            outbound = draft_message(draft.workspace, draft.client, **_outbound_fields(draft, address, user))
        except ValidationError:
            raise SendRefused("bad_address") from None
        LetterDraft.objects.filter(pk=draft.pk).update(outbound=outbound)
        draft.outbound = outbound
    elif outbound.status == Status.DRAFT and (outbound.subject, outbound.body, outbound.to) != (
        draft.subject,
        draft.body,
        [address],
    ):
        outbound.subject, outbound.body, outbound.to = draft.subject, draft.body, [address]
        outbound.save(update_fields=["subject", "body", "to"])
    return outbound


def queue(
    draft: LetterDraft,
    *,
    user=None,
    now: dt.datetime | None = None,
    override_reason: str = "",
    send_anyway: bool = False,
) -> LetterDraft:
    """Put the letter in the outbox for the client's address. Raises SendRefused."""
    from despedida.outbox.services import queue as queue_outbound

    now = now or clock.now()
    with transaction.atomic():
        draft = _lock(draft)
        _check_cool_off(draft, user=user, now=now, override_reason=override_reason)
        _check_tone(draft, user=user, now=now, send_anyway=send_anyway)
        outbound = outbound_draft(draft, user=user)
        # The outbox holds it until the cool-off ends as well, whatever happens here.
        outbound.not_before = None if draft.cool_off_overridden_at else draft.cool_off_ends_at
        outbound.save(update_fields=["not_before"])
        queue_outbound(outbound)
        draft.status, draft.queued_at = DraftStatus.QUEUED, now
        draft.save()
        after_letter_out(draft, user=user, now=now, sent=False)
    return draft


def mark_sent_by_hand(
    draft: LetterDraft,
    *,
    user=None,
    now: dt.datetime | None = None,
    override_reason: str = "",
    send_anyway: bool = False,
) -> LetterDraft:
    """The user sent it from their own mail client: it is in the timeline from now."""
    from despedida.outbox.services import mark_sent_by_hand as mark_outbound

    now = now or clock.now()
    with transaction.atomic():
        draft = _lock(draft)
        _check_cool_off(draft, user=user, now=now, override_reason=override_reason)
        _check_tone(draft, user=user, now=now, send_anyway=send_anyway)
        try:
            outbound = outbound_draft(draft, user=user)
        except SendRefused:
            outbound = None  # no address on record: the timeline gets it all the same
        if outbound is not None:
            mark_outbound(outbound, user)
            draft.sent_at, draft.message = outbound.sent_at, outbound.timeline_message
        else:
            draft.sent_at = now
            draft.message = record_sent(draft.client, at=now, subject=draft.subject, body=draft.body)
        draft.status, draft.sent_by_hand = DraftStatus.SENT, True
        draft.save()
        after_letter_out(draft, user=user, now=now, sent=True)
    return draft


def after_letter_out(draft: LetterDraft, *, user=None, now: dt.datetime, sent: bool) -> None:
    """Announce that a letter left; the plan ticks its send step, the protocol moves on (their receivers)."""
    signals.letter_went_out.send(sender=LetterDraft, draft=draft, user=user, now=now, sent=sent)


def sync_outbox(now: dt.datetime | None = None) -> int:
    """Follow queued letters in the outbox; the worker calls this on each pass.

    Sent there (by the worker or by hand on the outbox page): the letter is
    sent. Cancelled there (back to an outbox draft): the letter is a draft again.
    """
    now = now or clock.now()
    done = 0
    for draft in LetterDraft.objects.filter(status=DraftStatus.QUEUED, outbound__isnull=False):
        done += sync_one(draft, now=now)
    return done


def sync_one(draft: LetterDraft, *, now: dt.datetime | None = None) -> bool:
    from despedida.outbox.models import SENT_STATUSES, Status

    now = now or clock.now()
    with transaction.atomic():
        locking = LetterDraft.objects.select_for_update(of=("self",)).select_related("outbound", "client")
        draft = locking.get(pk=draft.pk)
        outbound = draft.outbound
        if draft.status != DraftStatus.QUEUED or outbound is None:
            return False
        if outbound.status in SENT_STATUSES:
            draft.status, draft.sent_at, draft.message = DraftStatus.SENT, outbound.sent_at, outbound.timeline_message
            draft.save(update_fields=["status", "sent_at", "message"])
            after_letter_out(draft, now=now, sent=True)
            return True
        if outbound.status == Status.DRAFT:
            draft.status, draft.queued_at = DraftStatus.DRAFT, None
            draft.save(update_fields=["status", "queued_at"])
            return True
    return False
