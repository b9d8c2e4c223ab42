"""A client who owes an invoice, and a formal demand drafted on a day the rates table covers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from despedida.clients import models as db
from despedida.documents.models import Letterhead
from despedida.letters import drafts
from despedida.letters.models import LetterKind

# Drafted on 20 June 2026 (the rates table reaches 2026-H1): invoice due 1 March, 111 days overdue.
DRAFTED = dt.datetime(2026, 6, 20, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def letterhead(norte):
    return Letterhead.objects.create(
        workspace=norte,
        legal_name="Estudio Norte SL",
        tax_id="B12345678",
        address="Calle Mayor 1\n28013 Madrid",
        contact_line="hola@norte.example · +34 600 000 000",
        signature="Ana García, directora",
        payment_instructions="Transferencia a ES91 2100 0418 4502 0005 1332",
    )


@pytest.fixture
def debtor(norte):
    client = db.Client.objects.create(
        workspace=norte,
        key="acme",
        name="Acme Retail SA",
        contact_name="Luis Pérez",
        contact_email="luis@acme.example",
        has_contact=True,
        language="",
    )
    db.Invoice.objects.create(
        workspace=norte,
        client=client,
        number="F-2026-007",
        issued_on=dt.date(2026, 2, 1),
        due_on=dt.date(2026, 3, 1),
        amount=Decimal("1250.50"),
        currency="EUR",
    )
    return client


@pytest.fixture
def demand(debtor, alice, letterhead):
    return drafts.create_draft(debtor, LetterKind.FORMAL_DEMAND, user=alice, now=DRAFTED)
