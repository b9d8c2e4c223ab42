"""Stored lessons learned: the short retrospective answered when an exit plan closes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import WorkspaceOwned

USER = settings.AUTH_USER_MODEL


class FutureProspect(models.TextChoices):
    YES = "yes", _("Yes, they can come back")
    ONCE_PAID = "once_paid", _("Only once everything is paid")
    NO = "no", _("No")


class LessonsLearned(WorkspaceOwned):
    """The short retrospective answered when a plan closes."""

    plan = models.OneToOneField("exits.ExitPlan", on_delete=models.CASCADE, related_name="lessons")
    signals = models.JSONField(_("warning signs behind the ending"), default=list, blank=True)
    what_happened = models.TextField(_("what happened, in a few lines"), blank=True)
    next_time = models.TextField(_("what you will do differently"), blank=True)
    future_prospect = models.CharField(
        _("could they be a client again?"),
        max_length=10,
        choices=FutureProspect.choices,
        default=FutureProspect.ONCE_PAID,
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "exits"  # tables and migrations kept under the historic label
        verbose_name = _("lessons learned")
        verbose_name_plural = _("lessons learned")
