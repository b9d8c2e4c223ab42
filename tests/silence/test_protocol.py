"""The silence protocol: detected -> check-in -> ultimatum (~7 days) -> closed at the deadline,
stopped the moment the client writes, paused and resumed; every move recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from despedida.clients.models import Direction, Event, EventType, Message
from despedida.jobs import registered_jobs
from despedida.letters.models import DraftStatus, LetterDraft, LetterKind
from despedida.outbox.models import OutboundMessage
from despedida.silence import protocol as protocols
from despedida.silence.models import SilenceProtocol, SilenceState, SilenceTransition, TransitionCause
from tests.workflow_fixtures import NOW, TODAY, days, silent_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def mudo(norte, clock):
    """Our message needing a reply went out eight days ago; silence_days is 7."""
    return silent_client(norte, waiting_since=NOW - days(8))


def moves(protocol) -> list[tuple[str, str, str]]:
    return list(SilenceTransition.objects.filter(protocol=protocol).values_list("from_state", "to_state", "cause"))


def test_the_worker_job_is_registered():
    assert "workflows" in registered_jobs()


def test_the_worker_detects_a_silence_in_the_record_and_waits_for_the_user(mudo):
    assert protocols.run_due_protocols(NOW) == 1
    protocol = SilenceProtocol.objects.get(client=mudo)
    assert protocol.state == SilenceState.DETECTED and not protocol.automatic
    assert protocol.awaiting_since == (NOW - days(8)).date()
    assert protocol.checkin_due_on == (NOW - days(1)).date()
    assert moves(protocol) == [("", "detected", "detected")]
    # Detected protocols start on manual: nothing was written to the client.
    protocols.run_due_protocols(NOW + days(1))
    assert not LetterDraft.objects.filter(client=mudo).exists()


def test_no_silence_is_detected_before_the_configured_days(norte, clock):
    client = silent_client(norte, waiting_since=NOW - days(3))
    protocols.run_due_protocols(NOW)
    assert not SilenceProtocol.objects.filter(client=client).exists()


def test_the_check_in_moves_the_protocol_and_sets_the_ultimatum_date(mudo, alice):
    protocol = protocols.detect(mudo, now=NOW)
    draft = protocols.run_step(protocol, user=alice, now=NOW)
    protocol.refresh_from_db()
    assert draft.kind == LetterKind.CHECKIN and draft.status == DraftStatus.QUEUED
    assert draft.outbound.to == ["nadie@mudo.test"]
    assert protocol.state == SilenceState.CHECKIN_SENT
    assert protocol.checkin_sent_at == NOW
    assert protocol.ultimatum_due_on == TODAY + days(7)
    assert moves(protocol)[-1] == ("detected", "checkin_sent", "checkin_sent")
    assert SilenceTransition.objects.filter(protocol=protocol).last().by == alice


def test_the_ultimatum_is_due_about_a_week_after_the_check_in_and_records_the_event(mudo, clock):
    protocol = protocols.start(mudo, automatic=True, now=NOW)
    protocols.run_due_protocols(NOW)  # the check-in is due already
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.CHECKIN_SENT

    clock.move_to(NOW + days(6))
    protocols.run_due_protocols(NOW + days(6))
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.CHECKIN_SENT  # not yet

    clock.move_to(NOW + days(7))
    protocols.run_due_protocols(NOW + days(7))
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.ULTIMATUM_SENT
    assert protocol.deadline == TODAY + days(14)
    event = Event.objects.get(client=mudo, type=EventType.ULTIMATUM_SENT)
    assert event.on == TODAY + days(7) and event.deadline == TODAY + days(14)
    ultimatum = LetterDraft.objects.get(client=mudo, kind=LetterKind.ULTIMATUM)
    assert ultimatum.status == DraftStatus.QUEUED
    assert "6 de diciembre" in ultimatum.subject + ultimatum.body  # the deadline it promised
    assert [m[2] for m in moves(protocol)] == ["started_by_user", "checkin_sent", "ultimatum_sent"]


def test_at_the_deadline_it_closes_with_the_final_invoice_and_a_conciliatory_letter(mudo, clock):
    protocol = protocols.start(mudo, automatic=True, now=NOW)
    for shift in (0, 7, 13):
        clock.move_to(NOW + days(shift))
        protocols.run_due_protocols(NOW + days(shift))
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.ULTIMATUM_SENT  # the day before the deadline

    clock.move_to(NOW + days(14))
    protocols.run_due_protocols(NOW + days(14))
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.CLOSED and protocol.closed_at == NOW + days(14)
    assert protocol.final_invoice["amount"] == "500.00"  # 10 unbilled hours at 50
    closing = LetterDraft.objects.get(client=mudo, kind=LetterKind.CLOSING)
    assert "retomar" in closing.body  # the door stays open
    assert moves(protocol)[-1] == ("ultimatum_sent", "closed", "deadline_passed")
    # A closed file stays closed: the same silence is not detected again.
    protocols.run_due_protocols(NOW + days(20))
    assert SilenceProtocol.objects.filter(client=mudo).count() == 1


def test_it_stops_by_itself_the_moment_the_client_writes_back(mudo):
    protocol = protocols.detect(mudo, now=NOW)
    protocols.run_step(protocol, now=NOW)
    reply = Message.objects.create(
        workspace=mudo.workspace,
        client=mudo,
        at=NOW + days(2),
        direction=Direction.IN,
        subject="Re: hola",
        body="¡Perdón! Seguimos.",
    )
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.RESOLVED
    last = SilenceTransition.objects.filter(protocol=protocol).last()
    assert (last.from_state, last.cause, last.message) == ("checkin_sent", TransitionCause.CLIENT_REPLIED, reply)


def test_a_reply_the_worker_finds_also_stops_it(mudo):
    protocol = protocols.detect(mudo, now=NOW)
    # Rows written without signals (a bulk import) are caught on the next pass.
    Message.objects.bulk_create(
        [Message(workspace=mudo.workspace, client=mudo, at=NOW + days(1), direction=Direction.IN, body="Hola")]
    )
    protocols.run_due_protocols(NOW + days(1))
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.RESOLVED


def test_a_paused_protocol_runs_nothing_until_resumed(mudo, alice):
    protocol = protocols.start(mudo, automatic=True, now=NOW)
    protocols.pause(protocol, user=alice, now=NOW, note="De vacaciones")
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.PAUSED and protocol.paused_from == SilenceState.DETECTED
    protocols.run_due_protocols(NOW + days(1))
    assert not LetterDraft.objects.filter(client=mudo).exists()
    protocols.resume(protocol, user=alice, now=NOW + days(2))
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.DETECTED and protocol.paused_from == ""
    assert [m[1:] for m in moves(protocol)][-2:] == [("paused", "paused"), ("detected", "resumed")]
    transition = SilenceTransition.objects.get(protocol=protocol, cause="paused")
    assert transition.note == "De vacaciones" and transition.by == alice and transition.at == NOW


def test_a_client_without_an_address_shows_a_problem_instead_of_failing(mudo):
    mudo.contact_email = None
    mudo.save()
    protocol = protocols.start(mudo, automatic=True, now=NOW)
    protocols.run_due_protocols(NOW)
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.DETECTED and protocol.problem == "no_address"


def test_the_page_starts_runs_pauses_and_stops_the_protocol(as_alice, mudo):
    page = reverse("silence:silence", args=[mudo.pk])
    assert as_alice.get(page).status_code == 200
    as_alice.post(reverse("silence:silence_start", args=[mudo.pk]), {"note": "", "automatic": ""})
    protocol = SilenceProtocol.objects.get(client=mudo)
    assert not protocol.automatic
    as_alice.post(reverse("silence:silence_action", args=[protocol.pk, "sent_by_hand"]))
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.CHECKIN_SENT
    checkin = LetterDraft.objects.get(client=mudo, kind=LetterKind.CHECKIN)
    assert checkin.sent_by_hand and checkin.message.direction == Direction.OUT  # in the timeline
    as_alice.post(reverse("silence:silence_action", args=[protocol.pk, "pause"]), {"note": "Esperamos"})
    assert SilenceProtocol.objects.get(pk=protocol.pk).state == SilenceState.PAUSED
    as_alice.post(reverse("silence:silence_action", args=[protocol.pk, "resume"]))
    as_alice.post(reverse("silence:silence_action", args=[protocol.pk, "stop"]))
    assert SilenceProtocol.objects.get(pk=protocol.pk).state == SilenceState.RESOLVED
    html = as_alice.get(page).content.decode()
    assert "Esperamos" in html


def test_the_draft_button_opens_the_letter_of_the_next_step(as_alice, mudo):
    protocol = protocols.start(mudo, automatic=False, now=NOW)
    response = as_alice.post(reverse("silence:silence_action", args=[protocol.pk, "draft"]))
    draft = LetterDraft.objects.get(silence_protocol=protocol)
    assert response.url == reverse("letters:edit", args=[draft.pk])
    # Sending it from the editor moves the protocol on.
    as_alice.post(reverse("letters:send", args=[draft.pk]), {"how": "outbox"})
    assert SilenceProtocol.objects.get(pk=protocol.pk).state == SilenceState.CHECKIN_SENT
    assert OutboundMessage.objects.filter(client=mudo).count() == 1


def test_a_second_protocol_cannot_be_started_while_one_is_open(as_alice, mudo):
    protocols.start(mudo, now=NOW)
    with pytest.raises(protocols.ProtocolError):
        protocols.start(mudo, now=NOW)


def test_a_protocol_opened_on_an_older_silence_starts_where_the_record_stands(mudo):
    """GIVEN we already followed up by hand two days after our message
    WHEN the silence is detected THEN the protocol starts at check-in sent, with the ultimatum's date."""
    Message.objects.create(
        workspace=mudo.workspace,
        client=mudo,
        at=NOW - days(6),
        direction=Direction.OUT,
        subject="¿Todo bien?",
        body="Solo queríamos saber si todo va bien.",
    )
    protocol = protocols.detect(mudo, now=NOW)
    assert protocol.state == SilenceState.CHECKIN_SENT
    assert protocol.checkin_sent_at.date() == (NOW - days(6)).date()
    assert protocol.ultimatum_due_on == (NOW + days(1)).date()
    assert moves(protocol) == [("", "checkin_sent", "detected")]


def test_the_worker_job_follows_the_outbox_and_runs_the_protocols(mudo):
    from despedida.silence.jobs import run_workflows

    protocols.start(mudo, automatic=True, now=NOW)
    assert run_workflows(NOW) == 1
    assert SilenceProtocol.objects.get(client=mudo).state == SilenceState.CHECKIN_SENT


def test_a_click_after_the_worker_moved_on_sends_nothing_twice(as_alice, mudo):
    protocol = protocols.start(mudo, automatic=True, now=NOW)
    protocols.run_due_protocols(NOW)  # the worker sends the check-in
    response = as_alice.post(
        reverse("silence:silence_action", args=[protocol.pk, "send"]), {"state": "detected"}, follow=True
    )
    assert response.status_code == 200
    assert SilenceProtocol.objects.get(pk=protocol.pk).state == SilenceState.CHECKIN_SENT
    assert list(LetterDraft.objects.filter(client=mudo).values_list("kind", flat=True)) == ["checkin"]


def test_a_second_worker_pass_on_the_same_day_does_nothing(mudo):
    protocols.start(mudo, automatic=True, now=NOW)
    assert protocols.run_due_protocols(NOW) == 1
    assert protocols.run_due_protocols(NOW) == 0
    assert LetterDraft.objects.filter(client=mudo).count() == 1
