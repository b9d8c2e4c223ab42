"""The client dossier: everything on record, in order, with the audit head; a ZIP with the letters and the data."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import json
import re
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from despedida.audit.ledger import head
from despedida.clients import models as db
from despedida.core.portfolio.reader import load_document
from despedida.documents.dossier import dossier_pdf
from despedida.letters import drafts, sending
from despedida.letters.models import LetterKind
from despedida.portability.demo_store import load_demo
from tests.documents.conftest import DRAFTED, pdf_text

pytestmark = pytest.mark.django_db

DEMO_DAY = dt.date(2026, 11, 20)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def demo(alice, norte):
    result = load_demo(6, 7, DEMO_DAY, None)
    return result.workspace


def richest(workspace) -> db.Client:
    clients = db.Client.objects.filter(workspace=workspace)
    return max(
        clients,
        key=lambda c: (db.Message.objects.filter(client=c).count(), db.Invoice.objects.filter(client=c).count()),
    )


def test_a_demo_clients_dossier_holds_every_invoice_and_message_of_its_record(demo):
    client = richest(demo)
    invoices = list(db.Invoice.objects.filter(client=client))
    messages = list(db.Message.objects.filter(client=client))
    assert invoices and messages
    text = flat(pdf_text(dossier_pdf(client, "es")))
    for invoice in invoices:
        assert invoice.number in text, invoice.number
    for message in messages:
        assert flat(message.subject or "(sin asunto)") in text, message.subject
    assert "Expediente del cliente" in text and client.name in text and "Registro cronológico" in text
    count, digest = head(demo.pk)
    # The head hash may be broken across lines in the PDF: compare without whitespace.
    assert digest in re.sub(r"\s", "", text) and f"{count} entradas" in text


def test_the_dossier_lists_the_record_in_date_order_with_amounts_in_the_documents_language(
    norte, debtor, alice, letterhead
):
    invoice = db.Invoice.objects.get(client=debtor)
    db.Payment.objects.create(workspace=norte, client=debtor, invoice=invoice, on=dt.date(2026, 3, 10), amount="250.50")
    db.Message.objects.create(
        workspace=norte,
        client=debtor,
        at=dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC),
        direction="in",
        subject="Sobre la factura",
        body="Pagaremos el resto pronto. " * 20,
    )
    text = flat(pdf_text(dossier_pdf(debtor, "en")))
    assert "€1,250.50" in text and "€250.50" in text and "€1,000.00" in text  # invoiced, paid, still owed
    order = [text.index(s) for s in ("1 February 2026", "10 March 2026", "20 March 2026")]
    assert order == sorted(order)
    assert "Pagaremos el resto pronto." in text and text.count("Pagaremos") < 20  # a snippet, not the whole body
    assert "Client dossier" in text and "Acme Retail SA" in text and "Estudio Norte SL" in text


def test_the_zip_holds_the_pdf_the_sent_letters_as_eml_and_the_clients_portfolio(
    norte, debtor, alice, letterhead, alice_client
):
    draft = drafts.create_draft(debtor, LetterKind.FORMAL_DEMAND, user=alice, now=DRAFTED)
    sending.mark_sent_by_hand(draft, user=alice, now=DRAFTED + dt.timedelta(days=1))
    draft.refresh_from_db()
    assert draft.status == "sent"
    response = alice_client.get(reverse("web:dossier", args=[debtor.key]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "dossier-acme.pdf" in names and "portfolio-acme.json" in names
    assert archive.read("dossier-acme.pdf").startswith(b"%PDF-")
    portfolio = load_document(json.loads(archive.read("portfolio-acme.json")))
    assert [c.id for c in portfolio.clients] == ["acme"]
    assert [i.id for i in portfolio.clients[0].invoices] == ["F-2026-007"]
    emls = [n for n in names if n.endswith(".eml")]
    assert emls == ["letters/01-formal_demand.eml"]
    eml = email.message_from_bytes(archive.read(emls[0]), policy=email.policy.default)
    assert eml["Subject"] == draft.subject and eml["To"] == "luis@acme.example"
    assert eml.get_content().replace("\r\n", "\n").strip() == draft.body.strip()
    pdf = alice_client.get(reverse("web:dossier", args=[debtor.key]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


def test_the_command_writes_a_zip_or_a_folder_and_refuses_an_unknown_client(norte, debtor, tmp_path):
    with translation.override("en"):
        call_command("dossier", client="acme", workspace=norte.slug, out=str(tmp_path / "d.zip"), stderr=io.StringIO())
        assert zipfile.ZipFile(tmp_path / "d.zip").namelist()[0] == "dossier-acme.pdf"
        call_command("dossier", client="acme", workspace=norte.slug, out=str(tmp_path / "folder"), stderr=io.StringIO())
        assert (tmp_path / "folder" / "dossier-acme.pdf").read_bytes().startswith(b"%PDF-")
        assert (tmp_path / "folder" / "portfolio-acme.json").exists()
        err = io.StringIO()
        with pytest.raises(SystemExit) as exit:
            call_command("dossier", client="nadie", workspace=norte.slug, out=str(tmp_path / "x.zip"), stderr=err)
        assert exit.value.code == 2 and not (tmp_path / "x.zip").exists()
