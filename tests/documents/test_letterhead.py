"""The letterhead in Settings: owners set it, members read it, the logo is checked and embedded."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from despedida.documents.letter_document import letter_pdf
from despedida.documents.logo import LogoError, check_logo
from despedida.documents.models import letterhead_of

pytestmark = pytest.mark.django_db


def image_bytes(fmt: str, size=(120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 60, 120)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_the_owner_sets_the_letterhead_and_its_logo_is_embedded_in_every_pdf(norte, alice_client, demand):
    response = alice_client.post(
        reverse("settings:letterhead"),
        {
            "late-rule": "es",
            "legal_name": "Norte Estudio Creativo SL",
            "tax_id": "B87654321",
            "address": "Gran Vía 2\nMadrid",
            "contact_line": "",
            "signature": "Ana García",
            "payment_instructions": "IBAN ES00 0000",
            "logo_file": SimpleUploadedFile("logo.png", image_bytes("PNG"), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    stored = letterhead_of(norte)
    assert stored.legal_name == "Norte Estudio Creativo SL" and stored.logo_type == "png"
    data = letter_pdf(demand)
    first_page = PdfReader(io.BytesIO(data)).pages[0]
    assert len(first_page.images) == 1
    assert "Norte Estudio Creativo SL" in first_page.extract_text() and "B87654321" in first_page.extract_text()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("logo.gif", image_bytes("GIF"), "PNG o JPEG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"not really an image" * 10, "PNG o JPEG"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (600 * 1024), "512 KB"),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused_and_nothing_is_saved(
    norte, alice_client, name, content, message
):
    response = alice_client.post(
        reverse("settings:letterhead"),
        {
            "legal_name": "Otra SL",
            "logo_file": SimpleUploadedFile(name, content, content_type="image/png"),
        },
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert letterhead_of(norte).legal_name == ""


def test_a_jpeg_logo_is_accepted_and_the_type_comes_from_its_bytes():
    assert check_logo(image_bytes("JPEG")) == "jpeg"
    with pytest.raises(LogoError):
        check_logo(image_bytes("PNG", size=(5000, 10)))


def test_a_member_reads_the_letterhead_but_cannot_change_it(norte, bob, client):
    client.force_login(bob)
    assert client.get(reverse("settings:letterhead")).status_code == 200
    assert client.post(reverse("settings:letterhead"), {"legal_name": "Mía SL"}).status_code == 403
    assert letterhead_of(norte).legal_name == ""


def test_the_owner_sets_a_contractual_rate_and_the_next_demand_applies_it(norte, alice_client, debtor, alice):
    from despedida.documents.letter_document import letter_pdf
    from despedida.letters import drafts
    from despedida.letters.models import LetterKind
    from tests.documents.conftest import DRAFTED, pdf_text

    response = alice_client.post(
        reverse("settings:letterhead"),
        {
            "legal_name": "Norte Studio Ltd",
            "late-rule": "contractual",
            "late-name": "Contract clause 9",
            "late-rate": "8,50",
            "late-fixed_compensation": "25",
        },
    )
    assert response.status_code == 302
    norte.refresh_from_db()
    assert norte.business_extra["late_payment"] == {
        "rule": "Contract clause 9",
        "rate": "8.50",
        "fixed_compensation": "25.00",
    }
    text = pdf_text(letter_pdf(drafts.create_draft(debtor, LetterKind.FORMAL_DEMAND, user=alice, now=DRAFTED)))
    assert "Contract clause 9" in text and "8,50 %" in text and "25,00 €" in text and "Ley 3/2004" not in text
    # Back to Spain's statute.
    alice_client.post(reverse("settings:letterhead"), {"legal_name": "Norte Studio Ltd", "late-rule": "es"})
    norte.refresh_from_db()
    assert "late_payment" not in norte.business_extra


def test_a_contractual_rate_needs_its_name_and_rate(norte, alice_client):
    response = alice_client.post(reverse("settings:letterhead"), {"legal_name": "X", "late-rule": "contractual"})
    assert response.status_code == 200 and "Obligatorio para un tipo contractual." in response.content.decode()
    norte.refresh_from_db()
    assert "late_payment" not in (norte.business_extra or {}) and letterhead_of(norte).legal_name == ""
