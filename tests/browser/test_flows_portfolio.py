"""The portfolio in real Chromium: reading it, on a phone, with the keyboard only, in both languages."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from despedida.assessment.models import Assessment
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Enough Tab presses to cross the header, the "today" list and both charts.
MAX_TABS = 200


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def ranked_names() -> list[str]:
    return list(Assessment.objects.order_by("-urgency", "client__name", "pk").values_list("client__name", flat=True))


def test_an_owner_logs_in_and_reads_the_portfolio_most_urgent_first_with_both_charts(page, live_server, laura):
    log_in(page, live_server, "laura", PASSWORD)

    expect(page.get_by_role("heading", name="Cartera", level=1)).to_be_visible()
    rows = page.locator("table.clients tbody tr th[scope=row] a")
    assert rows.all_inner_texts() == ranked_names()
    first = Assessment.objects.order_by("-urgency", "client__name", "pk").select_related("client").first()
    first_row = page.locator("table.clients tbody tr").first
    with translation.override("es"):
        expect(first_row.locator(".badge").first).to_have_text(first.get_recommendation_display())

    charts = page.locator("svg.chart[role=img]")
    expect(charts).to_have_count(2)
    for chart in charts.all():
        # Each chart is named by its <title> and described by its <desc> (aria-labelledby).
        label_ids = chart.get_attribute("aria-labelledby").split()
        texts = [page.locator(f"[id='{label_id}']").text_content().strip() for label_id in label_ids]
        assert all(texts), texts
    # Every client on the value/risk chart is a link to its page.
    assert page.locator("svg.chart a circle.dot").count() == len(ranked_names())
    expect(page.get_by_role("heading", name="Hoy")).to_be_visible()
    screenshot(page, "dashboard-es.png")


def test_the_language_switch_turns_the_pages_to_english_and_back_to_spanish(page, live_server, laura):
    log_in(page, live_server, "laura", PASSWORD)
    expect(page.get_by_role("heading", name="Cartera", level=1)).to_be_visible()

    page.get_by_role("button", name="English").click()

    expect(page.get_by_role("heading", name="Portfolio", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("columnheader", name="Recommendation")).to_be_visible()
    expect(page.get_by_role("link", name="Outbox")).to_be_visible()
    screenshot(page, "dashboard-en.png")

    page.get_by_role("button", name="Español").click()

    expect(page.get_by_role("heading", name="Cartera", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("columnheader", name="Recomendación")).to_be_visible()


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {id: el.id, tag: el.tagName, text: (el.textContent || '').trim(),
                    inTable: !!el.closest('table.clients tbody'), outline: style.outlineStyle};
        }"""
    )


def tab_until(page, wanted, what: str) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = focused(page)
        if wanted(state):
            return state
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {what}")


def test_a_keyboard_user_logs_in_and_reaches_the_most_urgent_client_with_tab_and_enter(page, live_server, laura):
    """
    GIVEN the login page and a user who cannot use a mouse
    WHEN they move with Tab, type, and press Enter
    THEN they are signed in, reach the first client of the ranking, and open it;
         the focused element is visibly outlined on the way
    """
    page.goto(f"{live_server.url}/login/")

    tab_until(page, lambda s: s["id"] == "id_username", "the user name field")
    page.keyboard.type("laura")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Cartera", level=1)).to_be_visible()

    most_urgent = ranked_names()[0]
    state = tab_until(page, lambda s: s["inTable"] and s["tag"] == "A", "the client table")
    assert state["text"] == most_urgent
    assert state["outline"] != "none"  # :focus-visible draws a ring
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=most_urgent, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Señales de alerta")).to_be_visible()


@pytest.mark.parametrize("where", ["portfolio", "client"])
def test_on_a_phone_the_page_fits_the_screen_without_sideways_scrolling(browser, live_server, laura, where):
    context = browser.new_context(
        locale="es-ES", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server, "laura", PASSWORD)
        expect(page.get_by_role("heading", name="Cartera", level=1)).to_be_visible()
        if where == "client":
            name = ranked_names()[0]
            page.locator("table.clients").get_by_role("link", name=name).click()
            expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()

        width = page.evaluate(
            "() => ({scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth})"
        )
        # What the phone shows on arrival, not the whole scroll.
        screenshot(page, f"{'dashboard' if where == 'portfolio' else 'client'}-phone-es.png", full_page=False)
        assert width["scroll"] <= width["client"] + 1, width
    finally:
        context.close()
