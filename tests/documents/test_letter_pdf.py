"""Every letter as a PDF on the letterhead; the formal demand as a document a lawyer can send."""

from __future__ import annotations

import pytest
from django.urls import reverse

from despedida.documents.letter_document import letter_pdf
from despedida.documents.pdf import FetchRefused, embedded_fetcher, html_to_pdf
from despedida.letters import drafts
from despedida.letters.models import LetterKind
from tests.documents.conftest import DRAFTED, pdf_pages, pdf_text  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_formal_demand_in_spanish_names_the_parties_invoices_interest_basis_deadline_and_way_to_pay(demand):
    text = pdf_text(letter_pdf(demand))
    # The parties, from the letterhead and the client's record.
    for part in (
        "Estudio Norte SL",
        "B12345678",
        "Calle Mayor 1",
        "Acme Retail SA",
        "Luis Pérez",
        "Acreedor",
        "Deudor",
    ):
        assert part in text, part
    # The invoice, its due date, days overdue and the amounts in Spanish format.
    assert "F-2026-007" in text and "1 de marzo de 2026" in text and "111 días" in text
    assert "1.250,50 €" in text and "38,60 €" in text and "40,00 €" in text and "1.329,10 €" in text
    # The period, the rate applied and its legal basis.
    assert "2 de marzo de 2026" in text and "20 de junio de 2026" in text
    assert "10,15 %" in text and "2,15 %" in text and "primer semestre de 2026" in text
    assert "Ley 3/2004" in text and "artículo 8" in text and "40 euros por factura" in text
    # The deadline (ten days after drafting) and the way to pay.
    assert "30 de junio de 2026" in text and "ES91 2100 0418 4502 0005 1332" in text
    assert "Ana García, directora" in text


def test_the_formal_demand_in_english_writes_money_and_dates_the_english_way(norte, debtor, alice, letterhead):
    debtor.language = "en"
    debtor.save()
    draft = drafts.create_draft(debtor, LetterKind.FORMAL_DEMAND, user=alice, now=DRAFTED)
    text = pdf_text(letter_pdf(draft))
    assert "€1,250.50" in text and "€38.60" in text and "€1,329.10" in text
    assert "1 March 2026" in text and "111 days" in text and "10.15%" in text and "first half of 2026" in text
    assert "Creditor" in text and "Debtor" in text and "Spanish Act 3/2004" in text and "30 June 2026" in text


def test_another_country_gets_the_contractual_rate_from_the_workspace_settings(norte, debtor, alice, letterhead):
    norte.business_extra = {
        "late_payment": {"rule": "Contrato de servicios, cláusula 7", "rate": "12.00", "fixed_compensation": "0.00"}
    }
    norte.save()
    draft = drafts.create_draft(debtor, LetterKind.FORMAL_DEMAND, user=alice, now=DRAFTED)
    text = pdf_text(letter_pdf(draft))
    assert "Contrato de servicios, cláusula 7" in text and "12,00 %" in text
    assert "Ley 3/2004" not in text
    # 1250.50 × 12 % × 111 / 365 = 45.6347... → 45,63 €
    assert "45,63 €" in text and "1.296,13 €" in text


@pytest.mark.parametrize("kind", [k for k in LetterKind.values if k != LetterKind.FORMAL_DEMAND])
def test_every_other_kind_renders_as_a_one_letter_pdf_with_its_text(norte, debtor, alice, letterhead, kind):
    try:
        draft = drafts.create_draft(debtor, kind, user=alice, now=DRAFTED)
    except drafts.LetterError:
        pytest.fail(f"{kind}: the record cannot support it")
    data = letter_pdf(draft)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Estudio Norte SL" in text and "Acme Retail SA" in text and "20 de junio de 2026" in text
    first_line = draft.body.split("\n")[0].strip()
    assert first_line[:30] in text.replace("\n", " ")


def test_the_letter_page_offers_the_pdf_download(demand, alice_client):
    page = alice_client.get(reverse("letters:edit", args=[demand.pk]))
    assert reverse("documents:letter_pdf", args=[demand.pk]).encode() in page.content
    response = alice_client.get(reverse("documents:letter_pdf", args=[demand.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and pdf_pages(response.content) == 2


def test_rendering_fetches_nothing_but_embedded_data():
    fetcher = embedded_fetcher()
    for url in ("http://127.0.0.1:1/tracker.png", "file:///etc/passwd", "https://example.com/a.png"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,aG9sYQ==").read() == b"hola"
    data = html_to_pdf('<p>x</p><img src="file:///etc/hostname"><img src="https://example.com/a.png">')
    assert data.startswith(b"%PDF-") and pdf_text(data).strip() == "x"
