"""Settings, Import, CSV: upload, the mapper and preview, confirmations, then the import. Owners only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from despedida.clients import models as db
from despedida.portability.models import CsvImport

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db

UPLOAD = reverse("settings:import_csv")
REVIEW = reverse("settings:import_csv_review")


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def upload(client, name: str, data: bytes, kind: str):
    return client.post(UPLOAD, {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")})


def sample_bytes(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_the_import_page_offers_the_csv_tab(alice_client):
    page = alice_client.get(reverse("settings:import")).content.decode()
    assert UPLOAD in page and "CSV from another tool" in page


def test_an_upload_is_reviewed_with_its_preset_detected_and_sample_values_beside_each_column(alice_client):
    response = upload(alice_client, "toggl.csv", sample_bytes("toggl_detailed.csv"), "time")
    assert response.status_code == 302 and response["Location"] == REVIEW
    page = alice_client.get(REVIEW).content.decode()
    assert "The header row is that of a Toggl Track (detailed report) export." in page
    assert "Maquetación de la ficha de producto" in page  # a sample value beside its column
    assert '<option value="hours" selected>' in page
    assert "3 records in the file" in page
    assert "Acme Retail SL" in page and "Bodegas Ribera S.A." in page  # new clients listed
    assert db.TimeEntry.objects.count() == 0


def test_importing_from_the_review_writes_everything_and_the_dashboard_says_so(alice_client, norte):
    upload(alice_client, "toggl.csv", sample_bytes("toggl_detailed.csv"), "time")
    page = alice_client.get(REVIEW).content.decode()
    posted = {"previous_preset": "toggl", "preset": "toggl", "action": "import"}
    posted.update(
        {
            f"col-{i}": f
            for i, f in enumerate(
                ["", "user", "client", "project", "", "note", "", "on", "start_time", "", "", "hours", "", ""]
            )
        }
    )
    assert 'name="col-11"' in page
    response = alice_client.post(REVIEW, posted, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:portfolio")
    text = response.content.decode()
    assert "Imported: 3 new time entries, 2 new clients." in text
    assert db.TimeEntry.objects.in_workspace(norte).count() == 3
    assert sum(db.TimeEntry.objects.values_list("hours", flat=True)) == Decimal("8.25")
    assert not CsvImport.objects.filter(shown=False).exists()


def test_a_file_no_preset_knows_is_mapped_column_by_column(alice_client, norte):
    data = sample_bytes("facturas_es_cp1252.csv")
    upload(alice_client, "facturas.csv", data, "invoices")
    page = alice_client.get(REVIEW).content.decode()
    assert "No known export has this header row" in page
    assert "1.210,00 €" in page  # Windows-1252 read right, shown beside its column
    columns = ["number", "issued_on", "due_on", "client", "tax_id", "subtotal", "tax", "total", "paid_on", "corrects"]
    preview = {
        "previous_preset": "",
        "preset": "",
        "action": "preview",
        **{f"col-{i}": f for i, f in enumerate(columns)},
    }
    page = alice_client.post(REVIEW, preview).content.decode()
    assert "3 records in the file" in page
    assert "€1,210.00" in page and "€1,000.00 before tax" in page
    assert "(credit note)" in page
    response = alice_client.post(REVIEW, {**preview, "action": "import"})
    assert response.status_code == 302
    assert db.Invoice.objects.in_workspace(norte).get(number="F-2026-002").amount == Decimal("2420.00")


def test_a_field_chosen_twice_or_missing_is_said_before_any_preview(alice_client):
    upload(alice_client, "facturas.csv", sample_bytes("facturas_es_cp1252.csv"), "invoices")
    page = alice_client.post(
        REVIEW, {"previous_preset": "", "preset": "", "action": "preview", "col-0": "number", "col-3": "number"}
    ).content.decode()
    assert "Invoice number is already the column «Nº factura»: choose it once" in page
    assert "choose the columns for:" in page


def test_dates_that_fit_both_orders_are_asked_in_the_preview(alice_client, norte):
    data = b"Number,Client,Date,Total\nA-1,Acme,03/04/2026,10\n"
    upload(alice_client, "inv.csv", data, "invoices")
    columns = {"col-0": "number", "col-1": "client", "col-2": "issued_on", "col-3": "total"}
    base = {"previous_preset": "", "preset": "", **columns}
    page = alice_client.post(REVIEW, {**base, "action": "import"}).content.decode()
    assert "How are the dates written?" in page and "Import now" not in page
    assert db.Invoice.objects.count() == 0
    page = alice_client.post(REVIEW, {**base, "action": "preview", "date_order": "dmy"}).content.decode()
    assert "Import now" in page
    alice_client.post(REVIEW, {**base, "action": "import", "date_order": "dmy"})
    assert db.Invoice.objects.in_workspace(norte).get().issued_on == dt.date(2026, 4, 3)


def test_every_row_problem_is_listed_and_the_import_is_not_offered(alice_client):
    data = b"Number,Client,Date,Total\nA-1,Acme,2026-02-30,10\nA-2,Acme,2026-03-01,diez\n"
    upload(alice_client, "inv.csv", data, "invoices")
    columns = {"col-0": "number", "col-1": "client", "col-2": "issued_on", "col-3": "total"}
    response = alice_client.post(REVIEW, {"previous_preset": "", "preset": "", "action": "import", **columns})
    page = response.content.decode()
    assert response.status_code == 422
    assert "row 2, column «Date»: «2026-02-30» is not a date" in page
    assert "row 3, column «Total»: «diez» is not an amount" in page
    assert "Import now" not in page


def test_a_close_name_is_offered_for_confirmation_and_a_ticked_one_joins_the_known_client(alice_client, norte):
    db.Client.objects.create(workspace=norte, key="acme", name="Acme Retail SL")
    data = b"Date,Hours,Client\n2026-03-02,2,Acme Retial\n2026-03-03,1,Zeta Logistics\n"
    upload(alice_client, "hours.csv", data, "time")
    base = {"previous_preset": "", "preset": "", "col-0": "on", "col-1": "hours", "col-2": "client"}
    page = alice_client.post(REVIEW, {**base, "action": "preview"}).content.decode()
    assert "Are these the same client?" in page and "«Acme Retial» is «Acme Retail SL»" in page
    alice_client.post(REVIEW, {**base, "action": "import", "same": ["Acme Retial"]})
    assert dict(db.TimeEntry.objects.in_workspace(norte).values_list("client__name", "hours")) == {
        "Acme Retail SL": Decimal("2.0000"),
        "Zeta Logistics": Decimal("1.0000"),
    }
    assert db.ClientAlias.objects.in_workspace(norte).get().client.key == "acme"


def test_cancel_forgets_the_upload(alice_client):
    upload(alice_client, "toggl.csv", sample_bytes("toggl_detailed.csv"), "time")
    alice_client.post(reverse("settings:import_csv_cancel"))
    response = alice_client.get(REVIEW)
    assert response.status_code == 302 and response["Location"] == UPLOAD


def test_a_member_can_read_the_page_but_not_upload_or_review(client, bob, alice):
    client.force_login(bob)
    assert client.get(UPLOAD).status_code == 200
    assert upload(client, "toggl.csv", sample_bytes("toggl_detailed.csv"), "time").status_code == 403
    assert client.get(REVIEW).status_code == 403


def test_an_import_from_the_command_line_is_announced_once_on_the_dashboard(alice_client, norte):
    CsvImport.objects.create(
        workspace=norte,
        kind="invoices",
        file_name="facturas.csv",
        summary={"new_invoices": 12, "now_paid": 3, "clients_affected": 4},
    )
    page = alice_client.get(reverse("web:portfolio")).content.decode()
    assert "«facturas.csv»: Imported: 12 new invoices, 3 now paid. 4 clients assessed again." in page
    assert "facturas.csv" not in alice_client.get(reverse("web:portfolio")).content.decode()
