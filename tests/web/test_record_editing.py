"""A freelancer keeps the record in the browser: clients, contracts, projects and milestones, with field errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from despedida.assessment.models import Assessment
from despedida.clients import models as records


@pytest.fixture
def acme(norte):
    return records.Client.objects.create(workspace=norte, key="acme", name="Acme", stage=records.Stage.ACTIVE)


def test_a_client_is_created_from_the_empty_dashboard_and_assessed_at_once(alice_client, norte):
    empty = alice_client.get(reverse("web:portfolio"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Getting started, in three steps" in empty and reverse("web:client_new") in empty
    response = alice_client.post(
        reverse("web:client_new"),
        {
            "name": "Ferretería Núñez",
            "stage": "active",
            "language": "es",
            "contact_name": "Lola",
            "contact_email": "lola@nunez.example",
            "strategic_value": "none",
        },
    )
    client = records.Client.objects.get(workspace=norte)
    assert response.status_code == 302 and response["Location"] == reverse("web:client", args=[client.key])
    assert client.key == "ferreteria-nunez" and client.has_contact
    assert Assessment.objects.filter(client=client).exists()


def test_a_client_without_a_name_or_with_a_bad_address_gets_field_errors(alice_client, norte):
    response = alice_client.post(
        reverse("web:client_new"),
        {"name": " ", "stage": "active", "contact_email": "not-an-address", "strategic_value": "none"},
    )
    assert response.status_code == 400
    assert {"name", "contact_email"} <= set(response.context["form"].errors)
    assert not records.Client.objects.exists()


def test_two_clients_with_the_same_name_get_different_ids(alice_client, norte):
    for _ in range(2):
        alice_client.post(reverse("web:client_new"), {"name": "Acme", "stage": "active", "strategic_value": "none"})
    assert sorted(records.Client.objects.values_list("key", flat=True)) == ["acme", "acme-2"]


def test_editing_the_contact_changes_it(alice_client, acme):
    alice_client.post(
        reverse("web:client_edit", args=["acme"]),
        {
            "name": "Acme SL",
            "stage": "active",
            "contact_name": "Ana",
            "contact_email": "ana@acme.example",
            "strategic_value": "high",
        },
    )
    acme.refresh_from_db()
    assert (acme.name, acme.contact_email, acme.strategic_value) == ("Acme SL", "ana@acme.example", "high")
    assert acme.key == "acme"  # the id stays, so files and links keep working


def test_the_contract_form_holds_every_field_and_every_protection(alice_client, acme):
    response = alice_client.post(
        reverse("web:contract_edit", args=["acme"]),
        {
            "signed_on": "2026-01-15",
            "scope_defined": "on",
            "deposit_requested": "on",
            "deposit_paid_on": "2026-01-20",
            "late_fee_clause": "on",
            "change_order_clause": "on",
            "silence_approval_days": "5",
            "notice_days": "15",
            "flat_to_hourly_clause": "on",
            "conduct_clause": "on",
        },
    )
    assert response.status_code == 302
    contract = records.Contract.objects.get(client=acme)
    assert contract.signed_on == dt.date(2026, 1, 15) and contract.scope_defined and contract.late_fee_clause
    assert (contract.silence_approval_days, contract.notice_days) == (5, 15)
    assert contract.extra == {"flat_to_hourly_clause": True, "conduct_clause": True}
    # Unticking a protection removes it; other extra keys of the file are kept.
    contract.extra["from_the_file"] = "kept"
    contract.save()
    alice_client.post(reverse("web:contract_edit", args=["acme"]), {"signed_on": "2026-01-15", "conduct_clause": "on"})
    contract.refresh_from_db()
    assert contract.extra == {"conduct_clause": True, "from_the_file": "kept"}
    page = alice_client.get(reverse("web:client", args=["acme"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "in place" in page


def test_a_deposit_both_paid_and_refused_is_a_field_error(alice_client, acme):
    response = alice_client.post(
        reverse("web:contract_edit", args=["acme"]),
        {"deposit_requested": "on", "deposit_paid_on": "2026-01-20", "deposit_refused": "on"},
    )
    assert response.status_code == 400 and "deposit_refused" in response.context["form"].errors
    assert not records.Contract.objects.exists()


def test_projects_and_milestones_are_added_and_edited(alice_client, acme):
    alice_client.post(
        reverse("web:project_new", args=["acme"]),
        {
            "name": "Tienda online",
            "status": "active",
            "started_on": "2026-02-01",
            "fee_type": "fixed",
            "fee": "12.000,00",
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )
    project = records.Project.objects.get(client=acme)
    assert (project.key, project.fee) == ("tienda-online", Decimal("12000"))
    alice_client.post(
        reverse("web:milestone_new", args=["acme", project.pk]),
        {"name": "Diseño", "due_on": "2026-03-01", "delivered_on": "2026-03-03"},
    )
    milestone = records.Milestone.objects.get(project=project)
    assert milestone.delivered_on == dt.date(2026, 3, 3) and milestone.client_id == acme.pk
    bad = alice_client.post(
        reverse("web:milestone_edit", args=["acme", project.pk, milestone.pk]),
        {"name": "Diseño", "delivered_on": "2026-03-03", "approved_on": "2026-03-01"},
    )
    assert bad.status_code == 400 and "approved_on" in bad.context["form"].errors
    alice_client.post(
        reverse("web:project_edit", args=["acme", project.pk]),
        {"name": "Tienda online", "status": "cancelled", "fee_type": "fixed", "fee": "12000"},
    )
    project.refresh_from_db()
    assert project.status == "cancelled"


def test_archiving_makes_a_former_client_and_keeps_the_record(alice_client, acme, norte):
    records.Invoice.objects.create(
        workspace=norte,
        client=acme,
        number="F1",
        issued_on="2026-01-01",
        due_on="2026-01-31",
        amount=Decimal("100"),
        currency="EUR",
    )
    alice_client.post(reverse("web:client_archive", args=["acme"]))
    acme.refresh_from_db()
    assert acme.stage == records.Stage.FORMER and records.Invoice.objects.filter(client=acme).count() == 1


def test_another_workspaces_records_cannot_be_edited(charlie_client, acme):
    assert charlie_client.get(reverse("web:client_edit", args=["acme"])).status_code == 404
    assert charlie_client.post(reverse("web:contract_edit", args=["acme"]), {}).status_code == 404
    assert charlie_client.post(reverse("web:client_archive", args=["acme"])).status_code == 404
    assert records.Client.objects.get(pk=acme.pk).stage == records.Stage.ACTIVE


def primary_buttons(html: str) -> list[str]:
    import re

    return re.findall(r'class="(?:button )?primary"[^>]*>([^<]+)<', html)


def test_a_healthy_clients_primary_action_is_to_log_not_to_leave(alice_client, acme):
    html = alice_client.get(reverse("web:client", args=["acme"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert Assessment.objects.get(client=acme).recommendation == "keep"
    assert "Log what happened" in primary_buttons(html)
    assert "Plan the exit" not in primary_buttons(html) and 'class="button danger"' not in html


def test_a_prospect_whose_checks_fail_has_decline_as_the_primary_action(alice_client, norte):
    from despedida.clients.models import Contract

    prospect = records.Client.objects.create(workspace=norte, key="p", name="P", stage=records.Stage.PROSPECT)
    Contract.objects.create(workspace=norte, client=prospect, deposit_requested=True, deposit_refused=True)
    html = alice_client.get(reverse("intake:intake", args=[prospect.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert primary_buttons(html)[:1] == ["Decline and draft the letter"]
