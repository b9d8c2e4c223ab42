"""A flagged client in real Chromium: open it from the portfolio, log what happened, see the advice change."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from despedida.assessment.models import Assessment, Recommendation, Severity
from despedida.clients import models as db
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def late_payer(laura) -> db.Client:
    """The most urgent active client whose advice is to protect the terms because it pays late."""
    assessment = (
        Assessment.objects.filter(
            recommendation=Recommendation.PROTECT, client__stage=db.Stage.ACTIVE, signal_rows__code="late_payment"
        )
        .select_related("client")
        .order_by("-urgency", "client__name")
        .first()
    )
    assert assessment is not None, "the demo portfolio has no late payer to protect"
    return assessment.client


def open_from_portfolio(page, live_server, client: db.Client) -> None:
    log_in(page, live_server, "laura", PASSWORD)
    page.locator("table.clients").get_by_role("link", name=client.name, exact=True).click()
    expect(page.get_by_role("heading", name=client.name, level=1)).to_be_visible()


def test_logging_an_ethics_concern_turns_a_client_to_protect_into_one_to_walk_away_from(page, live_server, late_payer):
    """
    GIVEN a client the assessment says to keep on firmer terms (it pays late)
    WHEN the owner logs, with the quick form, that the client asked for something illegal
    THEN the page comes back with the advice changed to walking away, and the event in the timeline
    """
    open_from_portfolio(page, live_server, late_payer)
    expect(page.locator("#recommendation")).to_have_text("Proteger las condiciones")
    expect(page.get_by_role("heading", name="Paga tarde")).to_be_visible()
    late = page.locator("article.signal", has=page.get_by_role("heading", name="Paga tarde"))
    with translation.override("es"):
        severities = [str(label) for label in Severity.labels]
    assert late.locator(".badge").inner_text() in severities  # a word, not the engine's code
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The top of the page: the verdict, the signs and the quick forms (the timeline runs much longer).
    page.screenshot(
        path=str(SCREENSHOTS / "client-es.png"), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": 1600}
    )

    event_form = page.locator("#log-event")
    event_form.get_by_label("Qué pasó").select_option(label="Problema ético")
    event_form.get_by_label("Tipo", exact=True).select_option(label="Ilegal")
    event_form.get_by_label("Nota").fill("Pide facturar a nombre de otra empresa para ocultar ingresos.")
    event_form.get_by_role("button", name="Guardar").click()

    expect(page.get_by_role("status")).to_contain_text("Guardado")
    expect(page.locator("#recommendation")).to_have_text("Retirarse")
    expect(page.locator("ol.timeline")).to_contain_text("Problema ético: Pide facturar a nombre de otra empresa")
    assert Assessment.objects.get(client=late_payer).recommendation == Recommendation.WALK_AWAY


def test_an_invoice_due_before_it_was_issued_is_refused_with_the_error_beside_the_due_date(
    page, live_server, late_payer
):
    open_from_portfolio(page, live_server, late_payer)
    invoices_before = db.Invoice.objects.filter(client=late_payer).count()
    invoice_form = page.locator("#log-invoice")
    invoice_form.get_by_text("Una factura").click()  # unfold it

    invoice_form.get_by_label("Número").fill("F-PRUEBA-1")
    invoice_form.get_by_label("Fecha de emisión").fill("2026-11-20")
    invoice_form.get_by_label("Fecha de vencimiento").fill("2026-11-01")
    invoice_form.get_by_label("Importe").fill("1200")
    invoice_form.get_by_label("Moneda").fill("EUR")
    invoice_form.get_by_role("button", name="Guardar").click()

    # The same page again, the invoice form unfolded, the message next to the field it is about.
    invoice_form = page.locator("#log-invoice")
    expect(invoice_form).to_have_attribute("open", "")
    due_field = invoice_form.locator("p.field", has=page.locator("#id_invoice-due_on"))
    expect(due_field.get_by_role("alert")).to_have_text(
        "La fecha de vencimiento no puede ser anterior a la de emisión."
    )
    expect(invoice_form.get_by_label("Número")).to_have_value("F-PRUEBA-1")  # what was typed is kept
    assert db.Invoice.objects.filter(client=late_payer).count() == invoices_before
