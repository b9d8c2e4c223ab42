"""The demo in the store: dated today on the business's calendar, and refreshed later without touching real work."""

from __future__ import annotations

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from despedida.accounts.models import Membership, Role, Workspace
from despedida.assessment.models import Assessment
from despedida.clients import models as records
from tests.conftest import make_user

MADRID = ZoneInfo("Europe/Madrid")
# 00:30 in Madrid: the UTC date is still the previous day.
JUST_AFTER_MIDNIGHT = dt.datetime(2026, 2, 10, 0, 30, tzinfo=MADRID)


def demo(*args, **options) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_without_a_date_the_demo_is_dated_today_on_the_studios_calendar(db):
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        demo(clients=12, seed=3)
    workspace = Workspace.objects.get()
    assert workspace.is_demo
    assert workspace.demo_as_of == dt.date(2026, 2, 10)  # Madrid's date, though UTC still says the 9th
    assert (workspace.demo_seed, workspace.demo_clients) == (3, 12)
    assert records.Client.objects.filter(workspace=workspace).count() == 12
    assert set(Assessment.objects.values_list("as_of", flat=True)) == {dt.date(2026, 2, 10)}


def test_a_demo_file_without_a_date_is_dated_today_and_the_same_day_gives_the_same_bytes(tmp_path):
    first, second, pinned = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        demo(clients=5, seed=3, out=str(first))
    with time_machine.travel(JUST_AFTER_MIDNIGHT + dt.timedelta(hours=20), tick=False):
        demo(clients=5, seed=3, out=str(second))
    demo(clients=5, seed=3, out=str(pinned), as_of="2026-02-10")
    assert json.loads(first.read_text())["as_of"] == "2026-02-10"
    assert first.read_bytes() == second.read_bytes() == pinned.read_bytes()


def test_refreshing_moves_the_demo_to_the_new_today_and_keeps_its_members(db, fast_hashing):
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        demo(clients=5, seed=3)
    workspace = Workspace.objects.get()
    member = make_user("marta")
    Membership.objects.create(workspace=workspace, user=member, role=Role.MEMBER)

    with time_machine.travel(JUST_AFTER_MIDNIGHT + dt.timedelta(days=75), tick=False):
        output = demo(refresh=True)

    workspace.refresh_from_db()
    assert workspace.demo_as_of == dt.date(2026, 4, 26)
    assert workspace.pk == Workspace.objects.get().pk
    assert Membership.objects.filter(workspace=workspace, user=member).exists()
    assert records.Client.objects.filter(workspace=workspace).count() == 5
    assert set(Assessment.objects.values_list("as_of", flat=True)) == {dt.date(2026, 4, 26)}
    newest_invoice = records.Invoice.objects.order_by("-issued_on").values_list("issued_on", flat=True).first()
    assert dt.date(2026, 2, 10) < newest_invoice <= dt.date(2026, 4, 26)
    assert "2026-04-26" in output


def test_refresh_never_touches_a_real_workspace(norte):
    records.Client.objects.create(workspace=norte, key="acme", name="Acme", stage=records.Stage.ACTIVE)
    with pytest.raises(SystemExit) as exit_:
        demo(refresh=True, workspace="estudio-norte", stderr=io.StringIO())
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        demo(refresh=True, stderr=io.StringIO())  # no demo workspace at all
    assert exit_.value.code == 2
    assert list(records.Client.objects.values_list("key", flat=True)) == ["acme"]


def test_an_owner_refreshes_the_demo_from_the_settings_page_and_a_member_cannot(client, db, fast_hashing):
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        demo(clients=3, seed=3)
    workspace = Workspace.objects.get()
    owner, member = make_user("olga"), make_user("mario")
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    Membership.objects.create(workspace=workspace, user=member, role=Role.MEMBER)

    client.force_login(member)
    assert client.post(reverse("settings:demo_refresh")).status_code == 403
    client.force_login(owner)
    page = client.get(reverse("settings:overview"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Refresh the demo as of today" in page.content
    with time_machine.travel(JUST_AFTER_MIDNIGHT + dt.timedelta(days=30), tick=False):
        response = client.post(reverse("settings:demo_refresh"))
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.demo_as_of == dt.date(2026, 3, 12)


def test_a_real_workspace_has_no_demo_refresh(alice_client, norte):
    assert b"demo_refresh" not in alice_client.get(reverse("settings:overview")).content
    assert alice_client.post(reverse("settings:demo_refresh")).status_code == 404
