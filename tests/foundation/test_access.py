"""Login everywhere, and a workspace never shows another's data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from despedida.clients.models import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(norte):
    return Client.objects.create(workspace=norte, key="acme", name="Acme Retail SL")


def test_every_page_asks_an_anonymous_visitor_to_log_in(client, acme):
    for url in ["/", reverse("web:client", args=["acme"])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_health_check_answers_without_login_and_says_nothing_else(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_the_owner_and_a_member_see_their_clients(client, alice, bob, acme):
    for user in (alice, bob):
        client.force_login(user)
        assert client.get(reverse("web:client", args=["acme"])).status_code == 200


def test_an_outsider_gets_404_for_every_client_url_of_another_workspace(charlie_client, acme):
    assert charlie_client.get(reverse("web:client", args=["acme"])).status_code == 404
    for form in ["event", "message", "invoice", "payment", "time"]:
        response = charlie_client.post(reverse("web:log", args=["acme", form]), {f"{form}-on": "2026-11-20"})
        assert response.status_code == 404
    assert Client.objects.get().events.count() == 0


def test_an_outsiders_dashboard_does_not_list_another_workspaces_clients(charlie_client, acme):
    response = charlie_client.get("/")
    assert response.status_code == 200
    assert b"Acme Retail" not in response.content


def test_switching_to_a_workspace_you_do_not_belong_to_is_a_404(charlie_client, norte):
    response = charlie_client.post(reverse("switch_workspace", args=[norte.pk]))
    assert response.status_code == 404


def test_a_user_in_two_workspaces_switches_between_them(client, alice, sur, acme):
    from despedida.accounts.models import Membership, Role

    Membership.objects.create(workspace=sur, user=alice, role=Role.MEMBER)
    client.force_login(alice)
    response = client.post(reverse("switch_workspace", args=[sur.pk]), {"next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("web:client", args=["acme"])).status_code == 404


def test_logging_an_event_records_it_and_recomputes_the_assessment(alice_client, acme):
    response = alice_client.post(
        reverse("web:log", args=["acme", "event"]),
        {"event-type": "ethics_concern", "event-on": "2026-11-20", "event-ethics_kind": "illegal"},
    )
    assert response.status_code == 302
    acme.refresh_from_db()
    assert acme.events.get().type == "ethics_concern"
    assert acme.assessment.recommendation == "walk_away"


def test_a_quick_form_with_bad_values_shows_field_errors_and_saves_nothing(alice_client, acme):
    response = alice_client.post(
        reverse("web:log", args=["acme", "invoice"]),
        {
            "invoice-number": "F-1",
            "invoice-amount": "lots",
            "invoice-currency": "EUR",
            "invoice-issued_on": "2026-11-20",
            "invoice-due_on": "2026-11-01",
        },
    )
    assert response.status_code == 400
    form = response.context["quick_forms"][2][2]
    assert "amount" in form.errors and "due_on" in form.errors
    assert acme.invoices.count() == 0
