"""Stored assessments: computed when a client's record changes, read by every page.

Listing ten thousand clients reads these rows; it never runs the engine.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import WorkspaceOwned
from despedida.clients.models import MONEY, Client


class Recommendation(models.TextChoices):
    KEEP = "keep", _("Keep")
    PROTECT = "protect", _("Protect the terms")
    REPAIR = "repair", _("Repair")
    EXIT = "exit", _("Plan an exit")
    WALK_AWAY = "walk_away", _("Walk away")
    DECLINE = "decline", _("Decline")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Assessment(WorkspaceOwned):
    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="assessment")
    as_of = models.DateField()
    computed_at = models.DateTimeField()
    # Set when the client's record changed after `computed_at`; cleared by recomputing.
    stale = models.BooleanField(default=False)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices)
    # Higher is more urgent; the dashboard sorts by it.
    urgency = models.IntegerField(default=0)
    risk = models.DecimalField(max_digits=6, decimal_places=3, default=0)
    top_signal = models.CharField(max_length=32, blank=True)
    top_severity = models.CharField(max_length=10, choices=Severity.choices, blank=True)
    summary = models.TextField(blank=True)
    revenue_12m = models.DecimalField(**MONEY, default=0)
    revenue_share = models.DecimalField(max_digits=7, decimal_places=4, default=0)
    effective_hourly_rate = models.DecimalField(**MONEY, null=True, blank=True)
    # The earliest next action, so "due today" lists need no JSON search.
    next_action = models.CharField(max_length=32, blank=True)
    next_action_on = models.DateField(null=True, blank=True)
    # The whole assessment as `despedida assess --format json` writes a client.
    data = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "-urgency"]),
            models.Index(fields=["workspace", "recommendation"]),
            models.Index(fields=["workspace", "stale"]),
            models.Index(fields=["workspace", "next_action_on"]),
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")


class AssessmentSignal(WorkspaceOwned):
    """One row per signal of an assessment, so the dashboard can filter by signal."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="signal_rows")
    code = models.CharField(max_length=32)
    severity = models.CharField(max_length=10, choices=Severity.choices)

    class Meta:
        indexes = [models.Index(fields=["workspace", "code"])]
