"""A new freelancer's first day, in real Chromium, from an empty store and without a terminal.

`despedida init --no-demo` made the owner account and nothing else (the
password is the one it printed). In the browser the owner names the business,
fills the business profile and the mail server (a real SMTP server on
loopback), adds a client with its contract, a project and an invoice long
overdue, reads the assessment, drafts the letter of the remedy it recommends,
lets a harsh line into it, and sends it past the tone gate the way the product
offers (the open finding listed, "send anyway" ticked and recorded), then sees
it sent. Once in Spanish, once in English; no page or request on the way
answers 4xx or 5xx.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from despedida.accounts.models import Membership, Role, Workspace
from despedida.assessment.models import Assessment
from despedida.clients import models as db
from despedida.letters.models import DraftStatus, LetterDraft
from despedida.outbox.worker import run_pass
from tests.browser.conftest import CHROMIUM_ARGS, SCREENSHOTS  # noqa: F401
from tests.conftest import SUITE_NOW
from tests.outbox.conftest import start_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a person reads on the way, in each language (the assertions quote the page).
WORDS = {
    "es": {
        "browser_locale": "es-ES",
        "username": "Nombre de usuario",
        "password": "Contraseña",
        "sign_in": "Entrar",
        "business_name": "Nombre de tu negocio",
        "create_workspace": "Crear mi espacio de trabajo",
        "steps": "Para empezar, en tres pasos",
        "profile_link": "El perfil de tu negocio",
        "target_rate": "Tarifa por hora objetivo",
        "save": "Guardar",
        "profile_saved": "Perfil del negocio guardado.",
        "mail_link": "Tu correo",
        "smtp_host": "Servidor",
        "smtp_port": "Puerto",
        "smtp_security": "Cifrado",
        "from_address": "Dirección del remitente",
        "from_name": "Nombre del remitente",
        "first_client": "Tu primer cliente",
        "client_name": "Nombre",
        "contact_name": "Nombre de contacto",
        "contact_email": "Correo electrónico de contacto",
        "client_added": "Cliente añadido",
        "contract": "Contrato",
        "signed_on": "Fecha de firma",
        "scope_defined": "Alcance definido",
        "add_project": "Añadir un proyecto",
        "project_name": "Nombre",
        "fee": "Honorarios",
        "invoice_form": "Una factura",
        "number": "Número",
        "issued_on": "Fecha de emisión",
        "due_on": "Fecha de vencimiento",
        "amount": "Importe",
        "saved": "Guardado",
        "pays_late": "Pagos vencidos",
        "chase": "Reclamar el pago",
        "calm": "Nada que cambiar",
        "letter": "Carta",
        "save_version": "Guardar una versión nueva",
        "harsh": "Sinceramente, sois unos sinvergüenzas.",
        "harsh_word": "sinvergüenzas",
        "send_anyway": "Enviarla de todos modos",
        "send_to": "Enviar a",
        "queued": "En la bandeja de salida",
        "sent": "Enviado",
    },
    "en": {
        "browser_locale": "en-GB",
        "username": "User name",
        "password": "Password",
        "sign_in": "Log in",
        "business_name": "Your business's name",
        "create_workspace": "Create my workspace",
        "steps": "Getting started, in three steps",
        "profile_link": "Your business profile",
        "target_rate": "Target hourly rate",
        "save": "Save",
        "profile_saved": "Business profile saved.",
        "mail_link": "Your mail",
        "smtp_host": "Server",
        "smtp_port": "Port",
        "smtp_security": "Encryption",
        "from_address": "From address",
        "from_name": "From name",
        "first_client": "Your first client",
        "client_name": "Name",
        "contact_name": "Contact name",
        "contact_email": "Contact email",
        "client_added": "Client added",
        "contract": "Contract",
        "signed_on": "Signed on",
        "scope_defined": "Scope defined",
        "add_project": "Add a project",
        "project_name": "Name",
        "fee": "Fee",
        "invoice_form": "An invoice",
        "number": "Number",
        "issued_on": "Issued on",
        "due_on": "Due on",
        "amount": "Amount",
        "saved": "Saved",
        "pays_late": "Money overdue",
        "chase": "Chase the payment",
        "calm": "Nothing to change",
        "letter": "Letter",
        "save_version": "Save a new version",
        "harsh": "Frankly, you are a bunch of crooks.",
        "harsh_word": "crooks",
        "send_anyway": "Send it anyway",
        "send_to": "Send to",
        "queued": "In the outbox",
        "sent": "Sent",
    },
}


@pytest.fixture
def smtp():
    server = start_server()
    yield server
    server.controller.stop()


@pytest.fixture
def owner_password() -> str:
    """What `despedida init --no-input --no-demo` prints on the first run: the owner's password."""
    out = io.StringIO()
    with translation.override("en"):
        call_command("init", no_input=True, no_demo=True, username="nuria", stdout=out)
    assert not Workspace.objects.exists()  # an empty store
    found = re.search(r"with password: (\S+)", out.getvalue())
    assert found, out.getvalue()
    return found.group(1)


def exactly(page, label: str):
    """The field labelled `label` and nothing longer (Django's labels end with a colon)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_new_freelancer_goes_from_an_empty_store_to_a_sent_letter_in_the_browser(
    browser, live_server, owner_password, smtp, language
):
    w = WORDS[language]
    context = browser.new_context(locale=w["browser_locale"], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)
    today = SUITE_NOW.date()
    try:
        # Sign in with what `init` printed.
        page.goto(f"{live_server.url}/login/")
        page.get_by_label(w["username"]).fill("nuria")
        page.get_by_label(w["password"]).fill(owner_password)
        page.get_by_role("button", name=w["sign_in"]).click()

        # No workspace yet: name the business.
        page.get_by_label(w["business_name"]).fill("Estudio Nuria")
        page.get_by_role("button", name=w["create_workspace"]).click()
        workspace = Workspace.objects.get()
        assert Membership.objects.get(workspace=workspace).role == Role.OWNER
        assert workspace.language == language
        onboarding = page.locator("section.onboarding")
        expect(onboarding.get_by_role("heading")).to_have_text(w["steps"])
        screenshot(page, f"first-day-empty-{language}.png")

        # Step 1: the business profile.
        onboarding.get_by_role("link", name=w["profile_link"]).click()
        page.get_by_label(w["target_rate"]).fill("55")
        page.get_by_role("button", name=w["save"]).click()
        expect(page.get_by_role("status")).to_contain_text(w["profile_saved"])

        # Step 2: the mail server the letters leave through.
        page.goto(f"{live_server.url}/")
        page.locator("section.onboarding").get_by_role("link", name=w["mail_link"]).click()
        exactly(page, w["smtp_host"]).fill(smtp.host)
        page.get_by_label(w["smtp_port"]).fill(str(smtp.port))
        page.get_by_label(w["smtp_security"]).select_option(value="none")
        page.get_by_label(w["from_address"]).fill("hola@estudionuria.example")
        page.get_by_label(w["from_name"]).fill("Estudio Nuria")
        page.get_by_role("button", name=w["save"]).click()

        # Step 3: the first client, its contract, a project and an invoice two months overdue.
        page.goto(f"{live_server.url}/")
        page.locator("section.onboarding").get_by_role("link", name=w["first_client"]).click()
        exactly(page, w["client_name"]).fill("Ferretería Núñez")
        page.get_by_label(w["contact_name"]).fill("Pilar Núñez")
        page.get_by_label(w["contact_email"]).fill("pilar@ferreteria.example")
        page.get_by_role("button", name=w["save"]).click()
        expect(page.get_by_role("status")).to_contain_text(w["client_added"])
        client = db.Client.objects.get()

        page.get_by_role("link", name=w["contract"], exact=True).click()
        page.get_by_label(w["signed_on"]).fill((today - dt.timedelta(days=200)).isoformat())
        page.get_by_label(w["scope_defined"]).check()
        page.get_by_role("button", name=w["save"]).click()

        page.get_by_role("link", name=w["add_project"]).first.click()
        exactly(page, w["project_name"]).fill("Tienda online")
        exactly(page, w["fee"]).fill("4.800" if language == "es" else "4,800")
        page.get_by_role("button", name=w["save"]).click()

        invoice_form = page.locator("#log-invoice")
        invoice_form.get_by_text(w["invoice_form"]).click()
        invoice_form.get_by_label(w["number"]).fill("2026-014")
        invoice_form.get_by_label(w["issued_on"]).fill((today - dt.timedelta(days=90)).isoformat())
        invoice_form.get_by_label(w["due_on"]).fill((today - dt.timedelta(days=60)).isoformat())
        invoice_form.get_by_label(w["amount"]).fill("1.250,50" if language == "es" else "1,250.50")
        invoice_form.get_by_role("button", name=w["save"]).click()
        expect(page.get_by_role("status")).to_contain_text(w["saved"])

        # The assessment: it pays late, and the first remedy is to chase the payment.
        assessment = Assessment.objects.get(client=client)
        late = page.locator("article.signal", has=page.get_by_role("heading", name=w["pays_late"]))
        expect(late).to_be_visible()
        screenshot(page, f"first-day-client-{language}.png")
        late.get_by_role("button", name=w["chase"]).click()

        # The letter editor: a reminder to Pilar, drafted calm.
        expect(page.locator("#tone")).to_contain_text(w["calm"])
        letter = LetterDraft.objects.get(client=client)
        # Two months of waiting show: a harsh line goes in, and a new version is saved.
        letter_box = page.get_by_label(w["letter"], exact=True)
        letter_box.fill(letter_box.input_value() + "\n\n" + w["harsh"])
        page.get_by_role("button", name=w["save_version"]).click()
        # The send section lists what the tone check wants changed; sending needs a conscious, recorded choice.
        gate = page.locator(".tone-gate")
        expect(gate).to_contain_text(w["harsh_word"])
        gate.get_by_label(w["send_anyway"]).check()
        page.get_by_role("button", name=f"{w['send_to']} pilar@ferreteria.example").click()
        expect(page.get_by_role("status")).to_contain_text(w["queued"])
        letter.refresh_from_db()
        assert letter.status == DraftStatus.QUEUED
        assert letter.tone_overridden_by.username == "nuria"
        assert [f["excerpt"] for f in letter.tone_override_findings] == [w["harsh_word"]]

        run_pass("first-day")  # the outbox worker, which `despedida serve` runs beside the web server
        assert [r.rcpt_tos for r in smtp.received] == [["pilar@ferreteria.example"]]
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_contain_text(w["sent"])
        screenshot(page, f"first-day-sent-{language}.png")
        assert assessment.pk
    finally:
        context.close()
    assert errors == []
