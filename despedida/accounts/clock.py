"""The one place the product reads the clock: now, and today on a workspace's calendar.

Every "today" the product uses is the date in the workspace's time zone,
computed here. Tests freeze `timezone.now()` (time-machine) and everything
derived from it follows.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from despedida.assessment.record import business_zone


def now() -> dt.datetime:
    """The current instant, aware (UTC)."""
    return timezone.now()


def local_now(workspace, at: dt.datetime | None = None) -> dt.datetime:
    """The current instant on the workspace's wall clock."""
    return (at or now()).astimezone(business_zone(getattr(workspace, "timezone", None)))


def today_for(workspace, at: dt.datetime | None = None) -> dt.date:
    """The date on the business's calendar (its time zone), not the server's."""
    return local_now(workspace, at).date()
