"""Whole pages are kept rendered, but a change shows on the next load and no one gets another's page or token.

A change "by another process" (the worker, an import, a mail sync) is made
here with queryset writes that send no signals, so this process's own
bookkeeping (`accounts.freshness`) does not see it: only what the page
reads from the database can.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from despedida.accounts.models import Membership, Role, Workspace
from despedida.assessment.models import Assessment
from despedida.clients import models as db
from despedida.mailbox.models import ClientAddress
from tests.dates import NOW, TODAY

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page(browser, url: str, **headers) -> str:
    response = browser.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def client_url(client) -> str:
    return reverse("web:client", args=[client.key])


def test_a_repeat_view_is_the_kept_page(as_alice, acme):
    first = as_alice.get(client_url(acme))
    again = as_alice.get(client_url(acme))
    assert "web/client.html" in [t.name for t in first.templates]
    assert again.templates == []  # not put together again
    assert "Acme Retail SL" in again.content.decode()


def test_a_message_logged_by_another_process_shows_on_the_next_load(as_alice, acme, norte):
    assert "Factura pendiente de marzo" not in page(as_alice, client_url(acme))
    db.Message.objects.bulk_create(
        [
            db.Message(
                workspace=norte,
                client=acme,
                direction=db.Direction.IN,
                at=NOW - dt.timedelta(hours=1),  # the `clock` fixture (acme's) stands at NOW
                subject="Factura pendiente de marzo",
                body="¿Cuándo pagáis?",
            )
        ]
    )
    assert "Factura pendiente de marzo" in page(as_alice, client_url(acme))


def test_a_client_renamed_or_reassessed_elsewhere_shows_on_the_next_load(as_alice, acme):
    page(as_alice, client_url(acme))
    page(as_alice, reverse("web:portfolio"))
    # (The clock stands still in this test: the edit is stamped a second later, as it would be.)
    later = acme.updated_at + dt.timedelta(seconds=1)
    db.Client.objects.filter(pk=acme.pk).update(name="Acme Holding SL", updated_at=later)
    assert "Acme Holding SL" in page(as_alice, client_url(acme))
    assert "Acme Holding SL" in page(as_alice, reverse("web:portfolio"))
    Assessment.objects.filter(client=acme).update(recommendation="walk_away", computed_at=later)
    dashboard = as_alice.get(reverse("web:portfolio"))
    assert dict((code, n) for code, _label, n in dashboard.context["counts"]) == {"walk_away": 1}


def test_a_client_added_elsewhere_shows_on_the_dashboard(as_alice, acme, norte):
    assert "Nuevo Cliente SA" not in page(as_alice, reverse("web:portfolio"))
    db.Client.objects.bulk_create([db.Client(workspace=norte, key="nuevo", name="Nuevo Cliente SA")])
    assert "2 clientes" in page(as_alice, reverse("web:portfolio"), HTTP_ACCEPT_LANGUAGE="es")


def test_a_mail_address_added_elsewhere_shows_on_the_client_page(as_alice, acme, norte):
    page(as_alice, client_url(acme))
    ClientAddress.objects.bulk_create([ClientAddress(workspace=norte, client=acme, value="pagos@acme.test")])
    assert "pagos@acme.test" in page(as_alice, client_url(acme))


def test_the_business_renamed_elsewhere_shows_in_the_menu(as_alice, acme, norte):
    page(as_alice, client_url(acme))
    Workspace.objects.filter(pk=norte.pk).update(name="Estudio Norte y Sur")
    assert "Estudio Norte y Sur" in page(as_alice, client_url(acme))


def test_a_change_made_in_the_app_shows_on_the_next_load(as_alice, acme):
    page(as_alice, client_url(acme))
    response = as_alice.post(reverse("mail:address_add", args=[acme.key]), {"value": "facturas@acme.test"})
    assert response.status_code == 302
    assert "facturas@acme.test" in page(as_alice, client_url(acme))


@pytest.mark.parametrize("url", ["dashboard", "client"])
def test_each_member_gets_a_token_of_their_own_that_works(alice, bob, acme, url):
    address = reverse("web:portfolio") if url == "dashboard" else client_url(acme)
    as_alice, as_bob = HttpClient(enforce_csrf_checks=True), HttpClient(enforce_csrf_checks=True)
    as_alice.force_login(alice)
    as_bob.force_login(bob)
    alices = TOKEN.findall(page(as_alice, address))
    bobs_page = page(as_bob, address)  # the page alice's visit kept
    bobs = TOKEN.findall(bobs_page)
    assert alices and bobs and not set(alices) & set(bobs)
    assert "csrf-token-placeholder" not in bobs_page
    # Bob's token is good for bob's session, and alice's is not.
    add = reverse("mail:address_add", args=[acme.key])
    assert as_bob.post(add, {"value": "bob@acme.test", "csrfmiddlewaretoken": alices[0]}).status_code == 403
    assert as_bob.post(add, {"value": "bob@acme.test", "csrfmiddlewaretoken": bobs[0]}).status_code == 302


def test_another_workspace_never_gets_this_workspaces_page(as_alice, as_charlie, acme, sur):
    page(as_alice, client_url(acme))
    page(as_alice, reverse("web:portfolio"))
    db.Client.objects.create(workspace=sur, key="acme", name="Acme Mexicana SA de CV")
    theirs = page(as_charlie, client_url(acme))
    assert "Acme Mexicana SA de CV" in theirs and "Acme Retail SL" not in theirs
    dashboard = page(as_charlie, reverse("web:portfolio"))
    assert "Acme Retail SL" not in dashboard and "Estudio Norte" not in dashboard


def test_a_message_for_one_session_is_shown_once_and_to_no_one_else(as_alice, as_bob, acme):
    page(as_alice, client_url(acme))
    response = as_alice.post(reverse("mail:address_add", args=[acme.key]), {"value": "otra@acme.test"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages and messages[0] in response.content.decode()
    assert messages[0] not in page(as_alice, client_url(acme))
    assert messages[0] not in page(as_bob, client_url(acme))


def test_each_language_gets_its_own_page(as_alice, acme):
    spanish = page(as_alice, client_url(acme), HTTP_ACCEPT_LANGUAGE="es")
    english = page(as_alice, client_url(acme), HTTP_ACCEPT_LANGUAGE="en")
    assert "Direcciones de correo" in spanish and "Mail addresses" in english


def test_the_menu_of_a_member_of_two_workspaces_is_their_own(as_alice, as_bob, alice, acme):
    page(as_bob, client_url(acme))
    oeste = Workspace.objects.create(name="Taller Oeste", slug="taller-oeste")
    Membership.objects.create(workspace=oeste, user=alice, role=Role.MEMBER)
    assert "Taller Oeste" in page(as_alice, client_url(acme))
    assert "Taller Oeste" not in page(as_bob, client_url(acme))


def test_what_no_stamp_sees_shows_on_the_dashboard_when_the_minute_turns(as_alice, acme, norte, clock):
    # An invoice written by another process without re-assessing the client moves no stamp:
    # the today list and the page are both renewed at the next minute.
    page(as_alice, reverse("web:portfolio"))
    today = TODAY  # where the `clock` fixture stands
    db.Invoice.objects.bulk_create(
        [
            db.Invoice(
                workspace=norte,
                client=acme,
                number="F-77",
                amount="90.00",
                currency="EUR",
                issued_on=today - dt.timedelta(days=33),
                due_on=today - dt.timedelta(days=2),
            )
        ]
    )
    clock.shift(dt.timedelta(seconds=61))
    assert "F-77" in page(as_alice, reverse("web:portfolio"))
