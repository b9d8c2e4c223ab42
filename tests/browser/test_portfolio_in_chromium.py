"""A freelancer's first minutes, in real Chromium: log in, read the portfolio, switch language."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from despedida.accounts.models import Membership, Role, Workspace
from despedida.assessment.models import Assessment
from despedida.core.assessment.phrases import render_phrases
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_owner():
    call_command("demo", clients=14, seed=3, stdout=io.StringIO())
    owner = make_user("laura")
    Membership.objects.create(workspace=Workspace.objects.get(), user=owner, role=Role.OWNER)
    return owner


def test_an_owner_logs_in_sees_the_most_urgent_client_first_and_switches_to_english(page, live_server, demo_owner):
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url  # nothing is visible without logging in

    log_in(page, live_server, "laura", PASSWORD)

    page.get_by_role("heading", name="Cartera").wait_for()
    most_urgent = Assessment.objects.order_by("-urgency", "client__name", "pk").first()
    first_row = page.locator("table.clients tbody tr").first
    assert most_urgent.client.name in first_row.inner_text()
    assert page.locator("svg.chart").count() == 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "portfolio-es.png"), full_page=True)

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Portfolio").wait_for()
    assert page.get_by_role("columnheader", name="Recommendation").is_visible()

    first_row.get_by_role("link").first.click()
    page.get_by_role("heading", name="Warning signs").wait_for()
    reason = page.locator("#summary").inner_text()
    # The verdict itself is the badge beside it; the stored summary is worded in the page's language.
    english = render_phrases(most_urgent.summary, "en")
    assert reason and reason[1:] in english and english != render_phrases(most_urgent.summary, "es")
    page.screenshot(path=str(SCREENSHOTS / "client-en.png"), full_page=True)


def test_a_wrong_password_is_refused_with_a_message(page, live_server, demo_owner):
    log_in(page, live_server, "laura", "not the password")
    expect(page.get_by_role("alert")).to_be_visible()  # waits for the answer to the form
    assert "/login/" in page.url


def test_the_quick_event_form_shows_only_the_fields_of_the_chosen_type(page, live_server, demo_owner):
    log_in(page, live_server, "laura", PASSWORD)
    client = Assessment.objects.order_by("-urgency").first().client
    page.goto(f"{live_server.url}/c/{client.key}/")
    page.locator("select[name='event-type']").select_option("feedback")
    assert page.locator("[name='event-quality']").is_visible()
    assert not page.locator("[name='event-priced']").is_visible()
    page.locator("select[name='event-type']").select_option("scope_change")
    assert page.locator("[name='event-priced']").is_visible()
    assert not page.locator("[name='event-quality']").is_visible()
