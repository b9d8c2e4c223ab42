"""Letter drafts: versions, the live tone check, the cool-off, sending and the timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from despedida.clients.models import Direction, Message, MessageOrigin
from despedida.letters import drafts, sending
from despedida.letters.models import DraftStatus, LetterDraft, LetterKind
from despedida.outbox.models import OutboundMessage, Status
from despedida.plans import workflow
from despedida.plans.models import StepKind
from tests.workflow_fixtures import NOW, TODAY, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(acme, alice):
    return workflow.create_plan(
        acme,
        as_of=TODAY,
        notice_on=TODAY + days(1),
        last_work_on=dt.date(2026, 12, 15),
        handover_until=dt.date(2026, 12, 29),
        user=alice,
    )


@pytest.fixture
def letter(plan, alice) -> LetterDraft:
    return drafts.create_draft(plan.client, LetterKind.TERMINATION, user=alice, plan=plan)


def test_the_engine_draft_is_version_one_and_every_save_adds_a_version(as_alice, letter):
    assert list(letter.versions.values_list("number", flat=True)) == [1]
    response = as_alice.post(
        reverse("letters:edit", args=[letter.pk]), {"subject": letter.subject, "body": letter.body + "\nUn saludo."}
    )
    assert response.status_code == 302
    as_alice.post(reverse("letters:edit", args=[letter.pk]), {"subject": "Otro asunto", "body": letter.body})
    letter.refresh_from_db()
    assert list(letter.versions.values_list("number", flat=True)) == [1, 2, 3]
    assert letter.subject == "Otro asunto"
    assert letter.versions.get(number=2).body.endswith("Un saludo.")
    assert as_alice.get(reverse("letters:version", args=[letter.pk, 1])).status_code == 200


def test_the_editor_shows_field_errors(as_alice, letter):
    response = as_alice.post(reverse("letters:edit", args=[letter.pk]), {"subject": "", "body": ""})
    assert response.status_code == 400
    assert {"subject", "body"} <= set(response.context["form"].errors)
    assert b'aria-invalid="true"' in response.content


def test_the_draft_caches_its_tone_findings(letter, alice):
    assert letter.tone_checked_at is not None
    drafts.save_version(letter, subject=letter.subject, body="Eres un INCOMPETENTE y un mentiroso!!!", user=alice)
    letter.refresh_from_db()
    assert letter.tone_findings and letter.tone_has_errors


def test_the_tone_endpoint_returns_the_text_with_findings_marked(as_alice, acme):
    text = "Hola Marta.\nUsted SIEMPRE paga tarde y es una incompetente.\nUn saludo."
    response = as_alice.post(
        reverse("letters:tone"), {"body": text, "language": "es", "kind": "termination"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark" in html and 'id="finding-1"' in html
    assert response.context["findings"]
    first = response.context["findings"][0]
    assert text[first["start"] : first["end"]] == first["excerpt"]
    assert "<html" not in html  # a fragment, not a page


def test_the_tone_fragment_escapes_the_text(as_alice, acme):
    response = as_alice.post(
        reverse("letters:tone"), {"body": "<script>alert(1)</script> eres un idiota", "language": "es"}
    )
    assert b"<script>" not in response.content


def test_the_editor_wires_the_live_tone_check_without_inline_script(as_alice, letter):
    html = as_alice.get(reverse("letters:edit", args=[letter.pk])).content.decode()
    assert f'hx-post="{reverse("letters:tone")}"' in html
    assert 'hx-trigger="keyup changed delay:400ms"' in html
    assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_the_check_any_letter_page_shows_findings(as_alice, norte):
    assert as_alice.get(reverse("letters:check")).status_code == 200
    response = as_alice.post(
        reverse("letters:check"), {"body": "Son ustedes unos INÚTILES.", "language": "es", "kind": ""}
    )
    assert response.status_code == 200
    assert response.context["findings"]
    assert b"<mark" in response.content


def test_the_cool_off_refuses_to_send_before_24_hours(as_alice, letter, clock):
    clock.shift(dt.timedelta(hours=23))
    response = as_alice.post(reverse("letters:send", args=[letter.pk]), {"how": "outbox"})
    assert response.status_code == 400
    assert "override_reason" in response.context["send_form"].errors
    letter.refresh_from_db()
    assert letter.status == DraftStatus.DRAFT and letter.outbound is None
    with pytest.raises(sending.SendRefused):
        sending.mark_sent_by_hand(letter)


def test_after_the_cool_off_the_letter_goes_to_the_outbox(as_alice, letter, clock, alice):
    clock.shift(days(1))
    response = as_alice.post(reverse("letters:send", args=[letter.pk]), {"how": "outbox"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == DraftStatus.QUEUED and letter.cool_off_overridden_at is None
    outbound = letter.outbound
    assert outbound.status == Status.QUEUED and outbound.to == ["marta@acme.test"]
    assert outbound.not_before == NOW + days(1)  # the outbox holds it to the cool-off too
    assert outbound.subject == letter.subject and outbound.kind == "termination"


def test_an_override_of_the_cool_off_is_recorded_with_who_when_and_why(as_alice, letter, alice, clock):
    clock.shift(dt.timedelta(hours=2))
    as_alice.post(
        reverse("letters:send", args=[letter.pk]),
        {"how": "outbox", "override_reason": "El cliente pidió la carta hoy por escrito."},
    )
    letter.refresh_from_db()
    assert letter.status == DraftStatus.QUEUED
    assert letter.cool_off_overridden_by == alice
    assert letter.cool_off_overridden_at == NOW + dt.timedelta(hours=2)
    assert letter.cool_off_override_reason == "El cliente pidió la carta hoy por escrito."
    assert letter.outbound.not_before is None
    assert "pidió la carta" in as_alice.get(reverse("letters:edit", args=[letter.pk])).content.decode()


def test_a_member_cannot_skip_the_cool_off(as_bob, letter):
    response = as_bob.post(
        reverse("letters:send", args=[letter.pk]), {"how": "outbox", "override_reason": "Tengo prisa"}
    )
    assert response.status_code == 403
    letter.refresh_from_db()
    assert letter.status == DraftStatus.DRAFT and letter.cool_off_overridden_at is None


def test_a_letter_not_tied_to_a_plan_has_no_cool_off(acme, alice):
    draft = drafts.create_draft(acme, LetterKind.PAYMENT_REMINDER, user=alice)
    assert not draft.cooling_off()
    sending.queue(draft, user=alice)
    assert LetterDraft.objects.get(pk=draft.pk).status == DraftStatus.QUEUED


def test_marking_as_sent_by_hand_puts_it_in_the_timeline_and_ticks_the_send_step(as_alice, letter, plan, clock):
    clock.shift(days(1))
    response = as_alice.post(reverse("letters:send", args=[letter.pk]), {"how": "by_hand"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == DraftStatus.SENT and letter.sent_by_hand
    message = letter.message
    assert message.direction == Direction.OUT and message.origin == MessageOrigin.SENT
    assert message.subject == letter.subject and message.client_id == plan.client_id
    assert letter.outbound.status == Status.MARKED_SENT
    assert plan.steps.get(kind=StepKind.SEND_LETTER).done_at is not None


def test_a_letter_sent_by_the_outbox_ticks_the_send_step_once_the_worker_sends_it(letter, plan, clock, alice):
    from despedida.outbox.services import record_in_timeline

    clock.shift(days(1))
    letter = sending.queue(letter, user=alice)
    assert plan.steps.get(kind=StepKind.SEND_LETTER).done_at is None  # queued is not sent yet
    # What the outbox worker does when the server accepts the message.
    OutboundMessage.objects.filter(pk=letter.outbound_id).update(
        status=Status.SENT, sent_at=NOW + days(1), next_attempt_at=None
    )
    outbound = OutboundMessage.objects.get(pk=letter.outbound_id)
    record_in_timeline(outbound)
    assert sending.sync_outbox() == 1
    letter.refresh_from_db()
    assert letter.status == DraftStatus.SENT and letter.message == outbound.timeline_message
    assert plan.steps.get(kind=StepKind.SEND_LETTER).done_at is not None
    assert Message.objects.filter(client=plan.client, direction=Direction.OUT).count() == 1


def test_the_eml_download_carries_the_letter(as_alice, letter):
    response = as_alice.get(reverse("letters:eml", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "message/rfc822"
    assert b"marta@acme.test" in response.content
    letter.refresh_from_db()
    assert letter.outbound.status == Status.DRAFT  # downloading sends nothing


def test_a_sent_letter_cannot_be_edited_or_sent_again(as_alice, letter, clock):
    clock.shift(days(1))
    sending.mark_sent_by_hand(letter)
    as_alice.post(reverse("letters:edit", args=[letter.pk]), {"subject": "Nuevo", "body": "Nuevo"})
    letter.refresh_from_db()
    assert letter.subject != "Nuevo"
    with pytest.raises(sending.SendRefused):
        sending.queue(letter)


def test_only_the_owner_can_discard_a_letter(as_bob, as_alice, letter):
    assert as_bob.post(reverse("letters:discard", args=[letter.pk])).status_code == 403
    as_alice.post(reverse("letters:discard", args=[letter.pk]))
    assert LetterDraft.objects.get(pk=letter.pk).status == DraftStatus.DISCARDED
