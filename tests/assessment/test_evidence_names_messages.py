"""Evidence names the real messages: slow feedback and chasing cite what we sent, by subject and date.

A delivery or a payment reminder dated in the record is named by the
message we sent that day, when the record holds one ("your message
«Entrega final» of 23 Oct ..."); dates are worded in the reader's language,
also for an assessment read from the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from despedida.assessment.models import Assessment
from despedida.clients.models import Client as StoredClient
from despedida.core.assessment.phrases import render_phrases, words_for
from tests.assessment.builders import assess, client, invoice, message, milestone, project
from tests.conftest import SUITE_NOW


def sent(days_ago, subject, needs_reply=True, hour=10, message_id=None):
    return dataclasses.replace(
        message("out", days_ago, needs_reply=needs_reply, hour=hour), subject=subject, message_id=message_id
    )


def received(days_ago, subject="Re:", in_reply_to=None, hour=12):
    return dataclasses.replace(message("in", days_ago, hour=hour), subject=subject, in_reply_to=in_reply_to)


def evidence(record, code, language="es"):
    return assess(record, language=language).signal(code).evidence


# -- chasing: late payment ------------------------------------------------------


def late_payer(messages):
    invoices = [
        invoice("F-1", due=120, paid=95, reminders=(110,)),
        invoice("F-2", due=90, paid=60, reminders=(80, 70)),
        invoice("F-3", due=60, paid=40, reminders=(50,)),
    ]
    return client(invoices=invoices, messages=messages)


def test_late_payment_names_the_latest_reminder_by_the_message_that_chased_it():
    """
    GIVEN invoices paid late after reminders, and on the latest reminder's day two messages went out
    WHEN the client is assessed
    THEN the evidence names the one about that invoice, with its date, in Spanish and in English
    """
    record = late_payer(
        [
            sent(50, "Fotos de la sesión", hour=9),
            sent(50, "Recordatorio: factura F-3 vencida", hour=11),
            received(48, "Re: Recordatorio: factura F-3 vencida"),
        ]
    )
    assert "4 recordatorios (el último, «Recordatorio: factura F-3 vencida», del 3 oct 2026)" in evidence(
        record, "late_payment"
    )
    assert "4 reminders (the latest, «Recordatorio: factura F-3 vencida», of 3 Oct 2026)" in evidence(
        record, "late_payment", "en"
    )


def test_without_a_message_on_the_reminders_day_the_evidence_only_counts_them():
    record = late_payer([sent(70, "Recordatorio: factura F-2 vencida"), received(50, "Recordatorio: factura F-3")])
    assert evidence(record, "late_payment").startswith(
        "3 de 3 facturas pagadas tarde (mediana 25 días); 4 recordatorios"
    )
    assert "«" not in evidence(record, "late_payment")


def test_a_message_that_day_about_something_else_is_not_taken_for_the_reminder():
    record = late_payer([sent(50, "Notas de la reunión", needs_reply=False)])
    assert "«" not in evidence(record, "late_payment")


# -- chasing: money owed now ------------------------------------------------------


def debtor(messages):
    return client(invoices=[invoice("F-9", due=40, reminders=(30, 12))], messages=messages)


def test_an_unanswered_reminder_of_an_overdue_invoice_is_named_with_the_days_it_waits():
    record = debtor(
        [
            sent(30, "Factura F-9 pendiente de pago", message_id="r1@estudio.example"),
            received(28, "Re: Factura F-9 pendiente de pago", in_reply_to="r1@estudio.example"),
            sent(12, "Segundo aviso: factura F-9", message_id="r2@estudio.example"),
        ]
    )
    assert evidence(record, "unpaid_overdue").endswith(
        "2 recordatorios enviados; tu recordatorio «Segundo aviso: factura F-9» del 10 nov 2026"
        " sigue sin respuesta desde hace 12 días"
    )
    assert evidence(record, "unpaid_overdue", "en").endswith(
        "2 reminders sent; your reminder «Segundo aviso: factura F-9» of 10 Nov 2026 is unanswered for 12 days"
    )


def test_an_answered_reminder_is_named_without_calling_it_unanswered():
    record = debtor(
        [
            sent(12, "Segundo aviso: factura F-9", message_id="r2@estudio.example"),
            received(10, "Re: Segundo aviso: factura F-9", in_reply_to="r2@estudio.example"),
        ]
    )
    assert evidence(record, "unpaid_overdue").endswith(
        "el último recordatorio: «Segundo aviso: factura F-9», del 10 nov 2026"
    )
    assert evidence(record, "unpaid_overdue", "en").endswith(
        "the latest reminder: «Segundo aviso: factura F-9», of 10 Nov 2026"
    )


# -- slow feedback --------------------------------------------------------------


def slow_client(messages, pending=True):
    milestones = [
        milestone("Bocetos", due=100, delivered=100, approved=80),
        milestone("Maquetas", due=60, delivered=60, approved=45),
    ]
    if pending:
        milestones.append(milestone("Entrega final", due=30, delivered=30))
    return client(projects=[project(milestones)], messages=messages)


def test_a_delivery_still_waiting_is_named_by_the_message_that_sent_it():
    """
    GIVEN an active project whose last delivery went out 30 days ago by mail and was never answered
    WHEN the client is assessed
    THEN slow feedback names that message and how long it waits, in both languages
    """
    record = slow_client([sent(30, "Entrega final", message_id="e1@estudio.example")])
    assert (
        "tu mensaje «Entrega final» del 23 oct 2026 (entrega de «Entrega final») sigue sin respuesta desde hace 30 días"
    ) in evidence(record, "slow_feedback")
    assert (
        "your message «Entrega final» of 23 Oct 2026 (delivery of «Entrega final») is unanswered for 30 days"
        in evidence(record, "slow_feedback", "en")
    )


def test_a_delivery_answered_but_not_approved_is_named_without_calling_it_unanswered():
    record = slow_client(
        [
            sent(30, "Entrega final", message_id="e1@estudio.example"),
            received(25, "Re: Entrega final", in_reply_to="e1@estudio.example"),
        ]
    )
    assert "«Entrega final» entregado el 23 oct 2026 con tu mensaje «Entrega final» y aún sin aprobar" in evidence(
        record, "slow_feedback"
    )
    assert (
        "«Entrega final» delivered on 23 Oct 2026 with your message «Entrega final» and not approved yet"
        in evidence(record, "slow_feedback", "en")
    )


def test_when_nothing_waits_the_latest_slow_answer_is_named():
    record = slow_client([sent(100, "Bocetos de la home"), sent(60, "Maquetas para revisar")], pending=False)
    assert evidence(record, "slow_feedback") == (
        "2 de 2 respuestas tardaron más de 10 días (mediana 18 días);"
        " tu mensaje «Maquetas para revisar» del 23 sep 2026 tuvo respuesta a los 15 días"
    )
    assert evidence(record, "slow_feedback", "en").endswith(
        "your message «Maquetas para revisar» of 23 Sep 2026 was answered after 15 days"
    )


def test_without_messages_slow_feedback_evidence_is_as_before():
    assert "«Entrega final» entregado el 23 oct 2026 y aún sin respuesta" in evidence(slow_client([]), "slow_feedback")
    assert evidence(slow_client([], pending=False), "slow_feedback") == (
        "2 de 2 respuestas tardaron más de 10 días (mediana 18 días)"
    )


# -- through the store: recorded as phrases, worded for the reader --------------


def document_as_of(today: dt.date) -> dict:
    """An overdue invoice chased twice, the second time by a message still unanswered (dated from `today`)."""
    day = lambda n: (today - dt.timedelta(days=n)).isoformat()  # noqa: E731
    return {
        "format": "despedida.portfolio/1",
        "business": {"currency": "EUR", "name": "Estudio Norte", "timezone": "Europe/Madrid"},
        "clients": [
            {
                "id": "acme",
                "name": "Acme Retail SL",
                "contract": {"signed_on": day(400), "scope_defined": True},
                "invoices": [
                    {
                        "id": "F-9",
                        "issued_on": day(70),
                        "due_on": day(40),
                        "amount": "900.00",
                        "reminders": [day(30), day(12)],
                    }
                ],
                "messages": [
                    {
                        "at": f"{day(12)}T10:00:00+01:00",
                        "direction": "out",
                        "subject": "Segundo aviso: factura F-9",
                        "body": None,
                        "needs_reply": True,
                        "message_id": "r2@estudio.example",
                    },
                ],
            }
        ],
    }


@pytest.mark.django_db
def test_a_stored_assessment_names_the_message_in_the_language_it_is_read_in(tmp_path):
    today = SUITE_NOW.astimezone(ZoneInfo("Europe/Madrid")).date()
    path = tmp_path / "portfolio.json"
    path.write_text(json.dumps(document_as_of(today)), encoding="utf-8")
    call_command("import", str(path), stdout=io.StringIO())
    stored = Assessment.objects.get(client=StoredClient.objects.get(key="acme"))
    (overdue,) = [s for s in stored.data["signals"] if s["code"] == "unpaid_overdue"]
    sent_on = today - dt.timedelta(days=12)
    spanish, english = render_phrases(overdue["evidence"], "es"), render_phrases(overdue["evidence"], "en")
    assert (
        f"tu recordatorio «Segundo aviso: factura F-9» del {words_for('es').date(sent_on)} sigue sin respuesta"
        " desde hace 12 días" in spanish
    )
    assert (
        f"your reminder «Segundo aviso: factura F-9» of {words_for('en').date(sent_on)} is unanswered"
        " for 12 days" in english
    )
