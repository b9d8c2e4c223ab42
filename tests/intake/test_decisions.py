"""Intake: the prospect's checklist, accept (stage -> active) or decline (with the letter)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from despedida.clients import models as db
from despedida.intake.models import IntakeDecision
from despedida.letters.models import LetterDraft, LetterKind

pytestmark = pytest.mark.django_db


def test_the_intake_page_shows_the_checklist(as_alice, prospect, clock):
    response = as_alice.get(reverse("intake:intake", args=[prospect.pk]))
    assert response.status_code == 200
    assert response.context["decision"] == "pending"
    checks = {str(item["check"]) for item in response.context["items"]}
    assert len(checks) == 5


def test_accepting_a_prospect_makes_it_an_active_client(as_alice, prospect, alice, clock):
    response = as_alice.post(reverse("intake:intake_accept", args=[prospect.pk]), {"note": "Contrato en camino"})
    assert response.status_code == 302
    prospect.refresh_from_db()
    assert prospect.stage == db.Stage.ACTIVE
    decision = IntakeDecision.objects.get(client=prospect)
    assert (decision.outcome, decision.checklist_said, decision.decided_by) == ("accept", "pending", alice)


def test_declining_a_prospect_drafts_the_decline_letter(as_alice, prospect, clock):
    response = as_alice.post(reverse("intake:intake_decline", args=[prospect.pk]), {"note": ""})
    draft = LetterDraft.objects.get(client=prospect)
    assert response.url == reverse("letters:edit", args=[draft.pk])
    assert draft.kind == LetterKind.DECLINE and draft.plan is None
    prospect.refresh_from_db()
    assert prospect.stage == db.Stage.PROSPECT
    assert IntakeDecision.objects.get(client=prospect).outcome == "decline"


def test_accepting_against_a_failed_check_needs_a_reason(as_alice, prospect, clock):
    db.Event.objects.create(
        workspace=prospect.workspace, client=prospect, on=dt.date(2026, 11, 20), type=db.EventType.DEPOSIT_REFUSED
    )
    page = as_alice.get(reverse("intake:intake", args=[prospect.pk]))
    assert page.context["decision"] == "decline"
    response = as_alice.post(reverse("intake:intake_accept", args=[prospect.pk]), {"note": ""})
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    prospect.refresh_from_db()
    assert prospect.stage == db.Stage.PROSPECT
    as_alice.post(reverse("intake:intake_accept", args=[prospect.pk]), {"note": "Pagará por hitos, por adelantado"})
    prospect.refresh_from_db()
    assert prospect.stage == db.Stage.ACTIVE


def test_an_active_client_cannot_go_through_intake_again(as_alice, acme):
    response = as_alice.post(reverse("intake:intake_accept", args=[acme.pk]), {"note": ""})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
