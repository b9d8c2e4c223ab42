"""On a phone the navigation folds behind a Menu button that opens it whole."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_phone_menu_opens_every_section_and_the_dashboard_search_is_live(browser, live_server, laura):
    context = browser.new_context(locale="es-ES", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "laura", PASSWORD)
    settings_link = page.get_by_role("link", name="Configuración")
    expect(settings_link).to_be_hidden()
    menu = page.get_by_role("button", name="Menú")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(settings_link).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "menu-phone-es.png"))

    names = page.locator("table.clients tbody th a").all_inner_texts()
    wanted = next(name for name in reversed(names) if any(ch in name for ch in "áéíóúñÁÉÍÓÚÑ"))
    # Typed without accents or capitals, the search still finds the client, with no page load.
    plain = wanted.lower().translate(str.maketrans("áéíóúñ", "aeioun"))
    page.get_by_label("Buscar por nombre").fill(plain)
    expect(page.locator("table.clients tbody th a")).to_have_text([wanted])
    expect(page).to_have_url(re.compile(r"[?&]q="))
    context.close()
