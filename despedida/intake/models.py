"""Stored intake decisions: what the user decided about a prospect, against what the checklist said."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import WorkspaceOwned
from despedida.clients.models import Client

USER = settings.AUTH_USER_MODEL


class IntakeOutcome(models.TextChoices):
    ACCEPT = "accept", _("Accepted")
    DECLINE = "decline", _("Declined")


class IntakeDecision(WorkspaceOwned):
    """What the user decided about a prospect, against what the checklist said."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intake_decisions")
    outcome = models.CharField(_("decision"), max_length=8, choices=IntakeOutcome.choices)
    checklist_said = models.CharField(_("the checklist said"), max_length=8)
    items = models.JSONField(default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        app_label = "exits"  # tables and migrations kept under the historic label
        ordering = ["-decided_at", "-id"]
        verbose_name = _("intake decision")
        verbose_name_plural = _("intake decisions")
