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
    def in_workspace(self, workspace: Workspace) -> "WorkspaceQuerySet":
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
