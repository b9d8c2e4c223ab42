"""The clock: the suite runs frozen, and "today" is the date on the workspace's calendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from despedida.accounts import clock
from despedida.accounts.models import Workspace
from despedida.assessment.models import Assessment
from despedida.assessment.stored import recompute_workspace
from despedida.clients import models as db
from tests.conftest import SUITE_NOW

MADRID = ZoneInfo("Europe/Madrid")
MEXICO = ZoneInfo("America/Mexico_City")


def test_the_suite_runs_at_its_chosen_instant_not_the_real_one():
    assert abs(timezone.now() - SUITE_NOW) < dt.timedelta(minutes=1)
    assert abs(dt.datetime.now(dt.UTC) - SUITE_NOW) < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("local", "zone", "expected"),
    [
        # 23:30 in Madrid is still the same day there, though later than in UTC.
        (dt.datetime(2026, 3, 28, 23, 30, tzinfo=MADRID), "Europe/Madrid", dt.date(2026, 3, 28)),
        # 00:30 in Madrid is already the next day there, while UTC is still on the previous one.
        (dt.datetime(2026, 3, 29, 0, 30, tzinfo=MADRID), "Europe/Madrid", dt.date(2026, 3, 29)),
        # 23:30 in Mexico City is the next day in UTC; the business is still on its own day.
        (dt.datetime(2026, 7, 14, 23, 30, tzinfo=MEXICO), "America/Mexico_City", dt.date(2026, 7, 14)),
        (dt.datetime(2026, 7, 15, 0, 30, tzinfo=MEXICO), "America/Mexico_City", dt.date(2026, 7, 15)),
    ],
)
def test_today_is_the_date_on_the_workspaces_calendar_around_midnight(local, zone, expected):
    workspace = Workspace(name="Taller", slug="taller", timezone=zone)
    with time_machine.travel(local, tick=False):
        assert clock.today_for(workspace) == expected
        assert clock.local_now(workspace).date() == expected


def test_the_utc_date_differs_at_those_instants_so_the_zone_matters():
    """Guard for the test above: at 00:30 in Madrid, UTC is still on the previous day."""
    instant = dt.datetime(2026, 3, 29, 0, 30, tzinfo=MADRID)
    assert instant.astimezone(dt.UTC).date() == dt.date(2026, 3, 28)
    assert clock.today_for(Workspace(timezone="Europe/Madrid"), instant) == dt.date(2026, 3, 29)


def test_an_unknown_time_zone_falls_back_to_utc():
    instant = dt.datetime(2026, 3, 28, 23, 30, tzinfo=dt.UTC)
    assert clock.today_for(Workspace(timezone="Mars/Olympus"), instant) == dt.date(2026, 3, 28)


def test_stored_assessments_are_dated_on_the_workspaces_calendar_just_after_midnight(norte):
    db.Client.objects.create(workspace=norte, key="acme", name="Acme", stage=db.Stage.ACTIVE)
    with time_machine.travel(dt.datetime(2026, 3, 29, 0, 30, tzinfo=MADRID), tick=False):
        recompute_workspace(norte)
    assert Assessment.objects.get(client__key="acme").as_of == dt.date(2026, 3, 29)
