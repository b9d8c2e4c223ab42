"""A letter sent from its page may carry itself as a PDF: the real SMTP server receives the attachment."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from despedida.outbox.worker import run_pass
from tests.outbox.conftest import make_account, start_server

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp_server():
    server = start_server()
    yield server
    server.controller.stop()


@pytest.mark.parametrize("attach", [True, False])
def test_the_demand_goes_out_with_its_pdf_only_when_the_user_asks(
    norte, demand, alice_client, smtp_server, attach, frozen_clock
):
    make_account(norte, port=smtp_server.port)
    frozen_clock.move_to(dt.datetime(2026, 6, 22, 10, tzinfo=dt.UTC))
    data = {"how": "outbox", **({"attach_pdf": "on"} if attach else {})}
    assert alice_client.post(reverse("letters:send", args=[demand.pk]), data).status_code == 302
    run_pass("test")
    [received] = smtp_server.received
    message = received.message
    assert message["Subject"] == demand.subject
    assert message.get_body(("plain",)).get_content().strip().startswith("A la atención de Luis Pérez")
    pdfs = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
    if not attach:
        assert pdfs == []
        return
    [pdf] = pdfs
    assert pdf.get_filename() == f"despedida-formal_demand-{demand.pk}.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)
    assert "Acme Retail SA" in text and "1.329,10 €" in text
