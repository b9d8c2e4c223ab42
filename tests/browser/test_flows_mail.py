"""Mail in, in real Chromium: the owner points Despedida at the mailbox (a real Dovecot on loopback),
reads it, and a client who stopped answering shows up on the dashboard with the protocol's next step,
without a single message typed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from despedida.clients import models as db
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import PASSWORD, SUITE_NOW
from tests.mailbox.conftest import OURS, dovecot, imap, mail  # noqa: F401 - the Dovecot fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def acme(norte, alice) -> db.Client:
    client = db.Client.objects.create(
        workspace=norte,
        key="acme",
        name="Acme Retail SL",
        language="es",
        contact_name="Ana",
        contact_email="ana@acme.example",
        has_contact=True,
    )
    db.Contract.objects.create(
        workspace=norte, client=client, signed_on=SUITE_NOW.date() - dt.timedelta(days=60), scope_defined=True
    )
    db.Project.objects.create(workspace=norte, client=client, key="web", name="Tienda online")
    return client


def test_the_owner_sets_up_the_mailbox_and_a_silent_client_appears_on_the_dashboard(
    page, live_server, norte, acme, imap
):
    """
    GIVEN Ana answered our budget, but not the delivery we sent her 20 days ago (all of it in the mailbox)
    WHEN alice sets up the mailbox in Settings and has it read
    THEN the dashboard shows Acme as gone silent, with a check-in as the next step
    """
    now = SUITE_NOW
    sent = now - dt.timedelta(days=20)
    imap.append(
        "Sent",
        mail(
            OURS,
            "Ana <ana@acme.example>",
            "Presupuesto",
            now - dt.timedelta(days=30),
            message_id="p1@estudionorte.example",
        ),
        when=now - dt.timedelta(days=30),
    )
    imap.append(
        "INBOX",
        mail(
            "Ana <ana@acme.example>",
            OURS,
            "Re: Presupuesto",
            now - dt.timedelta(days=29),
            in_reply_to="p1@estudionorte.example",
        ),
        when=now - dt.timedelta(days=29),
    )
    imap.append(
        "Sent",
        mail(
            OURS,
            "ana@acme.example",
            "Entrega final",
            sent,
            message_id="e1@estudionorte.example",
            body="Te envío la entrega final. ¿Nos confirmas que está todo bien?",
        ),
        when=sent,
    )

    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("navigation", name="Configuración").get_by_role("link", name="Correo entrante").click()
    page.get_by_label("Servidor IMAP").fill(imap.server.host)
    page.get_by_label("Puerto").fill(str(imap.server.port))
    page.get_by_label("Cifrado").select_option(label="Ninguno (solo para un servidor en esta máquina)")
    page.get_by_label("Nombre de usuario").fill(imap.username)
    page.get_by_label("Contraseña").fill(imap.server.password)
    page.get_by_label("Tus otras direcciones").fill(OURS)
    page.get_by_role("button", name="Guardar").click()

    expect(page.locator("ul.flash")).to_contain_text("Configuración del correo guardada.")
    expect(page.locator("ul.flash")).to_contain_text("El servidor tiene 2 carpetas.")
    expect(page.get_by_label("Sent")).to_be_checked()
    page.get_by_role("button", name="Leer el correo nuevo ahora").click()
    expect(page.locator("ul.flash")).to_contain_text("3 mensajes leídos: 3 añadidos a las fichas de los clientes")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "mail-settings-es.png"), full_page=True)

    page.goto(f"{live_server.url}/")
    row = page.get_by_role("row").filter(has_text="Acme Retail SL")
    expect(row).to_contain_text("Ha dejado de responder")
    expect(page.get_by_role("main")).to_contain_text("Acme Retail SL: Enviar un mensaje de seguimiento")

    row.get_by_role("link", name="Acme Retail SL").click()
    expect(page.get_by_role("main")).to_contain_text("tu mensaje «Entrega final» del")
    expect(page.get_by_role("main")).to_contain_text("en respuesta a «Presupuesto»")
