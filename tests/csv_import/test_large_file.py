"""A 50,000-row export goes in whole, and a second import of it changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from despedida.clients import models as db

pytestmark = pytest.mark.django_db

ROWS = 50_000
HEADER = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n"


def toggl_export(rows: int, seed: int = 13) -> tuple[str, Decimal]:
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    lines, total = [HEADER], Decimal(0)
    for index in range(rows):
        day = (start + dt.timedelta(days=index % 365)).isoformat()
        minutes = rng.randrange(15, 480, 15)
        total += Decimal(minutes) / 60
        hours, rest = divmod(minutes, 60)
        client = f"Cliente {index % 50:02d} S.L."
        lines.append(
            f"Ana,ana@x.example,{client},Proyecto {index % 7},,Tarea {index},Yes,{day},09:00:00,{day},"
            f"10:00:00,{hours:02d}:{rest:02d}:00,,\n"
        )
    return "".join(lines), total


def test_fifty_thousand_rows_are_imported_whole_and_only_once(norte, tmp_path):
    text, total = toggl_export(ROWS)
    path = tmp_path / "toggl.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    with translation.override("en"):
        call_command("import-csv", str(path), "--kind", "time", stdout=out, stderr=io.StringIO())
    assert "Imported: 50000 new time entries, 50 new clients." in out.getvalue()
    entries = db.TimeEntry.objects.in_workspace(norte)
    assert entries.count() == ROWS
    assert sum(entries.values_list("hours", flat=True), Decimal(0)) == total
    assert db.Client.objects.in_workspace(norte).count() == 50

    again = io.StringIO()
    with translation.override("en"):
        call_command("import-csv", str(path), "--kind", "time", stdout=again, stderr=io.StringIO())
    assert "Nothing new" in again.getvalue()
    assert entries.count() == ROWS
