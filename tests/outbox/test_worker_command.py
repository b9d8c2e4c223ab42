"""`despedida worker`: one pass with --once, the loop, SIGTERM, and the jobs registry."""

from __future__ import annotations

import io
import os
import signal

import pytest
from django.core.management import CommandError, call_command

from despedida import jobs
from despedida.outbox import services
from despedida.outbox.models import Status


def queue(norte, acme, subject="Aviso"):
    return services.queue_message(
        norte, acme, to="ana@acme.example", subject=subject, body="Hola.", kind="checkin", language="es"
    )


def run_worker(*args) -> str:
    out = io.StringIO()
    call_command("worker", *args, stdout=out)
    return out.getvalue()


def test_worker_once_sends_the_due_messages_and_says_so(norte, acme, account, smtp):
    message = queue(norte, acme)

    output = run_worker("--once")

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert "sent 1, retrying 0, failed 0, unknown outcome 0" in output


def test_worker_runs_registered_jobs_first_so_a_job_can_queue_a_message_sent_in_the_same_pass(
    norte, acme, account, smtp
):
    seen = []

    def silence_protocol(now):
        seen.append(now)
        queue(norte, acme, subject="¿Seguimos?")
        return 1

    jobs.register_job("silence_protocol", silence_protocol)

    output = run_worker("--once")

    assert len(seen) == 1
    assert [r.message["Subject"] for r in smtp.received] == ["¿Seguimos?"]
    assert "jobs: silence_protocol 1" in output


def test_a_failing_job_does_not_stop_the_sending_but_fails_the_once_run(norte, acme, account, smtp):
    def broken(now):
        raise RuntimeError("boom")

    jobs.register_job("broken", broken)
    message = queue(norte, acme)

    with pytest.raises(CommandError, match="broken"):
        run_worker("--once")

    message.refresh_from_db()
    assert message.status == Status.SENT


def test_registering_a_different_job_under_a_taken_name_is_refused():
    def one(now):
        return 0

    def other(now):
        return 0

    jobs.register_job("daily", one)
    jobs.register_job("daily", one)  # AppConfig.ready may run twice: harmless

    with pytest.raises(ValueError, match="daily"):
        jobs.register_job("daily", other)


def test_sigterm_finishes_the_message_in_hand_then_exits(norte, acme, account, smtp):
    """GIVEN two queued messages and a worker loop with a long interval
    WHEN SIGTERM arrives while the first message is being handed to the server
    THEN the first is confirmed as sent, the second is left queued, and the command returns."""
    first, second = queue(norte, acme, subject="Primero"), queue(norte, acme, subject="Segundo")
    smtp.handler.on_data = lambda _message: os.kill(os.getpid(), signal.SIGTERM)
    before = signal.getsignal(signal.SIGTERM)

    output = run_worker("--interval", "3600")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.SENT, Status.QUEUED)
    assert len(smtp.received) == 1
    assert "finishing the message in hand" in output
    assert "Worker stopped." in output
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.parametrize("interval", ["0", "-5", "soon"])
def test_the_interval_must_be_a_positive_number_of_seconds(interval):
    with pytest.raises(CommandError, match="interval"):
        run_worker("--interval", interval)
