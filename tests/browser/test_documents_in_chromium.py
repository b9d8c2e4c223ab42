"""Documents from real Chromium: the formal demand and the client dossier download as PDFs.

The same test renders one page of each document to PNG (poppler's pdftoppm)
into the screenshots folder: `make screenshots` puts them in docs/screenshots.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from despedida.accounts.models import Workspace
from despedida.clients import models as db
from despedida.documents.models import Letterhead
from despedida.letters import drafts
from despedida.letters.models import LetterKind
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import PASSWORD
from tests.documents.conftest import DRAFTED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def page_png(pdf: Path, page: int, name: str) -> None:
    """One page of a PDF as a PNG in the screenshots folder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = SCREENSHOTS / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    assert stem.with_suffix(".png").stat().st_size > 10_000


def test_the_owner_downloads_a_formal_demand_and_a_dossier_as_pdfs(page, live_server, laura, tmp_path):
    workspace = Workspace.objects.get()
    Letterhead.objects.create(
        workspace=workspace,
        legal_name="Estudio Alameda SL",
        tax_id="B86512345",
        address="Calle de Alcalá 120\n28009 Madrid",
        contact_line="hola@alameda.example",
        signature="Laura Martín, directora",
        payment_instructions="Transferencia a ES91 2100 0418 4502 0005 1332 (Estudio Alameda SL)",
    )
    debtor = db.Client.objects.create(
        workspace=workspace,
        key="talleres-rio",
        name="Talleres Río SL",
        contact_name="Marta Gil",
        contact_email="marta@talleres-rio.example",
        has_contact=True,
    )
    for number, due, amount in (
        ("F-2026-011", dt.date(2026, 2, 15), "1250.50"),
        ("F-2026-019", dt.date(2026, 4, 30), "2400.00"),
    ):
        db.Invoice.objects.create(
            workspace=workspace,
            client=debtor,
            number=number,
            issued_on=due - dt.timedelta(30),
            due_on=due,
            amount=Decimal(amount),
            currency="EUR",
        )
    demand = drafts.create_draft(debtor, LetterKind.FORMAL_DEMAND, user=laura, now=DRAFTED)

    log_in(page, live_server, "laura", PASSWORD)
    page.goto(f"{live_server.url}/letters/{demand.pk}/")
    with page.expect_download() as caught:
        page.get_by_role("link", name="Descargar PDF").first.click()
    demand_pdf = tmp_path / "demand.pdf"
    caught.value.save_as(demand_pdf)
    data = demand_pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(data)).pages) == 2
    page_png(demand_pdf, 1, "formal-demand-letter-es")
    page_png(demand_pdf, 2, "formal-demand-statement-es")

    page.goto(f"{live_server.url}/c/{debtor.key}/")
    expect(page.get_by_role("heading", name="Talleres Río SL", level=1)).to_be_visible()
    with page.expect_download() as caught:
        page.get_by_role("link", name="Expediente (PDF)").click()
    dossier_pdf = tmp_path / "dossier.pdf"
    caught.value.save_as(dossier_pdf)
    reader = PdfReader(dossier_pdf)
    # The cover, the chronological record, and the one letter: three pages.
    assert len(reader.pages) == 3
    assert "Expediente del cliente" in reader.pages[0].extract_text()
    page_png(dossier_pdf, 1, "dossier-cover-es")
    page_png(dossier_pdf, 2, "dossier-record-es")
