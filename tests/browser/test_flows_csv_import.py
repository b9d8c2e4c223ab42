"""A CSV import in real Chromium: hours from a time tracker, through the column mapper, change a client's rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from despedida.assessment.models import Assessment
from despedida.assessment.stored import recompute_client
from despedida.clients import models as db
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import PASSWORD, SUITE_NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def acme(norte, alice) -> db.Client:
    """Acme: 1,000 € invoiced and 10 hours logged three weeks ago, so 100 € an hour."""
    client = db.Client.objects.create(workspace=norte, key="acme", name="Acme Retail SL", language="es")
    day = SUITE_NOW.date() - dt.timedelta(days=21)
    db.Invoice.objects.create(
        workspace=norte, client=client, number="F-1", issued_on=day, due_on=day, amount=Decimal("1000"), currency="EUR"
    )
    db.TimeEntry.objects.create(workspace=norte, client=client, on=day, hours=Decimal("10"))
    recompute_client(client)
    assert Assessment.objects.get(client=client).effective_hourly_rate == Decimal("100.00")
    return client


def toggl_export(tmp_path) -> str:
    """A Toggl detailed report whose column names were changed in a spreadsheet: no preset knows it."""
    day = (SUITE_NOW.date() - dt.timedelta(days=7)).isoformat()
    path = tmp_path / "toggl-marzo.csv"
    path.write_text(
        "Usuario,Email,Cliente,Proyecto,Tarea,Descripción,Facturable,Fecha,Hora de inicio,Fecha fin,Hora fin,Duración,Etiquetas\n"
        f'Ana,ana@estudio.example,"ACME RETAIL, S.L.",Tienda,,Maquetación,Sí,{day},09:00:00,{day},15:00:00,06:00:00,\n'
        f'Ana,ana@estudio.example,"ACME RETAIL, S.L.",Tienda,,"Revisión, con el cliente",Sí,{day},16:00:00,{day},20:00:00,04:00:00,\n',
        encoding="utf-8-sig",
    )
    return str(path)


def test_a_toggl_export_through_the_mapper_changes_the_clients_effective_rate(page, live_server, acme, tmp_path):
    """
    GIVEN Acme at 100 € an hour (1,000 € for 10 hours)
    WHEN the owner uploads 10 more hours from Toggl, maps the columns by hand, checks the preview and imports
    THEN Acme's page shows 50 € an hour
    """
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/settings/import/csv/")
    page.select_option("#id_kind", "time")
    page.set_input_files("#id_file", toggl_export(tmp_path))
    page.locator("form.settings-form button[type=submit]").click()

    # The mapper: each column with its sample values; the owner says which is which.
    expect(page.locator("table.csv-mapper")).to_contain_text("Maquetación")
    page.select_option("#col-2", "client")
    page.select_option("#col-5", "note")
    page.select_option("#col-7", "on")
    page.select_option("#col-11", "hours")
    page.locator("button[name=action][value=preview]").click()

    preview = page.locator("table.csv-preview")
    expect(preview).to_contain_text("ACME RETAIL, S.L.")
    expect(preview).to_contain_text("Acme Retail SL")  # matched without asking: only the legal form differs
    expect(preview).to_contain_text("6,00")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import-csv-es.png"), full_page=True)
    page.locator("button[name=action][value=import]").click()

    expect(page.get_by_role("status")).to_contain_text("2")
    page.goto(f"{live_server.url}/c/acme/")
    expect(page.get_by_role("main")).to_contain_text("50,00")
    assert db.TimeEntry.objects.filter(client=acme).count() == 3
    assert Assessment.objects.get(client=acme).effective_hourly_rate == Decimal("50.00")
