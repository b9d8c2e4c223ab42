"""Stored letter drafts: their versions, the cool-off, and the review links.

The wording comes from the pure letters engine (render.py) and the tone
report from despedida.core.tone; these rows keep what the user wrote, every
version of it, when it may leave, and what a trusted colleague said.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from despedida.accounts import clock
from despedida.accounts.models import Language, WorkspaceOwned
from despedida.clients.models import Client, Message

USER = settings.AUTH_USER_MODEL

# A letter drafted for an exit plan waits this long before it can be sent (domain.md, part 4).
COOL_OFF = dt.timedelta(hours=24)


class LetterKind(models.TextChoices):
    TERMINATION = "termination", _("Ending the relationship")
    CHECKIN = "checkin", _("Check-in")
    ULTIMATUM = "ultimatum", _("Reply-by notice")
    CLOSING = "closing", _("Closing the file")
    DECLINE = "decline", _("Declining a prospect")
    RENEGOTIATION = "renegotiation", _("Proposing new terms")
    REPLY_PLEAD = "reply_plead", _("Reply to a plea for another chance")
    REPLY_ANGER = "reply_anger", _("Reply to an angry answer")
    REPLY_RELIEF = "reply_relief", _("Reply to a relieved answer")
    PAYMENT_REMINDER = "payment_reminder", _("Payment reminder")
    FORMAL_DEMAND = "formal_demand", _("Formal demand")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Waiting in the outbox")
    SENT = "sent", _("Sent")
    DISCARDED = "discarded", _("Discarded")


class LetterDraft(WorkspaceOwned):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="letter_drafts")
    plan = models.ForeignKey("exits.ExitPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="letters")
    silence_protocol = models.ForeignKey(
        "exits.SilenceProtocol", on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    kind = models.CharField(_("kind of letter"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=500)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The cool-off counts from here; editing the draft does not restart it.
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # The tone report of the current text, so lists and the dashboard need not re-run the checker.
    tone_findings = models.JSONField(default=list, blank=True)
    tone_missing = models.JSONField(default=list, blank=True)
    tone_has_errors = models.BooleanField(default=False)
    tone_checked_at = models.DateTimeField(null=True, blank=True)

    # Sending before the cool-off ends needs a reason, kept with who and when.
    cool_off_overridden_at = models.DateTimeField(null=True, blank=True)
    cool_off_overridden_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cool_off_override_reason = models.TextField(_("reason to send before the cool-off ends"), blank=True)

    # Sending with "change this" tone findings still open is a conscious choice, kept
    # with who, when and the findings that were open at that moment.
    tone_overridden_at = models.DateTimeField(null=True, blank=True)
    tone_overridden_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    tone_override_findings = models.JSONField(default=list, blank=True)

    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by_hand = models.BooleanField(default=False)
    outbound = models.OneToOneField(
        "outbox.OutboundMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="letter_draft"
    )
    # The row of the client's timeline, once the letter has gone out.
    message = models.OneToOneField(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(cool_off_overridden_at__isnull=True) & Q(cool_off_override_reason=""))
                | (Q(cool_off_overridden_at__isnull=False) & ~Q(cool_off_override_reason="")),
                name="cool_off_override_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="sent_letter_has_a_time"
            ),
        ]
        indexes = [models.Index(fields=["workspace", "status"])]
        verbose_name = _("letter draft")
        verbose_name_plural = _("letter drafts")

    def __str__(self) -> str:
        return self.subject

    @property
    def needs_cool_off(self) -> bool:
        return self.plan_id is not None

    @property
    def cool_off_ends_at(self) -> dt.datetime | None:
        return self.created_at + COOL_OFF if self.needs_cool_off else None

    @property
    def open_tone_errors(self) -> list[dict]:
        """The error-level tone findings of the current text: what should change before it leaves."""
        return [f for f in self.tone_findings if f.get("severity") == "error"]

    def cooling_off(self, now: dt.datetime | None = None) -> bool:
        """True while the letter may not leave: drafted for a plan less than 24 hours ago, no override."""
        if not self.needs_cool_off or self.cool_off_overridden_at is not None:
            return False
        return (now or clock.now()) < self.cool_off_ends_at

    @property
    def is_editable(self) -> bool:
        return self.status == DraftStatus.DRAFT

    @property
    def text(self) -> str:
        return f"{self.subject}\n\n{self.body}"


class LetterVersion(models.Model):
    """Every saved text of a draft, oldest first; number 1 is what the engine wrote."""

    draft = models.ForeignKey(LetterDraft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=500)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="letter_version_numbers_unique")]
        verbose_name = _("letter version")
        verbose_name_plural = _("letter versions")


class ReviewLink(models.Model):
    """A read-only link for a trusted colleague; only the SHA-256 of its token is stored."""

    draft = models.ForeignKey(LetterDraft, on_delete=models.CASCADE, related_name="review_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    label = models.CharField(_("who it is for"), max_length=80, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review link")
        verbose_name_plural = _("review links")

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and (now or clock.now()) < self.expires_at


class ReviewComment(models.Model):
    """What the colleague said, without an account."""

    link = models.ForeignKey(ReviewLink, on_delete=models.CASCADE, related_name="comments")
    author = models.CharField(_("your name (optional)"), max_length=80, blank=True)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
