"""A big sync read by a reader process beside the one that writes: the same record, the same ledger guarantees.

The CLI and the worker give the first sync of a big mailbox to a forked
reader (despedida/mailbox/reading.py). Here batches are tiny and the
threshold is zero, so a handful of messages take that path against the
real Dovecot: what lands in the record must be what one process stores, a
dropped connection must leave the ledger as one process leaves it, and a
reader that dies must lose nothing.
"""

from __future__ import annotations

import os

import pytest

from despedida.accounts.models import Workspace
from despedida.clients.models import Client, Message
from despedida.mailbox import reading, sync
from despedida.mailbox.imap import Problem
from despedida.mailbox.models import LedgerEntry, Status, UnknownSender
from despedida.mailbox.sync import sync_mailbox

from .conftest import BOUNCE_OF_Q1, OURS, days_ago, mail, make_mailbox, seed_conversation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_batches(monkeypatch):
    """Two messages a batch, and the reader process from the first message on."""
    monkeypatch.setattr(sync, "BATCH", 2)
    monkeypatch.setattr(sync, "READER_PROCESS_FROM", 0)


def seed_everything(imap):
    """Every kind of message a sync tells apart, spread over two folders and several batches."""
    seed_conversation(imap)  # a thread, our delivery waiting, a stranger at a public domain
    asked = mail(OURS, "ana@acme.example", "¿Nos vemos?", days_ago(20), message_id="q1@estudionorte.example")
    imap.append("Sent", asked, when=days_ago(20))
    imap.append_many(
        "INBOX",
        [
            (
                mail("=?utf-8?q?Jos=C3=A9?= <jose@acme.example>", OURS, "Revisión de la propuesta", days_ago(30)),
                days_ago(30),
            ),
            (
                mail(
                    "ana@acme.example",
                    OURS,
                    "Fuera de la oficina",
                    days_ago(21),
                    headers={"Auto-Submitted": "auto-replied"},
                ),
                days_ago(21),
            ),
            (BOUNCE_OF_Q1, days_ago(19)),
            (mail("ana@acme.example", OURS, "Sin identificador", days_ago(12), message_id=None), days_ago(12)),
            (mail("Luis <luis@otra.example>", OURS, "Hola", days_ago(9)), days_ago(9)),
            (mail("Luis <luis@otra.example>", OURS, "Hola otra vez", days_ago(8)), days_ago(8)),
            (mail("ana@acme.example", OURS, "Texto en latin-1: café", days_ago(6), charset="iso-8859-1"), days_ago(6)),
        ],
    )


def workspace_with_acme(slug: str) -> Workspace:
    workspace = Workspace.objects.create(name=slug, slug=slug, timezone="Europe/Madrid")
    Client.objects.create(
        workspace=workspace, key="acme", name="Acme", contact_email="ana@acme.example", has_contact=True
    )
    return workspace


def what_was_stored(workspace):
    messages = Message.objects.filter(workspace=workspace).order_by("at", "subject")
    ledger = LedgerEntry.objects.filter(workspace=workspace).order_by("folder", "uid")
    return (
        list(
            messages.values_list(
                "subject",
                "direction",
                "at",
                "utc_offset_minutes",
                "needs_reply",
                "auto_reply",
                "message_id",
                "in_reply_to",
                "references",
                "snippet",
                "origin",
                "position",
            )
        ),
        list(ledger.values_list("folder", "uid", "status", "reason", "attempts", "message_id", "counterparts")),
        list(UnknownSender.objects.filter(workspace=workspace).values_list("address", "count", "last_at")),
    )


def test_a_reader_process_stores_what_one_process_stores(imap, dovecot, small_batches):
    seed_everything(imap)
    alone, beside = workspace_with_acme("alone"), workspace_with_acme("beside")

    one = sync_mailbox(make_mailbox(alone, imap))
    logins = dovecot.logins(imap.username)
    two = sync_mailbox(make_mailbox(beside, imap), reader_process=True)

    assert one.ok and two.ok
    assert dovecot.logins(imap.username) - logins == 2  # the sync's own session, and the reader's
    assert (two.to_read, two.counts.as_dict()) == (one.to_read, one.counts.as_dict()) == (12, two.counts.as_dict())
    assert two.counts.stored == 9 and two.counts.skipped == 3
    stored = what_was_stored(beside)
    assert stored == what_was_stored(alone)
    subjects = [row[0] for row in stored[0]]
    assert "Revisión de la propuesta" in subjects and "Texto en latin-1: café" in subjects
    assert [(address, count) for address, count, _last in stored[2]] == [
        ("ofertas@gmail.com", 1),  # latest first
        ("luis@otra.example", 2),
    ]


def test_a_dropped_connection_leaves_the_ledger_as_one_process_would(norte, acme, imap, proxy, small_batches):
    """
    GIVEN eight messages read two at a time by a reader process, and a network that fails at the third batch
    WHEN the sync runs, and then again on a network that works
    THEN the two batches written are kept, the batch in hand waits as FETCHED, the batch asked
         after it gets its attempt back, and the second sync stores the rest, each message once
    """
    imap.append_many(
        "INBOX",
        [(mail("ana@acme.example", OURS, f"Mensaje {n}", days_ago(10 - n)), days_ago(10 - n)) for n in range(8)],
    )
    mailbox = make_mailbox(norte, imap, port=proxy.port, folders=["INBOX"], snippets=False)
    proxy.drop_at(b"FETCH", 3)  # the reader's third batch

    broken = sync_mailbox(mailbox, reader_process=True)

    assert broken.error is not None and broken.error.problem == Problem.LOST
    assert broken.counts.stored == 4
    assert list(LedgerEntry.objects.values_list("status", "attempts").order_by("uid")) == [
        *[(Status.STORED, 1)] * 4,
        *[(Status.FETCHED, 1)] * 2,
    ]

    resumed = sync_mailbox(mailbox, reader_process=True)

    assert resumed.ok and (resumed.to_read, resumed.counts.stored) == (4, 4)
    assert [m.subject for m in Message.objects.filter(client=acme).order_by("at")] == [f"Mensaje {n}" for n in range(8)]
    assert list(LedgerEntry.objects.values_list("attempts", flat=True).order_by("uid")) == [1, 1, 1, 1, 2, 2, 1, 1]


def test_a_reader_that_dies_loses_nothing(norte, acme, imap, small_batches, monkeypatch):
    imap.append_many(
        "INBOX",
        [(mail("ana@acme.example", OURS, f"Mensaje {n}", days_ago(10 - n)), days_ago(10 - n)) for n in range(6)],
    )
    mailbox = make_mailbox(norte, imap, folders=["INBOX"], snippets=False)
    fetch_headers = reading.fetch_headers
    calls = []

    def dies_at_the_second_batch(*args):
        calls.append(args)
        if len(calls) == 2:
            os._exit(3)  # as if killed: no answer, no goodbye
        return fetch_headers(*args)

    monkeypatch.setattr(reading, "fetch_headers", dies_at_the_second_batch)  # the fork takes it along

    broken = sync_mailbox(mailbox, reader_process=True)

    assert broken.error is not None and broken.error.problem == Problem.LOST
    assert "the reading process stopped" in broken.error.explain()
    assert broken.counts.stored == 2
    monkeypatch.setattr(reading, "fetch_headers", fetch_headers)

    resumed = sync_mailbox(mailbox, reader_process=True)

    assert resumed.ok and resumed.counts.stored == 4
    assert [m.subject for m in Message.objects.filter(client=acme).order_by("at")] == [f"Mensaje {n}" for n in range(6)]
    assert Message.objects.count() == 6 and LedgerEntry.objects.filter(status=Status.STORED).count() == 6


def test_a_small_sync_or_the_webs_reads_in_its_own_process(norte, acme, imap, dovecot, monkeypatch):
    monkeypatch.setattr(sync, "BATCH", 2)
    imap.append_many(
        "INBOX",
        [(mail("ana@acme.example", OURS, f"Mensaje {n}", days_ago(10 - n)), days_ago(10 - n)) for n in range(3)],
    )
    mailbox = make_mailbox(norte, imap, folders=["INBOX"])
    logins = dovecot.logins(imap.username)

    report = sync_mailbox(mailbox, reader_process=True)  # 3 messages: under READER_PROCESS_FROM

    assert report.ok and report.counts.stored == 3
    assert dovecot.logins(imap.username) - logins == 1
