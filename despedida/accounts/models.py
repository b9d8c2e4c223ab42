"""Workspaces (one business each) and who may enter them."""

from __future__ import annotations

import json
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtraEncoder(DjangoJSONEncoder):
    """Keys kept from a portfolio file: a decimal stays a JSON number, as it came.

    A float's repr is the shortest text that reads back the same, so for any
    decimal of up to 15 significant digits the JSON text is the decimal's own
    digits; `ExtraDecoder` reads it back as a Decimal.
    """

    def default(self, value):
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return super().default(value)


_DECODE_EXTRA = json.JSONDecoder(parse_float=Decimal).decode


class ExtraField(models.JSONField):
    """Keys kept from a portfolio file. Numbers with a fraction come back as
    Decimal, never as a binary float; the usual empty value costs nothing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("encoder", ExtraEncoder)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, dict):
            return value
        if value == "{}":
            return {}
        return _DECODE_EXTRA(value)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("default", "blank", "encoder"):
            kwargs.pop(key, None)
        return name, path, args, kwargs


def extra_field(**kwargs) -> ExtraField:
    return ExtraField(**kwargs)


currency_validator = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, e.g. EUR."))


class Language(models.TextChoices):
    ES = "es", _("Spanish")
    EN = "en", _("English")


# An import stages its clients in a hidden workspace whose slug starts with
# this mark (no slug a person types or slugify makes does), and swaps them
# in at the end (portability/staging.py).
HIDDEN_SLUG_MARK = "~"


class VisibleWorkspaces(models.Manager):
    """Every workspace but the hidden staging areas of imports under way."""

    def get_queryset(self):
        return super().get_queryset().exclude(slug__startswith=HIDDEN_SLUG_MARK)


class Workspace(models.Model):
    """A business: the owner of every client row. Nothing crosses workspaces."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR", validators=[currency_validator])
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ES)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Madrid")
    target_hourly_rate = models.DecimalField(
        _("target hourly rate"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    # Assessment thresholds that differ from the defaults (see docs/signals.md).
    thresholds = models.JSONField(_("thresholds"), default=dict, blank=True)
    # Keys of the portfolio file this version does not understand, kept for round trips.
    business_extra = extra_field()
    portfolio_extra = extra_field()
    # A demo workspace (loaded by `despedida demo`/`init`) can be regenerated as
    # of a later day; a real one never is. Seed and size say how to regenerate it.
    is_demo = models.BooleanField(_("demo"), default=False)
    demo_seed = models.IntegerField(null=True, blank=True)
    demo_clients = models.PositiveIntegerField(null=True, blank=True)
    demo_as_of = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleWorkspaces()

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user_and_workspace")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


class WorkspaceQuerySet(models.QuerySet):
    def in_workspace(self, workspace: Workspace) -> WorkspaceQuerySet:
        return self.filter(workspace=workspace)


class WorkspaceOwned(models.Model):
    """Abstract base of every row that belongs to a workspace.

    Views reach rows through `Model.objects.in_workspace(request.workspace)`
    (or `accounts.scoping.get_scoped_or_404`), never through a bare `.get`.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        abstract = True


class SignInOutcome(models.TextChoices):
    SUCCESS = "success", _("Signed in")
    PASSWORD_OK = "password_ok", _("Password accepted, waiting for the code")
    FAILURE = "failure", _("Wrong user name or password")
    LOCKED_OUT = "locked_out", _("Refused: too many failed attempts")
    WRONG_CODE = "wrong_code", _("Wrong two-factor code")
    RECOVERY_CODE = "recovery_code", _("Signed in with a recovery code")


class SignInEvent(models.Model):
    """One sign-in attempt, shown to the account's user in their sign-in log.

    `user` is set whenever the user name typed names an account, so a user
    sees the failed attempts on their account too; `username` keeps what was
    typed (never the password).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="sign_in_events"
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"))
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=SignInOutcome.choices)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="sign_in_by_user")]
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    @property
    def succeeded(self) -> bool:
        return self.outcome in (SignInOutcome.SUCCESS, SignInOutcome.RECOVERY_CODE, SignInOutcome.PASSWORD_OK)


class SecurityNotice(models.Model):
    """Something a user should know about their account (repeated failed sign-ins)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_notices")
    # The account that was attacked (the user themself, or a member of a workspace they own).
    about = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("security notice")
        verbose_name_plural = _("security notices")


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class AccountMail(models.Model):
    """A mail about an account (a password reset, a security notice), sent by the worker
    through the SMTP server of one of the user's workspaces."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    to = models.EmailField()
    subject = models.CharField(max_length=500)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=MailStatus.choices, default=MailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="account_mail_due")]
