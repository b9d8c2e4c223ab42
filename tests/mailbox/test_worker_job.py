"""The worker reads new mail every few minutes, each mailbox at its own interval."""

from __future__ import annotations

import datetime as dt

import pytest

from despedida.clients.models import Message
from despedida.jobs import register_job
from despedida.mailbox.jobs import sync_due_mailboxes
from despedida.mailbox.sync import sync_due
from despedida.outbox.worker import run_pass

from .conftest import NOW, OURS, days_ago, mail

pytestmark = pytest.mark.django_db(transaction=True)
MINUTE = dt.timedelta(minutes=1)


def test_a_worker_pass_reads_new_mail_through_the_registered_job(mailbox, acme, imap):
    imap.append("INBOX", mail("ana@acme.example", OURS, "Hola", days_ago(1)), when=days_ago(1))
    register_job("mail_sync", sync_due_mailboxes)

    report = run_pass("w1")

    assert report.jobs == {"mail_sync": 1}
    assert Message.objects.filter(client=acme).count() == 1


def test_each_mailbox_is_read_again_only_when_its_interval_has_passed(mailbox, acme, imap, frozen_clock):
    mailbox.sync_every_minutes = 10
    mailbox.save()
    assert sync_due(NOW) == 0  # nothing there yet, but it looked
    mailbox.refresh_from_db()
    assert mailbox.next_sync_at == NOW + 10 * MINUTE and mailbox.last_sync_at == NOW

    imap.append("INBOX", mail("ana@acme.example", OURS, "Hola", days_ago(1)), when=days_ago(1))
    frozen_clock.move_to(NOW + 9 * MINUTE)
    assert sync_due(NOW + 9 * MINUTE) == 0
    assert not Message.objects.exists()

    frozen_clock.move_to(NOW + 10 * MINUTE)
    assert sync_due(NOW + 10 * MINUTE) == 1
    assert Message.objects.filter(client=acme).count() == 1


def test_a_mailbox_switched_off_is_never_read_by_the_worker(mailbox, acme, imap):
    mailbox.enabled = False
    mailbox.save()
    imap.append("INBOX", mail("ana@acme.example", OURS, "Hola", days_ago(1)), when=days_ago(1))
    assert sync_due(NOW) == 0
    assert not Message.objects.exists()
