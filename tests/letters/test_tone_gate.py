"""Nothing rude leaves without a conscious choice: open "change this" tone findings stop a letter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from despedida.letters import drafts, sending
from despedida.letters.models import DraftStatus, LetterKind
from tests.workflow_fixtures import days

pytestmark = pytest.mark.django_db

RUDE = "Estimada Marta:\n\nSois unos impresentables y unos sinvergüenzas. Pagad YA.\n\nUn saludo."


@pytest.fixture
def rude_letter(acme, alice):
    """A payment reminder (no cool-off) whose text the checker says must change."""
    draft = drafts.create_draft(acme, LetterKind.PAYMENT_REMINDER, user=alice)
    drafts.save_version(draft, subject=draft.subject, body=RUDE, user=alice)
    draft.refresh_from_db()
    assert draft.open_tone_errors, "the checker should flag the insults as errors"
    return draft


def test_a_letter_with_open_tone_errors_is_refused_and_the_send_section_lists_them(as_alice, rude_letter):
    page = as_alice.get(reverse("letters:edit", args=[rude_letter.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "things to change before this letter leaves" in html or "thing to change before this letter leaves" in html
    assert "impresentables" in html and 'name="send_anyway"' in html

    response = as_alice.post(reverse("letters:send", args=[rude_letter.pk]), {"how": "outbox"})
    assert response.status_code == 400
    assert "send_anyway" in response.context["send_form"].errors
    rude_letter.refresh_from_db()
    assert rude_letter.status == DraftStatus.DRAFT and rude_letter.outbound is None


def test_sending_anyway_is_recorded_with_who_when_and_the_open_findings(as_alice, rude_letter, alice, clock):
    response = as_alice.post(reverse("letters:send", args=[rude_letter.pk]), {"how": "outbox", "send_anyway": "on"})
    assert response.status_code == 302
    rude_letter.refresh_from_db()
    assert rude_letter.status == DraftStatus.QUEUED
    assert rude_letter.tone_overridden_by == alice and rude_letter.tone_overridden_at is not None
    assert rude_letter.tone_override_findings == rude_letter.open_tone_errors
    assert any("impresentables" in f["excerpt"] for f in rude_letter.tone_override_findings)


def test_marking_as_sent_by_hand_is_gated_too(rude_letter, alice):
    with pytest.raises(sending.SendRefused) as refusal:
        sending.mark_sent_by_hand(rude_letter, user=alice)
    assert refusal.value.code == "tone"


def test_fixing_the_wording_lets_it_go_without_any_override(as_alice, rude_letter, alice):
    drafts.save_version(
        rude_letter,
        subject=rude_letter.subject,
        body="Estimada Marta:\n\nLa factura F-1 sigue pendiente. ¿Podéis revisarla?\n\nUn saludo.",
        user=alice,
    )
    rude_letter.refresh_from_db()
    assert not rude_letter.open_tone_errors
    response = as_alice.post(reverse("letters:send", args=[rude_letter.pk]), {"how": "outbox"})
    assert response.status_code == 302
    rude_letter.refresh_from_db()
    assert rude_letter.status == DraftStatus.QUEUED and rude_letter.tone_overridden_at is None


def test_the_cool_off_override_does_not_wave_the_tone_through(as_alice, plan_letter_with_insults):
    """Skipping the 24 hours is one choice; sending rude words is another, asked separately."""
    letter = plan_letter_with_insults
    response = as_alice.post(
        reverse("letters:send", args=[letter.pk]), {"how": "outbox", "override_reason": "El cliente lo pidió hoy."}
    )
    assert response.status_code == 400
    letter.refresh_from_db()
    assert letter.status == DraftStatus.DRAFT


@pytest.fixture
def plan_letter_with_insults(acme, alice):
    import datetime as dt

    from despedida.plans import workflow
    from tests.workflow_fixtures import TODAY

    plan = workflow.create_plan(
        acme,
        as_of=TODAY,
        notice_on=TODAY + days(1),
        last_work_on=dt.date(2026, 12, 15),
        handover_until=dt.date(2026, 12, 29),
        user=alice,
    )
    draft = drafts.create_draft(acme, LetterKind.TERMINATION, user=alice, plan=plan)
    drafts.save_version(draft, subject=draft.subject, body=RUDE, user=alice)
    draft.refresh_from_db()
    assert draft.cooling_off()
    return draft
