"""Settings in real Chromium: the owner changes the business profile and invites a colleague,
who joins through the link without an account and can read the settings but not change them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from despedida.accounts.models import Membership, Role
from despedida.clients import models as db
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "una clave larga de prueba 42"


@pytest.fixture
def acme(norte, alice) -> db.Client:
    return db.Client.objects.create(workspace=norte, key="acme", name="Acme Retail SL", language="es")


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_the_owner_sets_a_target_rate_in_the_business_profile(page, live_server, acme, norte):
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/settings/")
    expect(page.get_by_role("heading", name="Configuración", level=1)).to_be_visible()

    page.get_by_role("navigation", name="Configuración").get_by_role("link", name="Perfil del negocio").click()
    page.get_by_label("Tarifa por hora objetivo").fill("65")
    page.get_by_role("button", name="Guardar").click()

    expect(page.get_by_role("status")).to_contain_text("Perfil del negocio guardado.")
    norte.refresh_from_db()
    assert norte.target_hourly_rate == Decimal("65")
    screenshot(page, "settings-es.png")


def test_an_invited_colleague_joins_with_the_link_and_may_read_but_not_change_the_settings(
    page, browser, live_server, alice, norte
):
    """
    GIVEN alice, owner of Estudio Norte
    WHEN she creates an invitation link for a member and a colleague opens it, signed out, and signs up
    THEN the colleague lands in Estudio Norte as a member, and the business profile is read-only for them
    """
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/settings/team/")
    page.get_by_label("Para quién").fill("Jorge")
    page.get_by_role("button", name="Crear el enlace de invitación").click()
    link = page.locator("#invite-link").input_value()
    page.get_by_role("link", name="Volver al equipo").click()
    expect(page.get_by_role("main")).to_contain_text("Jorge")  # the invitation waits in the list
    screenshot(page, "team-es.png")

    colleague = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 900})  # no session
    try:
        joining = colleague.new_page()
        joining.set_default_timeout(15_000)
        joining.goto(link)
        expect(joining.get_by_role("heading", level=1)).to_contain_text("Estudio Norte")
        joining.get_by_label("Nombre de usuario").fill("jorge")
        joining.get_by_label("Contraseña:", exact=True).fill(NEW_PASSWORD)
        joining.get_by_label("Contraseña (confirmación):", exact=True).fill(NEW_PASSWORD)
        joining.get_by_role("button", name="Crear mi cuenta y unirme").click()

        expect(joining.get_by_role("heading", name="Cartera", level=1)).to_be_visible()
        assert Membership.objects.get(user__username="jorge").role == Role.MEMBER

        joining.goto(f"{live_server.url}/settings/profile/")
        expect(joining.locator("dl.profile-values")).to_contain_text(norte.name)  # read...
        expect(joining.locator("form.settings-form")).to_have_count(0)  # ...but nothing to change
    finally:
        colleague.close()
