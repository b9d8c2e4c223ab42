"""What each CSV import did, kept so the dashboard can say it ("12 new invoices, 3 now paid")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import WorkspaceOwned


class CsvKind(models.TextChoices):
    INVOICES = "invoices", _("Invoices")
    PAYMENTS = "payments", _("Payments")
    TIME = "time", _("Hours")


class CsvImport(WorkspaceOwned):
    kind = models.CharField(_("kind"), max_length=10, choices=CsvKind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    preset = models.CharField(_("preset"), max_length=40, blank=True)
    # Counts by change (see portability.csv_store.Summary): numbers, never sentences.
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    # Shown once on the dashboard, then kept as the record of what came in.
    shown = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("CSV import")
        verbose_name_plural = _("CSV imports")

    def __str__(self) -> str:
        return self.file_name
