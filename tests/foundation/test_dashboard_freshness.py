"""The dashboard caches what is expensive, but never shows a change late in the same process."""

from __future__ import annotations

import datetime as dt

import pytest

from despedida.accounts import freshness
from despedida.clients.models import Client, Invoice
from tests.conftest import SUITE_NOW

pytestmark = pytest.mark.django_db(transaction=True)


def test_saving_any_row_of_a_workspace_starts_a_new_version(norte, sur):
    before, other = freshness.version(norte.pk), freshness.version(sur.pk)
    Client.objects.create(workspace=norte, key="acme", name="Acme")
    assert freshness.version(norte.pk) != before
    assert freshness.version(sur.pk) == other


def test_an_invoice_that_just_became_overdue_shows_on_the_next_dashboard_load(alice_client, norte):
    acme = Client.objects.create(workspace=norte, key="acme", name="Acme Retail SL")
    alice_client.get("/")  # the today list is now cached
    today = SUITE_NOW.date()
    Invoice.objects.create(
        workspace=norte,
        client=acme,
        number="F-9",
        amount="100.00",
        currency="EUR",
        issued_on=today - dt.timedelta(days=33),
        due_on=today - dt.timedelta(days=3),
    )
    response = alice_client.get("/")
    assert any(invoice.number == "F-9" for invoice in response.context["today"]["overdue"])
