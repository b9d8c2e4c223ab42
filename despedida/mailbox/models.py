"""Mail in, stored: each workspace's mailbox, the ledger of what was read, unknown senders, client addresses.

The ledger is the queue: a row per message of a folder, keyed by
(mailbox, folder, UIDVALIDITY, UID) for IMAP and (workspace, file, content
hash, position) for a mail export, with a unique constraint, so nothing is
read twice. Of a message that matched no client the ledger keeps only its
Message-ID and the addresses it could be matched on; the message itself
is not stored.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import WorkspaceOwned
from despedida.outbox import crypto

DEFAULT_FOLDERS = ["INBOX"]


class Security(models.TextChoices):
    TLS = "tls", _("TLS from the start (usually port 993)")
    STARTTLS = "starttls", _("STARTTLS (usually port 143)")
    NONE = "none", _("None (only for a server on this machine)")


class Mailbox(WorkspaceOwned):
    """The IMAP account a workspace reads its mail from. One per workspace; owners edit it."""

    host = models.CharField(_("IMAP server"), max_length=255)
    port = models.PositiveIntegerField(
        _("port"), default=993, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    security = models.CharField(_("encryption"), max_length=8, choices=Security.choices, default=Security.TLS)
    username = models.CharField(_("user name"), max_length=255)
    # A Fernet token (outbox.crypto, the SMTP password's key); the plain password is never stored nor shown.
    password_encrypted = models.TextField(blank=True, editable=False)
    folders = models.JSONField(_("folders to read"), default=list, blank=True)
    # The folders the server listed last time we asked, for the picker.
    server_folders = models.JSONField(default=list, blank=True, editable=False)
    aliases = models.TextField(
        _("your other addresses"),
        blank=True,
        help_text=_("One per line: addresses you also write from. Mail from them counts as yours."),
    )
    snippets = models.BooleanField(
        _("keep a short snippet of each message"),
        default=True,
        help_text=_("The first words of the text, to judge whether a message asks something. Off: headers only."),
    )
    months = models.PositiveSmallIntegerField(
        _("read the last (months)"),
        default=18,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    sync_every_minutes = models.PositiveSmallIntegerField(
        _("read new mail every (minutes)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
    )
    enabled = models.BooleanField(_("read mail automatically"), default=True)

    # The worker's bookkeeping: the next sync due, and a lease so two workers never read at once.
    next_sync_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    # What went wrong last time, as codes and values (see imap.MailServerError.as_data); worded when shown.
    last_problems = models.JSONField(default=list, blank=True)
    last_counts = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace"], name="one_mailbox_per_workspace")]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.username}@{self.host}:{self.port}"

    @property
    def has_password(self) -> bool:
        return bool(self.password_encrypted)

    def set_password(self, raw: str) -> None:
        self.password_encrypted = crypto.encrypt(raw) if raw else ""

    def get_password(self) -> str:
        """The plain password; raises `crypto.UndecryptableSecret` if the key changed."""
        return crypto.decrypt(self.password_encrypted) if self.password_encrypted else ""

    def alias_list(self) -> list[str]:
        return [line.strip().lower() for line in self.aliases.splitlines() if line.strip()]


class Source(models.TextChoices):
    IMAP = "imap", _("Mailbox (IMAP)")
    FILE = "file", _("Mail export file")


class Status(models.TextChoices):
    FETCHED = "fetched", _("Being read")
    STORED = "stored", _("In a client's record")
    SKIPPED_UNMATCHED = "skipped_unmatched", _("Matched no client")
    FAILED = "failed", _("Could not be read")


# After this many attempts a message stays FAILED until the user acts; before, each sync retries it.
MAX_ATTEMPTS = 5


class LedgerEntry(WorkspaceOwned):
    source = models.CharField(max_length=4, choices=Source.choices)
    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, null=True, blank=True, related_name="ledger")
    folder = models.CharField(max_length=500)
    uidvalidity = models.BigIntegerField()
    uid = models.BigIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FETCHED)
    reason = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    message_id = models.CharField(max_length=500, blank=True)
    client = models.ForeignKey("clients.Client", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # For a message that matched no client: the addresses it could match on, space-separated with
    # a space at each end (so `contains=" a@b "` finds one on any database).
    counterparts = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "folder", "uidvalidity", "uid"], condition=Q(source="imap"), name="ledger_imap_once"
            ),
            models.UniqueConstraint(
                fields=["workspace", "folder", "uidvalidity", "uid"],
                condition=Q(source="file"),
                name="ledger_file_once",
            ),
            models.CheckConstraint(
                name="ledger_imap_has_mailbox",
                condition=Q(source="imap", mailbox__isnull=False) | Q(source="file", mailbox__isnull=True),
            ),
            models.CheckConstraint(name="ledger_failed_says_why", condition=~Q(status="failed") | ~Q(reason="")),
        ]
        indexes = [models.Index(fields=["workspace", "status"]), models.Index(fields=["workspace", "message_id"])]
        verbose_name = _("mail ledger entry")
        verbose_name_plural = _("mail ledger")


class UnknownSender(WorkspaceOwned):
    """Someone who wrote to the business and matched no client: address, count, last date; no subjects."""

    address = models.CharField(_("address"), max_length=320)
    count = models.PositiveIntegerField(_("messages"), default=0)
    last_at = models.DateTimeField(_("latest"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "address"], name="unknown_sender_once")]
        ordering = ["-last_at", "address"]
        verbose_name = _("unknown sender")
        verbose_name_plural = _("unknown senders")

    def __str__(self) -> str:
        return self.address


class AddressKind(models.TextChoices):
    ADDRESS = "address", _("Address")
    DOMAIN = "domain", _("Domain")


class ClientAddress(WorkspaceOwned):
    """An address or a domain of a client's, besides its contact email: how mail finds the client."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="mail_addresses")
    kind = models.CharField(_("kind"), max_length=7, choices=AddressKind.choices, default=AddressKind.ADDRESS)
    value = models.CharField(_("address or domain"), max_length=320)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "value"], name="client_address_once")]
        ordering = ["kind", "value"]
        verbose_name = _("client mail address")
        verbose_name_plural = _("client mail addresses")

    def __str__(self) -> str:
        return self.value
