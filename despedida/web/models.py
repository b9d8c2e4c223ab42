"""Stored calendar feeds: a user's secret iCalendar address."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class CalendarFeed(models.Model):
    """A user's secret iCalendar address; only a hash of its token is kept."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "exits"  # tables and migrations kept under the historic label
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
