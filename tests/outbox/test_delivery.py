"""The worker's steps against a real SMTP server on loopback, with faults.

Every case ends with each message delivered exactly once or visibly
failed (FAILED with a reason the user can read), never lost and never
sent twice without a person deciding.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext

from despedida.clients.models import Direction, Message, MessageOrigin
from despedida.outbox import services
from despedida.outbox.models import Failure, OutboundMessage, Status
from despedida.outbox.worker import (
    LEASE,
    MAX_ATTEMPTS,
    claim,
    deliver,
    release_expired_claims,
    retry_delay,
    run_pass,
)

from .conftest import make_account, start_server

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class Killed(BaseException):
    """A worker process dying: nothing in the worker may catch it."""


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def queue(norte, acme, subject="Fin de nuestra colaboración", **extra) -> OutboundMessage:
    fields = dict(
        to="ana@acme.example", subject=subject, body="Estimada Ana:\n\nGracias.\n", kind="termination", language="es"
    )
    fields.update(extra)
    return services.queue_message(norte, acme, **fields)


def refreshed(message: OutboundMessage) -> OutboundMessage:
    message.refresh_from_db()
    return message


def timeline(acme):
    return list(Message.objects.filter(client=acme, origin=MessageOrigin.SENT))


# The happy path ------------------------------------------------------------


def test_it_sends_a_due_message_once_with_its_stored_message_id(clock, norte, acme, account, smtp):
    message = queue(norte, acme, cc=["socio@acme.example"])

    report = run_pass("w1")

    message = refreshed(message)
    assert report.messages["sent"] == 1
    assert message.status == Status.SENT
    assert message.sent_at == START
    assert message.attempts == 1
    [received] = smtp.received
    assert received.message_id == message.message_id
    assert message.message_id.endswith("@estudionorte.example>")
    assert received.rcpt_tos == ["ana@acme.example", "socio@acme.example"]
    assert received.message["From"] == "Estudio Norte <hola@estudionorte.example>"
    assert received.message["Reply-To"] == "alice@estudionorte.example"
    assert received.message["Subject"] == "Fin de nuestra colaboración"
    assert received.message["Content-Language"] == "es"
    assert "Gracias." in received.message.get_content()


def test_a_sent_message_lands_in_the_clients_timeline_with_the_send_time(clock, norte, acme, account, smtp):
    message = queue(norte, acme)

    run_pass("w1")

    message = refreshed(message)
    [entry] = timeline(acme)
    assert message.timeline_message == entry
    assert (entry.direction, entry.at, entry.subject) == (Direction.OUT, START, message.subject)
    assert entry.body == message.body
    assert entry.utc_offset_minutes == 60  # Europe/Madrid in November


def test_a_second_pass_sends_nothing_again(clock, norte, acme, account, smtp):
    queue(norte, acme)
    run_pass("w1")
    clock.shift(dt.timedelta(days=1))

    run_pass("w1")

    assert len(smtp.received) == 1
    assert len(timeline(acme)) == 1


def test_it_holds_a_message_until_its_cool_off_ends(clock, norte, acme, account, smtp):
    message = queue(norte, acme, not_before=START + dt.timedelta(hours=24))

    run_pass("w1")
    assert refreshed(message).status == Status.QUEUED
    assert smtp.received == []

    clock.shift(dt.timedelta(hours=24))
    run_pass("w1")
    assert refreshed(message).status == Status.SENT
    assert len(smtp.received) == 1


def test_an_accented_sender_name_and_domain_go_out_encoded(clock, norte, acme, smtp):
    make_account(norte, port=smtp.port, from_name="Estudio Núñez, S.L.", from_address="hola@núñez.example")
    message = queue(norte, acme)

    run_pass("w1")

    [received] = smtp.received
    assert refreshed(message).status == Status.SENT
    assert message.message_id.endswith("@xn--nez-7ma8b.example>")
    assert received.message["Message-ID"] == message.message_id
    assert received.message["From"].addresses[0].display_name == "Estudio Núñez, S.L."
    assert received.mail_from == "hola@xn--nez-7ma8b.example"


def test_it_reports_recipients_the_server_refused_on_a_message_it_delivered(clock, norte, acme, account, smtp):
    message = queue(norte, acme, cc=["nobody@acme.example"])

    run_pass("w1")

    message = refreshed(message)
    assert message.status == Status.SENT
    assert "nobody@acme.example: 550 5.1.1 No such user here" in message.last_error
    assert smtp.received[0].rcpt_tos == ["ana@acme.example"]


# Temporary failures ------------------------------------------------------


@pytest.mark.parametrize("fault", ["421_at_mail", "421_at_rcpt", "drop_at_mail", "451_after_data"])
def test_a_temporary_failure_is_retried_and_the_message_arrives_once(clock, norte, acme, account, smtp, fault):
    """GIVEN a server that fails once in a way that proves nothing was accepted
    WHEN the worker passes, and again after the retry delay
    THEN the first pass queues it again with the reason, and the second delivers it once."""
    smtp.fail_next(fault)
    message = queue(norte, acme)

    run_pass("w1")
    message = refreshed(message)
    assert (message.status, message.attempts) == (Status.QUEUED, 1)
    assert message.next_attempt_at == START + dt.timedelta(minutes=1)
    assert message.last_error
    assert message.delivery_started_at is None

    run_pass("w1")  # not due yet
    assert refreshed(message).attempts == 1

    clock.shift(dt.timedelta(minutes=1))
    run_pass("w1")
    message = refreshed(message)
    assert message.status == Status.SENT
    assert smtp.handler.message_ids() == [message.message_id]
    assert len(timeline(acme)) == 1


def test_a_421_shows_the_servers_words_while_waiting_to_retry(clock, norte, acme, account, smtp):
    smtp.fail_next("421_at_mail")
    message = queue(norte, acme)

    run_pass("w1")

    assert "421 4.3.2 Too busy, try again later" in refreshed(message).last_error


def test_retry_delays_double_up_to_an_hour():
    assert [retry_delay(n).total_seconds() / 60 for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_when_the_server_is_down_it_retries_with_growing_delays_then_gives_up_visibly(clock, norte, acme, dead_port):
    make_account(norte, port=dead_port)
    message = queue(norte, acme)
    waits = []

    for _ in range(MAX_ATTEMPTS):
        run_pass("w1")
        message = refreshed(message)
        if message.status != Status.QUEUED:
            break
        waits.append(message.next_attempt_at - dt.datetime.now(dt.UTC))
        clock.move_to(message.next_attempt_at)

    assert waits == [retry_delay(n) for n in range(1, MAX_ATTEMPTS)]
    assert (message.status, message.failure, message.attempts) == (Status.FAILED, Failure.GAVE_UP, MAX_ATTEMPTS)
    assert "connection refused" in message.last_error
    clock.shift(dt.timedelta(days=1))
    run_pass("w1")
    assert refreshed(message).attempts == MAX_ATTEMPTS  # stopped for good until the user retries


def test_a_message_queued_while_the_server_is_down_goes_out_once_it_is_back(clock, norte, acme, dead_port):
    make_account(norte, port=dead_port)
    message = queue(norte, acme)
    run_pass("w1")
    assert refreshed(message).status == Status.QUEUED

    server = start_server(port=dead_port)
    try:
        clock.shift(dt.timedelta(minutes=1))
        run_pass("w1")
    finally:
        server.controller.stop()

    assert refreshed(message).status == Status.SENT
    assert server.handler.message_ids() == [message.message_id]


def test_a_user_retry_after_giving_up_starts_a_fresh_series_of_attempts(clock, norte, acme, account, smtp):
    message = queue(norte, acme)
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=Status.FAILED, failure=Failure.GAVE_UP, attempts=MAX_ATTEMPTS, last_error="x"
    )

    services.queue(refreshed(message))
    run_pass("w1")

    message = refreshed(message)
    assert (message.status, message.attempts) == (Status.SENT, 1)


def test_a_server_that_never_answers_times_out_and_is_retried(clock, settings, norte, acme):
    settings.EMAIL_TIMEOUT = 0.3
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts at the TCP level, never says hello
        make_account(norte, port=silent.getsockname()[1])
        message = queue(norte, acme)

        run_pass("w1")

    message = refreshed(message)
    assert (message.status, message.attempts) == (Status.QUEUED, 1)
    assert "did not answer in time" in message.last_error


# Permanent failures ------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "reply"),
    [("550_at_rcpt", "550 5.1.1 No such user here"), ("552_after_data", "552 5.3.4 Message too big for policy")],
)
def test_a_permanent_refusal_stops_and_shows_the_servers_reply(clock, norte, acme, account, smtp, fault, reply):
    smtp.fail_next(fault)
    message = queue(norte, acme)

    run_pass("w1")
    clock.shift(dt.timedelta(days=1))
    run_pass("w1")

    message = refreshed(message)
    assert (message.status, message.failure, message.attempts) == (Status.FAILED, Failure.REJECTED, 1)
    assert reply in message.last_error
    assert smtp.received == []
    assert timeline(acme) == []


def test_without_smtp_settings_a_message_fails_visibly_and_can_still_be_sent_by_hand(clock, norte, acme, alice):
    message = queue(norte, acme)

    run_pass("w1")

    message = refreshed(message)
    assert (message.status, message.failure) == (Status.FAILED, Failure.SETTINGS)
    assert "no SMTP settings" in message.last_error
    services.mark_sent_by_hand(message, alice)
    assert refreshed(message).status == Status.MARKED_SENT
    assert len(timeline(acme)) == 1


def test_a_server_that_answers_garbage_fails_with_a_clear_error_and_sends_nothing(clock, norte, acme):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def answer_like_a_web_server():
        connection, _ = listener.accept()
        with connection:
            connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    thread = threading.Thread(target=answer_like_a_web_server)
    thread.start()
    make_account(norte, port=listener.getsockname()[1])
    message = queue(norte, acme)

    run_pass("w1")
    thread.join()
    listener.close()

    message = refreshed(message)
    assert (message.status, message.failure) == (Status.FAILED, Failure.SETTINGS)
    assert "not SMTP" in message.last_error
    assert "400 Bad Request" in message.last_error


def test_a_password_that_can_no_longer_be_decrypted_asks_for_the_settings(clock, norte, acme, smtp, data_dir):
    make_account(norte, port=smtp.port, username="hola", password="secret")
    (data_dir / "fernet.key").unlink()  # the data directory lost its key
    message = queue(norte, acme)

    run_pass("w1")

    message = refreshed(message)
    assert (message.status, message.failure) == (Status.FAILED, Failure.SETTINGS)
    assert "enter it again" in message.last_error
    assert smtp.received == []


# Unknown outcomes --------------------------------------------------------


def test_a_connection_dropped_after_the_message_was_sent_is_never_resent_automatically(
    clock, norte, acme, account, smtp, alice
):
    """GIVEN a server that keeps the message but drops the connection before answering
    WHEN the worker passes, now and much later
    THEN the message is FAILED with an unknown outcome and was received once;
    the user finds it in their sent folder and confirms it."""
    smtp.fail_next("drop_after_data_kept")
    message = queue(norte, acme)

    run_pass("w1")
    clock.shift(dt.timedelta(days=2))
    run_pass("w1")

    message = refreshed(message)
    assert (message.status, message.failure) == (Status.FAILED, Failure.UNKNOWN_OUTCOME)
    assert "sent folder" in message.last_error
    assert smtp.handler.message_ids() == [message.message_id]
    assert timeline(acme) == []

    services.confirm_delivered(message, alice)

    message = refreshed(message)
    assert (message.status, message.sent_at, message.confirmed_by) == (Status.SENT, START, alice)
    [entry] = timeline(acme)
    assert entry.at == START


def test_after_an_unknown_outcome_the_user_can_send_again_with_the_same_message_id(clock, norte, acme, account, smtp):
    smtp.fail_next("drop_after_data_lost")
    message = queue(norte, acme)
    run_pass("w1")
    assert refreshed(message).outcome_unknown
    assert smtp.received == []

    services.queue(refreshed(message))  # the user checked: it did not arrive
    run_pass("w1")

    message = refreshed(message)
    assert message.status == Status.SENT
    assert smtp.handler.message_ids() == [message.message_id]
    assert len(timeline(acme)) == 1


def test_a_worker_killed_between_send_and_confirm_leaves_the_message_for_the_user(clock, norte, acme, account, smtp):
    """GIVEN a worker that dies after the server accepted the message, before confirming
    WHEN a fresh worker passes before the lease ends, and again after
    THEN the first leaves the message alone and the second marks it of unknown
    outcome: it was received once and is not sent again."""
    message = queue(norte, acme)

    def killed(_message):
        raise Killed

    with pytest.raises(Killed):
        run_pass("w1", on_accepted=killed)
    message = refreshed(message)
    assert message.status == Status.SENDING
    assert message.delivery_started_at == START

    run_pass("w2")
    assert refreshed(message).status == Status.SENDING

    clock.shift(LEASE + dt.timedelta(seconds=1))
    report = run_pass("w2")

    message = refreshed(message)
    assert report.recovered["unknown"] == 1
    assert (message.status, message.failure) == (Status.FAILED, Failure.UNKNOWN_OUTCOME)
    assert "sent folder" in message.last_error
    clock.shift(dt.timedelta(days=1))
    run_pass("w2")
    assert smtp.handler.message_ids() == [message.message_id]


def test_a_worker_killed_before_reaching_the_server_is_requeued_after_the_lease(clock, norte, acme, account, smtp):
    message = queue(norte, acme)
    assert claim(message.pk, "w1") is not None  # ... and w1 dies here

    run_pass("w2")
    assert smtp.received == []

    clock.shift(LEASE + dt.timedelta(seconds=1))
    report = run_pass("w2")

    message = refreshed(message)
    assert report.recovered["retrying"] == 1
    assert message.status == Status.SENT
    assert smtp.handler.message_ids() == [message.message_id]


def test_a_worker_that_lost_its_claim_sends_nothing(clock, norte, acme, account, smtp):
    """GIVEN w1 claimed a message and stalled past the lease, so it was queued again
    WHEN w1 wakes up and carries on with its stale copy
    THEN its fenced updates change nothing and nothing is sent by it."""
    message = queue(norte, acme)
    stale = claim(message.pk, "w1")
    clock.shift(LEASE + dt.timedelta(seconds=1))
    release_expired_claims()
    assert refreshed(message).status == Status.QUEUED

    assert deliver(stale) == "lost_claim"

    assert smtp.received == []
    run_pass("w2")
    assert smtp.handler.message_ids() == [message.message_id]
    assert refreshed(message).claimed_by == "w2"


def test_a_late_confirmation_wins_over_an_unknown_outcome(clock, norte, acme, account, smtp):
    """GIVEN a worker so slow that its lease ran out while the server took the message
    WHEN the recovery declared the outcome unknown and the slow worker then confirms
    THEN the message is SENT once, with one timeline entry."""
    message = queue(norte, acme)

    def stall_past_the_lease(_message):
        clock.shift(LEASE + dt.timedelta(seconds=1))
        assert release_expired_claims()["unknown"] == 1

    run_pass("w1", on_accepted=stall_past_the_lease)

    message = refreshed(message)
    assert message.status == Status.SENT
    assert len(timeline(acme)) == 1
    assert len(smtp.received) == 1


def test_errors_are_written_in_the_workspaces_language(clock, norte, acme, account, smtp):
    norte.language = "es"
    norte.save(update_fields=["language"])
    smtp.fail_next("421_at_mail")
    message = queue(norte, acme)

    run_pass("w1")

    with translation.override("es"):
        expected = gettext("The server asked to try later: %(reply)s") % {
            "reply": "421 4.3.2 Too busy, try again later"
        }
    assert refreshed(message).last_error == expected
