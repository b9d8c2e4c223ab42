"""What goes out: each workspace's SMTP account and the messages waiting to be sent.

The database is the queue. A message's `status` moves only through
compare-and-swap updates (see `services` and `worker`), and the check
constraints below keep the other fields coherent with it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.encoding import punycode
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import Language, WorkspaceOwned
from despedida.outbox import crypto


class Security(models.TextChoices):
    NONE = "none", _("None (plain text)")
    STARTTLS = "starttls", _("STARTTLS (usually port 587)")
    TLS = "tls", _("TLS from the start (usually port 465)")


class SmtpAccount(WorkspaceOwned):
    """The server a workspace sends through. One per workspace; owners edit it."""

    host = models.CharField(_("server"), max_length=255)
    port = models.PositiveIntegerField(
        _("port"), default=587, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    security = models.CharField(_("encryption"), max_length=8, choices=Security.choices, default=Security.STARTTLS)
    username = models.CharField(_("user name"), max_length=255, blank=True)
    # A Fernet token (see crypto.py); the plain password is never stored nor shown.
    password_encrypted = models.TextField(blank=True, editable=False)
    from_address = models.EmailField(_("from address"))
    from_name = models.CharField(_("from name"), max_length=200, blank=True)
    reply_to = models.EmailField(_("reply-to address"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace"], name="one_smtp_account_per_workspace")]
        verbose_name = _("SMTP account")
        verbose_name_plural = _("SMTP accounts")

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def has_password(self) -> bool:
        return bool(self.password_encrypted)

    def set_password(self, raw: str) -> None:
        self.password_encrypted = crypto.encrypt(raw) if raw else ""

    def get_password(self) -> str:
        """The plain password; raises `crypto.UndecryptableSecret` if the key changed."""
        return crypto.decrypt(self.password_encrypted) if self.password_encrypted else ""

    @property
    def message_id_domain(self) -> str:
        """The from address's domain, in ASCII (headers are ASCII)."""
        return punycode(self.from_address.rpartition("@")[2].lower())


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    MARKED_SENT = "marked_sent", _("Sent by hand")


class Failure(models.TextChoices):
    """Why a message stopped at FAILED; each asks the user for something different."""

    REJECTED = "rejected", _("The server refused it")
    GAVE_UP = "gave_up", _("Too many temporary failures")
    SETTINGS = "settings", _("The SMTP settings need attention")
    UNKNOWN_OUTCOME = "unknown_outcome", _("Outcome unknown: check your sent folder")


SENT_STATUSES = (Status.SENT, Status.MARKED_SENT)

kind_validator = RegexValidator(r"^[a-z][a-z0-9_]*$", _("Use a letter kind code such as termination."))


class OutboundMessage(WorkspaceOwned):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="outbound_messages")
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    body = models.TextField(_("body"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ES)
    kind = models.CharField(_("kind"), max_length=40, validators=[kind_validator])
    # Generated once: a re-send after an unknown outcome carries the same one,
    # so the recipient's mail client can tell it is the same message.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True, editable=False)
    # A letter sent from its page may carry itself as a PDF (rendered when the message is built).
    attach_letter_pdf = models.BooleanField(_("attach the letter as a PDF"), default=False)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    failure = models.CharField(_("failure"), max_length=16, choices=Failure.choices, blank=True, default="")
    last_error = models.TextField(_("last error"), blank=True)
    # Attempts in the current run: a retry asked for by the user starts again at 0.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    # The latest claim by a worker. `claim_token` fences a claim: a worker that
    # lost its claim (its lease expired) can no longer move the row.
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    # Set just before the SMTP transaction (MAIL FROM) starts. A claim that
    # died without it provably sent nothing; one that died with it may have.
    delivery_started_at = models.DateTimeField(null=True, blank=True)

    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    timeline_message = models.OneToOneField(
        "clients.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who confirmed it by hand (marked it sent, or confirmed an unknown outcome).
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["status", "claimed_at"], name="outbox_claims"),
            models.Index(fields=["workspace", "status"], name="outbox_ws_status"),
        ]
        constraints = [
            models.CheckConstraint(
                name="outbox_sending_has_a_claim",
                condition=~Q(status=Status.SENDING)
                | (Q(claimed_at__isnull=False, claim_token__isnull=False) & ~Q(claimed_by="")),
            ),
            models.CheckConstraint(
                name="outbox_queued_has_next_attempt",
                condition=~Q(status=Status.QUEUED) | Q(next_attempt_at__isnull=False),
            ),
            models.CheckConstraint(
                name="outbox_sent_at_iff_sent",
                condition=Q(status__in=SENT_STATUSES, sent_at__isnull=False)
                | (~Q(status__in=SENT_STATUSES) & Q(sent_at__isnull=True)),
            ),
            models.CheckConstraint(
                name="outbox_failure_iff_failed",
                condition=(Q(status=Status.FAILED) & ~Q(failure="")) | (~Q(status=Status.FAILED) & Q(failure="")),
            ),
            models.CheckConstraint(
                name="outbox_handover_only_while_it_matters",
                condition=Q(delivery_started_at__isnull=True)
                | Q(status__in=[Status.SENDING, Status.SENT])
                | Q(status=Status.FAILED, failure=Failure.UNKNOWN_OUTCOME),
            ),
            models.CheckConstraint(
                name="outbox_unknown_outcome_has_handover",
                condition=~Q(failure=Failure.UNKNOWN_OUTCOME) | Q(delivery_started_at__isnull=False),
            ),
        ]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")

    def __str__(self) -> str:
        return self.subject

    @property
    def is_done(self) -> bool:
        return self.status in SENT_STATUSES

    @property
    def outcome_unknown(self) -> bool:
        return self.status == Status.FAILED and self.failure == Failure.UNKNOWN_OUTCOME

    @property
    def can_queue(self) -> bool:
        """Draft to send, or failed to retry (an unknown outcome too: the user checked)."""
        return self.status in (Status.DRAFT, Status.FAILED)

    @property
    def can_cancel(self) -> bool:
        return self.status in (Status.QUEUED, Status.FAILED)

    @property
    def can_mark_sent(self) -> bool:
        return self.status in (Status.DRAFT, Status.QUEUED, Status.FAILED)
