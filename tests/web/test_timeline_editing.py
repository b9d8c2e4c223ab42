"""Correcting the paper trail from the timeline: edit, delete, undo within seconds, older entries on demand."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from despedida.assessment.models import Assessment
from despedida.clients import models as records
from despedida.web.undo import UNDO_SECONDS


@pytest.fixture
def acme(norte):
    client = records.Client.objects.create(workspace=norte, key="acme", name="Acme", stage=records.Stage.ACTIVE)
    invoice = records.Invoice.objects.create(
        workspace=norte,
        client=client,
        number="F-7",
        issued_on="2026-09-01",
        due_on="2026-10-01",
        amount=Decimal("1200"),
        currency="EUR",
    )
    records.Payment.objects.create(
        workspace=norte, client=client, invoice=invoice, on="2026-10-20", amount=Decimal("1200")
    )
    records.Reminder.objects.create(workspace=norte, client=client, invoice=invoice, on="2026-10-05")
    return client


def test_an_invoice_is_corrected_in_place_and_the_client_reassessed(alice_client, acme):
    invoice = records.Invoice.objects.get(number="F-7")
    response = alice_client.post(
        reverse("web:entry_edit", args=["acme", "invoice", invoice.pk]),
        {
            "invoice-number": "F-7",
            "invoice-issued_on": "2026-09-01",
            "invoice-due_on": "2026-10-01",
            "invoice-amount": "1.500,00",
            "invoice-currency": "EUR",
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.amount == Decimal("1500")
    assert not Assessment.objects.get(client=acme).stale


def test_a_deleted_invoice_comes_back_whole_with_its_payment_and_reminder_on_undo(alice_client, acme):
    invoice = records.Invoice.objects.get(number="F-7")
    alice_client.post(reverse("web:entry_delete", args=["acme", "invoice", invoice.pk]))
    assert not records.Invoice.objects.exists() and not records.Payment.objects.exists()
    page = alice_client.get(reverse("web:client", args=["acme"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Deleted invoice F-7." in page
    action = re.search(r'action="(/c/acme/undo/[^"]+)"', page)[1]
    alice_client.post(action)
    restored = records.Invoice.objects.get(number="F-7")
    assert restored.pk == invoice.pk and restored.amount == Decimal("1200")
    assert records.Payment.objects.filter(invoice=restored).count() == 1
    assert records.Reminder.objects.filter(invoice=restored).count() == 1


def test_undo_is_refused_once_the_window_has_closed(alice_client, acme, frozen_clock):
    invoice = records.Invoice.objects.get(number="F-7")
    alice_client.post(reverse("web:entry_delete", args=["acme", "invoice", invoice.pk]))
    page = alice_client.get(reverse("web:client", args=["acme"])).content.decode()
    action = re.search(r'action="(/c/acme/undo/[^"]+)"', page)[1]
    frozen_clock.shift(dt.timedelta(seconds=UNDO_SECONDS + 1))
    assert "/undo/" not in alice_client.get(reverse("web:client", args=["acme"])).content.decode()
    alice_client.post(action)
    assert not records.Invoice.objects.exists()


def test_another_workspace_can_neither_edit_nor_delete_nor_undo(charlie_client, acme):
    invoice = records.Invoice.objects.get(number="F-7")
    assert charlie_client.post(reverse("web:entry_delete", args=["acme", "invoice", invoice.pk])).status_code == 404
    assert charlie_client.get(reverse("web:entry_edit", args=["acme", "invoice", invoice.pk])).status_code == 404
    assert records.Invoice.objects.filter(pk=invoice.pk).exists()


def test_an_unknown_kind_of_entry_is_not_found(alice_client, acme):
    assert alice_client.post(reverse("web:entry_delete", args=["acme", "client", acme.pk])).status_code == 404


def test_older_entries_are_a_click_away_instead_of_silently_cut(alice_client, acme, norte):
    start = dt.date(2025, 1, 1)
    records.TimeEntry.objects.bulk_create(
        [
            records.TimeEntry(workspace=norte, client=acme, on=start + dt.timedelta(days=i), hours=Decimal("1"))
            for i in range(130)
        ]
    )
    first = alice_client.get(reverse("web:client", args=["acme"])).content.decode()
    assert first.count('class="time"') + first.count('class="invoice"') + first.count('class="payment"') == 120
    assert "?timeline=2" in first
    second = alice_client.get(reverse("web:client", args=["acme"]), {"timeline": "2"}).content.decode()
    assert second.count('class="time"') == 130 and "?timeline=3" not in second
