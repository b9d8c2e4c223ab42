"""Two workers never take the same message.

The claim is `UPDATE ... SET status = 'sending' WHERE id = %s AND status =
'queued'` with a check that exactly one row changed. On PostgreSQL the
second UPDATE waits on the first one's row lock and then re-reads the row,
finding it taken. On SQLite the whole database has one writer: while a
worker's IMMEDIATE transaction is open no other connection can write
(in production it waits for the busy timeout; the tests' shared in-memory
database refuses at once), and afterwards the same re-check finds the row
taken. These tests select the behaviour to expect by `connection.vendor`.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

from despedida.outbox import services
from despedida.outbox.models import OutboundMessage, Status
from despedida.outbox.worker import claim, deliver, run_pass

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def queue(norte, acme, n: int) -> list[OutboundMessage]:
    return [
        services.queue_message(
            norte, acme, to="ana@acme.example", subject=f"Mensaje {i}", body="Hola.", kind="checkin", language="es"
        )
        for i in range(n)
    ]


def in_thread(target) -> tuple[threading.Thread, dict]:
    """Run `target` on its own database connection; its result or error lands in the dict."""
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = target()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def wait_until_blocked_on_a_lock(timeout: float = 10.0) -> None:
    """PostgreSQL: wait until some other session of this database waits on a row lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)  # polling a real server; nothing else to wait on
    raise AssertionError("the second claim never waited on the first one's lock")


def test_a_second_claim_of_the_same_message_waits_for_the_first_then_finds_it_taken(norte, acme):
    """GIVEN worker A has claimed a message inside a transaction not yet committed
    WHEN worker B claims the same message on its own connection
    THEN B cannot get it while A holds it, and once A commits B's claim changes no row."""
    [message] = queue(norte, acme, 1)
    holding, release = threading.Event(), threading.Event()

    def worker_a():
        with transaction.atomic():
            claimed = claim(message.pk, "A")
            holding.set()
            assert release.wait(10)
        return claimed

    a, a_outcome = in_thread(worker_a)
    assert holding.wait(10)

    if connection.vendor == "postgresql":
        b, b_outcome = in_thread(lambda: claim(message.pk, "B"))
        wait_until_blocked_on_a_lock()
        assert b.is_alive()  # B waits for A's row lock
        release.set()
        a.join(10), b.join(10)
        assert b_outcome == {"result": None}
    else:
        b, b_outcome = in_thread(lambda: claim(message.pk, "B"))
        b.join(10)
        assert isinstance(b_outcome.get("error"), OperationalError)  # A's IMMEDIATE lock shuts B out
        assert "locked" in str(b_outcome["error"])
        release.set()
        a.join(10)
        b, b_outcome = in_thread(lambda: claim(message.pk, "B"))
        b.join(10)
        assert b_outcome == {"result": None}

    assert a_outcome["result"].claimed_by == "A"
    message.refresh_from_db()
    assert (message.status, message.claimed_by, message.attempts) == (Status.SENDING, "A", 1)


def test_two_workers_at_once_deliver_each_message_exactly_once(norte, acme, account, smtp):
    """GIVEN twenty queued messages
    WHEN two workers pass at the same time (PostgreSQL: two threads, two connections;
    SQLite: both read the same list of due messages, then race claim by claim)
    THEN every message is sent once and the server received each Message-ID once."""
    messages = queue(norte, acme, 20)

    if connection.vendor == "postgresql":
        start = threading.Barrier(2)

        def worker(name):
            def run():
                start.wait(10)
                return run_pass(name)

            return run

        threads = [in_thread(worker("A")), in_thread(worker("B"))]
        for thread, _outcome in threads:
            thread.join(60)
        for _thread, outcome in threads:
            assert "error" not in outcome, outcome
    else:
        due = [m.pk for m in messages]  # what both workers listed before claiming
        for pk in due:
            a, b = claim(pk, "A"), claim(pk, "B")
            assert (a is None) != (b is None)
            deliver(a or b)

    sent = OutboundMessage.objects.filter(status=Status.SENT)
    assert sent.count() == 20
    ids = smtp.handler.message_ids()
    assert sorted(ids) == sorted(m.message_id for m in sent)
    assert len(set(ids)) == len(ids) == 20
    assert set(sent.values_list("attempts", flat=True)) == {1}
