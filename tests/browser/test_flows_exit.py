"""Ending a client relationship in real Chromium: the plan wizard, the letter editor
with live tone findings, the 24-hour cool-off, sending through a real SMTP server,
and a review link opened by a colleague who has no account.

alice owns «Estudio Norte»; Acme Retail SL is mid-job: the milestone «Desarrollo»
is due in 30 days and the contract asks for 10 days' notice, so the engine
suggests working until the milestone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from despedida.accounts.clock import today_for
from despedida.clients import models as db
from despedida.letters import drafts
from despedida.letters.models import DraftStatus, LetterDraft, LetterKind, ReviewLink
from despedida.outbox.models import OutboundMessage, Status
from despedida.outbox.worker import run_pass
from despedida.plans import workflow
from despedida.plans.models import ExitPlan
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import PASSWORD
from tests.outbox.conftest import make_account, start_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HARSH = "Sinceramente, eres un incompetente."
CALM = "Gracias por estos meses de trabajo."


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.fixture
def acme(norte, alice) -> db.Client:
    today = today_for(norte)
    client = db.Client.objects.create(
        workspace=norte,
        key="acme",
        name="Acme Retail SL",
        stage=db.Stage.ACTIVE,
        language="es",
        contact_name="Marta Ruiz",
        contact_email="marta@acme.example",
        has_contact=True,
    )
    db.Contract.objects.create(
        workspace=norte,
        client=client,
        signed_on=today - dt.timedelta(days=290),
        scope_defined=True,
        deposit_requested=True,
        deposit_paid_on=today - dt.timedelta(days=288),
        notice_days=10,
    )
    project = db.Project.objects.create(
        workspace=norte,
        client=client,
        key="web",
        name="Tienda online",
        status=db.ProjectStatus.ACTIVE,
        started_on=today - dt.timedelta(days=290),
        fee_type=db.FeeType.FIXED,
        fee=Decimal("6000"),
    )
    db.Milestone.objects.create(
        workspace=norte,
        client=client,
        project=project,
        name="Diseño",
        position=0,
        due_on=today - dt.timedelta(days=200),
        delivered_on=today - dt.timedelta(days=200),
    )
    db.Milestone.objects.create(
        workspace=norte,
        client=client,
        project=project,
        name="Desarrollo",
        position=1,
        due_on=today + dt.timedelta(days=30),
    )
    db.Invoice.objects.create(
        workspace=norte,
        client=client,
        project=project,
        number="F-1",
        amount=Decimal("1500"),
        currency="EUR",
        issued_on=today - dt.timedelta(days=50),
        due_on=today - dt.timedelta(days=20),
    )
    return client


@pytest.fixture
def plan(acme, alice) -> ExitPlan:
    """The plan on the engine's dates, as the wizard would save it."""
    today = today_for(acme.workspace)
    suggestion = workflow.suggest(acme, today)
    return workflow.create_plan(
        acme,
        as_of=today,
        notice_on=suggestion.notice_on,
        user=alice,
        last_work_on=suggestion.last_work_on,
        handover_until=suggestion.handover_until,
    )


@pytest.fixture
def letter(plan, alice) -> LetterDraft:
    """The termination letter, drafted a moment ago: its 24 hours of cool-off have just begun."""
    return drafts.create_draft(plan.client, LetterKind.TERMINATION, user=alice, plan=plan)


@pytest.fixture
def smtp():
    server = start_server()
    yield server
    server.controller.stop()


def test_the_exit_wizard_suggests_dates_and_refuses_ending_mid_job_without_a_reason(page, live_server, acme):
    """
    GIVEN a client mid-job (milestone in 30 days, 10 days' notice)
    WHEN alice opens the wizard, moves the last day before the milestone and saves
    THEN the dates were suggested, the early day is refused with the reason why,
         and once she writes down her reason the plan is saved with it
    """
    suggestion = workflow.suggest(acme, today_for(acme.workspace))
    milestone = acme.projects.get().milestones.get(name="Desarrollo")
    assert suggestion.last_work_on == milestone.due_on  # the milestone, not the shorter notice, decides
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{reverse('web:client', args=[acme.key])}")

    page.get_by_role("link", name="Planificar la salida").click()

    expect(page.get_by_role("heading", name="Planificar la salida de Acme Retail SL", level=1)).to_be_visible()
    expect(page.get_by_label("Enviar la carta el")).to_have_value(suggestion.notice_on.isoformat())
    expect(page.get_by_label("Último día de trabajo")).to_have_value(suggestion.last_work_on.isoformat())
    expect(page.get_by_label("Traspaso hasta el")).to_have_value(suggestion.handover_until.isoformat())
    expect(page.locator("section", has_text="Lo que sugiere Despedida")).to_contain_text("Desarrollo")

    too_early = suggestion.last_work_on - dt.timedelta(days=7)
    page.get_by_label("Último día de trabajo").fill(too_early.isoformat())
    page.get_by_role("button", name="Guardar el plan").click()

    error = page.locator("#id_last_work_on_error")
    expect(error).to_contain_text("Nunca a mitad de un trabajo")
    with translation.override("es"):  # the page is in Spanish, whatever language this process is in
        expected_day = date_format(suggestion.last_work_on, "DATE_FORMAT")
    expect(error).to_contain_text(expected_day)
    assert not ExitPlan.objects.exists()
    screenshot(page, "plan-wizard-es.png")

    reason = "Lo hemos acordado por escrito con Marta: cierran la tienda antes."
    page.get_by_label("Motivo para terminar antes del día sugerido").fill(reason)
    page.get_by_role("button", name="Guardar el plan").click()

    expect(page.get_by_role("heading", name="Plan de salida: Acme Retail SL", level=1)).to_be_visible()
    expect(page.get_by_text(reason)).to_be_visible()
    plan = ExitPlan.objects.get()
    assert (plan.last_work_on, plan.last_work_reason) == (too_early, reason)
    assert plan.suggested_last_work_on == suggestion.last_work_on
    screenshot(page, "plan-es.png")


def tone_checked(page, *, containing: str | None = None, without: str | None = None):
    """Wait for the htmx tone request whose text contains (or lacks) a phrase."""

    url = reverse("letters:tone")

    def matches(response) -> bool:
        if not response.url.endswith(url):
            return False
        body = parse_qs(response.request.post_data or "").get("body", [""])[0]
        return (containing is None or containing in body) and (without is None or without not in body)

    return page.expect_response(matches)


def test_a_harsh_phrase_typed_in_the_letter_is_highlighted_and_the_finding_goes_away_once_fixed(
    page, live_server, plan
):
    """
    GIVEN the exit plan of Acme Retail SL
    WHEN alice drafts the letter and types "eres un incompetente" into it
    THEN the phrase is marked in the tone panel while she types (htmx), with a finding to change it;
         when she rewrites the sentence, the mark and the finding disappear
    """
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{reverse('plans:plan', args=[plan.pk])}")
    page.get_by_role("button", name="Redactar la carta").click()

    expect(page.get_by_role("heading", name="Fin de la relación", level=1)).to_be_visible()
    tone = page.locator("#tone")
    letter_box = page.get_by_label("Carta", exact=True)
    expect(tone.locator("mark")).to_have_count(0)  # the drafted letter is calm

    letter_box.click()
    letter_box.press("Control+End")
    with tone_checked(page, containing="incompetente"):
        letter_box.press_sequentially("\n" + HARSH)

    mark = tone.locator("mark", has_text="incompetente")
    expect(mark).to_be_visible()
    expect(tone.locator("ol.findings li", has_text="incompetente")).to_contain_text("cámbiala")
    mark.scroll_into_view_if_needed()  # the preview scrolls on its own; show the mark in the picture
    screenshot(page, "letter-editor-es.png")

    with tone_checked(page, containing=CALM, without="incompetente"):
        for _ in HARSH:
            letter_box.press("Backspace")
        letter_box.press_sequentially(CALM)

    expect(mark).to_have_count(0)
    expect(tone.locator("ol.findings li", has_text="incompetente")).to_have_count(0)
    assert "incompetente" not in LetterDraft.objects.get().body  # only typed, never saved


def test_sending_during_the_cool_off_needs_a_reason_and_the_letter_then_leaves_through_smtp_once(
    page, live_server, letter, smtp, norte
):
    """
    GIVEN a termination letter drafted a moment ago, and the workspace's SMTP account on a test server
    WHEN alice sends it at once, first without a reason and then with one
    THEN the first try is refused beside the reason field; the second queues it with her reason on record;
         one pass of the outbox worker hands it to the SMTP server exactly once,
         and the letter shows as sent in the editor, the client's timeline and the outbox
    """
    make_account(norte, port=smtp.port)
    client = letter.client
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{reverse('letters:edit', args=[letter.pk])}")
    expect(page.locator(".cooloff")).to_contain_text("Periodo de reflexión")
    send = page.get_by_role("button", name=f"Enviar a {client.contact_email}")

    send.click()

    expect(page.locator("#id_override_reason_error")).to_contain_text(
        "El periodo de reflexión de 24 horas no ha terminado"
    )
    letter.refresh_from_db()
    assert letter.status == DraftStatus.DRAFT and not OutboundMessage.objects.filter(status=Status.QUEUED).exists()

    reason = "Marta nos pidió la confirmación por escrito hoy mismo."
    page.get_by_label("¿Por qué enviarla antes de que pasen las 24 horas?").fill(reason)
    page.get_by_role("button", name=f"Enviar a {client.contact_email}").click()

    expect(page.get_by_role("status")).to_contain_text("En la bandeja de salida")
    expect(page.get_by_text(reason)).to_be_visible()
    letter.refresh_from_db()
    assert letter.status == DraftStatus.QUEUED
    assert (letter.cool_off_override_reason, letter.cool_off_overridden_by.username) == (reason, "alice")

    run_pass("browser-test")
    run_pass("browser-test")  # a second pass finds nothing left to send

    assert len(smtp.received) == 1
    received = smtp.received[0]
    assert received.rcpt_tos == [client.contact_email]
    # Django folds a long encoded subject right after "Subject:"; Python's parser keeps that space.
    assert received.message["Subject"].strip() == letter.subject
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Enviado")
    page.goto(f"{live_server.url}{reverse('web:client', args=[client.key])}")
    expect(page.locator("ol.timeline li").first).to_contain_text(f"Mensaje al cliente: «{letter.subject}»")

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}{reverse('outbox:list')}")
    expect(page.get_by_role("heading", name="Outbox", level=1)).to_be_visible()
    expect(page.locator("table.outbox tbody tr", has_text=letter.subject)).to_contain_text("Sent")
    screenshot(page, "outbox-en.png")


def test_a_colleague_opens_the_review_link_without_an_account_and_leaves_a_comment(page, browser, live_server, letter):
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{reverse('letters:edit', args=[letter.pk])}")
    page.get_by_label("¿Para quién es? (solo lo ves tú)").fill("Jorge, mi socio")
    page.get_by_role("button", name="Crear un enlace de revisión").click()
    link = page.locator("#new-link").input_value()
    assert link.startswith(f"{live_server.url}/letters/review/")

    colleague = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})  # no session
    try:
        review = colleague.new_page()
        review.set_default_timeout(15_000)
        review.goto(link)
        expect(review.get_by_role("heading", name="Una carta para revisar", level=1)).to_be_visible()
        assert review.url == link  # not sent to the login page
        expect(review.get_by_role("heading", name=letter.subject)).to_be_visible()
        review.get_by_label("Tu comentario").fill("Se entiende bien. Quitaría el segundo párrafo.")
        review.get_by_role("button", name="Enviar el comentario").click()
        expect(review.get_by_role("status")).to_contain_text("Gracias")
        # Times read in the business's time zone, though nobody is signed in.
        expires = timezone.localtime(ReviewLink.objects.get().expires_at, ZoneInfo(letter.workspace.timezone))
        expect(review.get_by_text("Este enlace funciona hasta")).to_contain_text(f"a las {expires:%H:%M}")
        screenshot(review, "review-es.png")
    finally:
        colleague.close()

    page.goto(f"{live_server.url}{reverse('letters:edit', args=[letter.pk])}")
    expect(page.locator("ul.comments")).to_contain_text("Quitaría el segundo párrafo.")
