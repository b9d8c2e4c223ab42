"""Letter drafts in the store: written by the engine, edited by the user,
checked for tone, versioned, and shown to a trusted colleague.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from despedida.accounts import clock
from despedida.accounts.clock import today_for
from despedida.accounts.tokens import hash_token, new_token
from despedida.clients.models import Client
from despedida.clients.record import portfolio_for
from despedida.core.letters import render
from despedida.core.letters.context import ExitDates, build_context
from despedida.core.letters.errors import LetterError  # noqa: F401  (re-exported for the views)
from despedida.core.tone.checker import check
from despedida.core.tone.model import ToneInputError, ToneReport
from despedida.letters import signals
from despedida.letters.models import (
    DraftStatus,
    LetterDraft,
    LetterKind,
    LetterVersion,
    ReviewComment,
    ReviewLink,
)

# A review link lasts this long unless the user picks another span.
REVIEW_LINK_DAYS = 7
# Comments from a review link: how long one may be, how many a link takes,
# and how soon after the previous one the next is accepted.
COMMENT_MAX_CHARS = 2000
COMMENTS_PER_LINK = 20
COMMENT_INTERVAL = dt.timedelta(seconds=20)

PLAN_KINDS = {LetterKind.TERMINATION, LetterKind.REPLY_PLEAD, LetterKind.REPLY_ANGER, LetterKind.REPLY_RELIEF}


def check_tone(text: str, lang: str = "auto", kind: str | None = None) -> ToneReport | None:
    """The tone report of `text`, or None when there is nothing to judge (empty text)."""
    try:
        return check(text, lang=lang, kind=kind)
    except ToneInputError:
        return None


def _exit_dates(plan) -> ExitDates:
    """The dates the user chose for the plan, not the engine's defaults."""
    invoice = plan.final_invoice or {}
    unbilled = tuple(
        (Decimal(line["amount"]), str(line["currency"]).upper())
        for line in invoice.get("lines", [])
        if line.get("kind") in render.UNBILLED_KINDS and Decimal(line["amount"]) > 0
    )
    due = invoice.get("due_on")
    return ExitDates(
        notice_on=plan.notice_on,
        last_work_on=plan.last_work_on,
        handover_until=plan.handover_until,
        unbilled=unbilled,
        final_due_on=dt.date.fromisoformat(due) if due else None,
    )


def write_letter(
    client: Client,
    kind: str,
    *,
    as_of: dt.date,
    lang: str | None = None,
    plan=None,
    options: Mapping[str, Any] | None = None,
) -> render.Letter:
    """The engine's draft; a letter for a plan states the plan's own dates. Raises LetterError."""
    portfolio, record = portfolio_for(client, as_of)
    if plan is None:
        return render.draft_letter(portfolio, record, kind, lang=lang, as_of=as_of, options=options)
    ctx = build_context(portfolio, record, lang, as_of, options, exit_dates=_exit_dates(plan))
    values, flags, _demand = render.values_for(ctx, kind)
    subject, body = render.render_template(kind, ctx.lang, values, flags)
    return render.Letter(subject=subject, body=body, lang=ctx.lang, kind=kind)


def _cache_tone(draft: LetterDraft, now: dt.datetime) -> None:
    report = check_tone(draft.body, lang=draft.language, kind=draft.kind)
    draft.tone_findings = [f.to_json() for f in report.findings] if report else []
    draft.tone_missing = [m.to_json() for m in report.missing] if report else []
    draft.tone_has_errors = bool(report and report.has_errors)
    draft.tone_checked_at = now


@transaction.atomic
def create_draft(
    client: Client,
    kind: str,
    *,
    user=None,
    plan=None,
    protocol=None,
    lang: str | None = None,
    options: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> LetterDraft:
    """Draft a letter with the engine and store it as version 1. Raises LetterError."""
    now = now or clock.now()
    letter = write_letter(client, kind, as_of=today_for(client.workspace, now), lang=lang, plan=plan, options=options)
    draft = LetterDraft(
        workspace=client.workspace,
        client=client,
        plan=plan,
        silence_protocol=protocol,
        kind=kind,
        language=letter.lang,
        subject=letter.subject,
        body=letter.body,
        created_by=user,
        created_at=now,
    )
    _cache_tone(draft, now)
    draft.save()
    LetterVersion.objects.create(
        draft=draft, number=1, subject=draft.subject, body=draft.body, created_at=now, created_by=user
    )
    signals.letter_drafted.send(sender=LetterDraft, draft=draft, user=user, now=now)
    return draft


@transaction.atomic
def save_version(draft: LetterDraft, *, subject: str, body: str, user=None, now: dt.datetime | None = None) -> bool:
    """Keep the new text as the next version; False if nothing changed."""
    body = body.replace("\r\n", "\n")
    if subject == draft.subject and body == draft.body:
        return False
    now = now or clock.now()
    top = draft.versions.aggregate(top=Max("number"))["top"] or 0
    LetterVersion.objects.create(
        draft=draft, number=top + 1, subject=subject, body=body, created_at=now, created_by=user
    )
    draft.subject, draft.body = subject, body
    _cache_tone(draft, now)
    draft.save()
    return True


# --- review links ---------------------------------------------------------------


def create_review_link(
    draft: LetterDraft, *, user=None, days: int = REVIEW_LINK_DAYS, label: str = "", now: dt.datetime | None = None
) -> tuple[ReviewLink, str]:
    """A new link and its token; the token is returned once and never stored."""
    now = now or clock.now()
    token, digest = new_token()
    link = ReviewLink.objects.create(
        draft=draft,
        token_hash=digest,
        created_by=user,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
        label=label.strip(),
    )
    return link, token


def revoke_review_link(link: ReviewLink, *, now: dt.datetime | None = None) -> None:
    if link.revoked_at is None:
        link.revoked_at = now or clock.now()
        link.save(update_fields=["revoked_at"])


def usable_link(token: str, *, now: dt.datetime | None = None) -> ReviewLink | None:
    """The link for `token` if it exists, is not revoked or expired, and its letter was not discarded."""
    link = (
        ReviewLink.objects.select_related("draft", "draft__client", "draft__workspace")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None or not link.is_usable(now) or link.draft.status == DraftStatus.DISCARDED:
        return None
    return link


class CommentRefused(Exception):
    """A comment the link does not take (too many, too soon); the message says why."""


@transaction.atomic
def add_comment(link: ReviewLink, *, author: str, body: str, now: dt.datetime | None = None) -> ReviewComment:
    now = now or clock.now()
    # Lock the link so two quick posts can't both pass the checks below.
    link = ReviewLink.objects.select_for_update().get(pk=link.pk)
    comments = link.comments.all()
    if comments.count() >= COMMENTS_PER_LINK:
        raise CommentRefused("too_many")
    latest = comments.order_by("-created_at").first()
    if latest is not None and now - latest.created_at < COMMENT_INTERVAL:
        raise CommentRefused("too_soon")
    comment = ReviewComment.objects.create(
        link=link, author=author.strip(), body=body.strip()[:COMMENT_MAX_CHARS], created_at=now
    )
    # A colleague has read it: for a plan, the review step happened.
    signals.letter_reviewed.send(sender=LetterDraft, draft=link.draft, now=now)
    return comment
