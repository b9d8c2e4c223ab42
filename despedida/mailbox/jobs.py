"""The worker's job: read new mail for every mailbox whose next sync is due."""

from __future__ import annotations


def sync_due_mailboxes(now) -> int:
    from despedida.mailbox.sync import sync_due

    return sync_due(now)
