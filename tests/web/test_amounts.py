"""Amounts typed in the person's language are read as they meant them, never silently shrunk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from despedida.clients import models as records
from despedida.web.amounts import parse_amount
from despedida.web.forms import InvoiceForm


@pytest.mark.parametrize(
    ("typed", "language", "meant"),
    [
        ("1.250", "es", "1250"),
        ("1.250", "en", "1.250"),
        ("1,250", "es", "1.250"),
        ("1,250", "en", "1250"),
        ("1.250,50", "es", "1250.50"),
        ("1.250,50", "en", "1250.50"),
        ("1,250.50", "es", "1250.50"),
        ("1,250.50", "en", "1250.50"),
        ("12,5", "en", "12.5"),
        ("12.50", "es", "12.50"),
        ("1.250.000", "es", "1250000"),
        ("1,250,000", "en", "1250000"),
        ("1 250,50", "es", "1250.50"),
        ("1\u00a0250,50", "es", "1250.50"),
        ("-3,5", "es", "-3.5"),
        ("0,05", "es", "0.05"),
    ],
)
def test_an_amount_is_read_as_written_in_the_language(typed, language, meant):
    assert parse_amount(typed, language) == Decimal(meant)


@pytest.mark.parametrize("typed", ["", "abc", "1.25.0", "1,2,3", "1e400", "NaN", "Infinity", "12,50.3", "1..5", "€"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        parse_amount(typed, "es")


@given(st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2), st.sampled_from(["es", "en"]))
def test_an_amount_shown_in_a_language_reads_back_the_same(amount, language):
    shown = format_decimal(amount, format="#,##0.00", locale={"es": "es_ES", "en": "en_US"}[language])
    assert parse_amount(shown, language) == amount


@pytest.fixture
def acme(norte):
    return records.Client.objects.create(workspace=norte, key="acme", name="Acme", stage=records.Stage.ACTIVE)


@pytest.mark.parametrize(("language", "typed"), [("es", "1.250,50"), ("en", "1,250.50"), ("es", "1250,50")])
def test_an_invoice_typed_in_the_pages_language_keeps_its_amount(acme, language, typed):
    data = {
        "inv-number": "F-1",
        "inv-issued_on": "2026-11-02",
        "inv-due_on": "2026-12-02",
        "inv-amount": typed,
        "inv-currency": "EUR",
    }
    with translation.override(language):
        form = InvoiceForm(data, client=acme, prefix="inv")
        assert form.is_valid(), form.errors
    assert form.save().amount == Decimal("1250.50")


def test_an_unreadable_amount_is_a_field_error_not_a_guess(acme):
    data = {
        "inv-number": "F-1",
        "inv-issued_on": "2026-11-02",
        "inv-due_on": "2026-12-02",
        "inv-amount": "1.25.0",
        "inv-currency": "EUR",
    }
    with translation.override("es"):
        form = InvoiceForm(data, client=acme, prefix="inv")
        assert not form.is_valid()
    assert "amount" in form.errors


def test_the_currency_defaults_to_the_workspaces(acme, sur):
    assert InvoiceForm(client=acme, prefix="inv").initial["currency"] == "EUR"
    other = records.Client.objects.create(workspace=sur, key="x", name="X", stage=records.Stage.ACTIVE)
    assert InvoiceForm(client=other, prefix="inv").initial["currency"] == "MXN"


def test_a_spanish_amount_logged_on_the_client_page_is_stored_whole(alice_client, acme):
    response = alice_client.post(
        reverse("web:log", args=[acme.key, "invoice"]),
        {
            "invoice-number": "F-9",
            "invoice-issued_on": "2026-11-02",
            "invoice-due_on": "2026-12-02",
            "invoice-amount": "1.250",
            "invoice-currency": "EUR",
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 302
    assert records.Invoice.objects.get(client=acme, number="F-9").amount == Decimal("1250")
    assert dt.date(2026, 11, 2) == records.Invoice.objects.get(client=acme, number="F-9").issued_on
