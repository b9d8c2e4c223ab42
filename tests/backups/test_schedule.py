"""The worker makes a backup when one is due and keeps the newest few."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from despedida.backups import schedule

pytestmark = pytest.mark.django_db(transaction=True)  # the SQLite backup API waits for open write transactions


@pytest.fixture
def backups(settings, tmp_path, monkeypatch, alice):
    monkeypatch.delenv("DESPEDIDA_FERNET_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "live"
    settings.DATA_DIR.mkdir()
    settings.BACKUP_DIR = str(tmp_path / "backups")
    settings.BACKUP_EVERY_HOURS = 24
    settings.BACKUP_KEEP = 3
    return tmp_path / "backups"


def worker_pass() -> str:
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


def test_one_backup_a_day_and_only_the_newest_three_are_kept(backups, frozen_clock):
    assert "backup 1" in worker_pass()
    assert "backup 0" in worker_pass()  # not due again the same day
    assert len(schedule.archives(backups)) == 1

    for _ in range(4):
        frozen_clock.shift(dt.timedelta(hours=25))
        assert "backup 1" in worker_pass()

    kept = schedule.archives(backups)
    assert len(kept) == 3
    # The newest three, 25 hours apart (the clock ticks on while a backup is made: give it a minute).
    gaps = [later - earlier for (earlier, _), (later, _) in zip(kept, kept[1:])]
    assert all(dt.timedelta(hours=25) <= gap < dt.timedelta(hours=25, minutes=1) for gap in gaps), gaps
    assert kept[-1][0] - kept[0][0] < dt.timedelta(hours=51)  # the two oldest were removed


def test_no_scheduled_backups_when_turned_off(backups, settings):
    settings.BACKUP_EVERY_HOURS = 0

    assert "backup 0" in worker_pass()
    assert not backups.exists() or not schedule.archives(backups)
