"""The one place the product reads the clock: now, and today on a workspace's calendar.

Every "today" the product uses is the date in the workspace's time zone,
computed here. Tests freeze the clock (time-machine) and everything derived
from it follows.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from despedida.core.assessment.record import business_today, business_zone


def now() -> dt.datetime:
    """The current instant, aware (UTC)."""
    return timezone.now()


def local_now(workspace, at: dt.datetime | None = None) -> dt.datetime:
    """The current instant on the workspace's wall clock."""
    return in_zone(getattr(workspace, "timezone", None), at)


def today_for(workspace, at: dt.datetime | None = None) -> dt.date:
    """The date on the business's calendar (its time zone), not the server's."""
    return today_in(getattr(workspace, "timezone", None), at)


def in_zone(zone: str | None, at: dt.datetime | None = None) -> dt.datetime:
    """The instant `at` (default: now) on the wall clock of the time zone named `zone`."""
    return (at or now()).astimezone(business_zone(zone))


def today_in(zone: str | None, at: dt.datetime | None = None) -> dt.date:
    """Today in the time zone named `zone` (UTC when unknown)."""
    return business_today(zone, at or now())
