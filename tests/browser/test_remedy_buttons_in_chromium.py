"""Every remedy button of every demo client, clicked in real Chromium: none leads to an error page.

A remedy that writes a letter is a small form (it drafts the letter with a
POST and opens the editor); the others are links to the right quick form.
The first version of the product made the letter remedies plain links to a
POST-only view, and Chromium showed a blank "HTTP ERROR 405"; this walks
them all the way a person would.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from despedida.clients import models as db
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_remedy_button_of_every_demo_client_opens_a_working_page(page, live_server, laura):
    """
    GIVEN the 14-client demo, signed in as its owner
    WHEN each remedy button or link on each client page is clicked, coming back to the client page each time
    THEN no response to the browser (page or request) is a 4xx or 5xx, each click lands on a page of the app
         (a letter's editor or the client's quick form), and every client with signs to act on offered some
    """
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)
    log_in(page, live_server, "laura", PASSWORD)
    clicked = {"letters": 0, "links": 0}
    for record in db.Client.objects.order_by("key"):
        client_url = f"{live_server.url}{reverse('web:client', args=[record.key])}"
        page.goto(client_url)
        remedies = page.locator("ul.remedies li")
        for index in range(remedies.count()):
            if index:
                page.goto(client_url)
            remedy = page.locator("ul.remedies li").nth(index)
            is_letter = remedy.locator("form").count() == 1
            label = remedy.get_by_role("button" if is_letter else "link").inner_text()
            remedy.get_by_role("button" if is_letter else "link").click()
            page.wait_for_load_state()
            where = f"{record.key}: {label}"
            expect(page.get_by_role("heading", level=1), where).to_be_visible()
            if is_letter:
                # The editor of the drafted letter, or (a formal demand whose delay runs into a
                # half-year with no statutory rate yet) the client's letters page saying why not.
                refused_to = f"{live_server.url}{reverse('plans:client', args=[record.pk])}"
                assert "/letters/" in page.url or page.url == refused_to, (where, page.url)
                if page.url == refused_to:
                    expect(page.get_by_role("alert").or_(page.get_by_role("status")), where).to_be_visible()
                clicked["letters"] += 1
            else:
                # The client's quick form for the event to log, or the exit wizard.
                wizard = f"{live_server.url}{reverse('plans:plan_new', args=[record.pk])}"
                if page.url != wizard:
                    expect(page.locator("#log-event"), where).to_have_attribute("open", "")
                clicked["links"] += 1
    assert errors == []
    # The demo shows every sign: both kinds of remedy were clicked, many times.
    assert clicked["letters"] >= 5 and clicked["links"] >= 5, clicked
