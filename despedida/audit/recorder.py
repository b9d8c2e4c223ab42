"""Append entries to a workspace's audit chain, one at a time or in bulk.

Writers lock the workspace's chain head (`SELECT ... FOR UPDATE` on
PostgreSQL; SQLite's IMMEDIATE transactions already admit one writer at a
time), read the last number and hash, and append after them in the same
transaction as the change they describe: a change rolled back leaves no
entry, and no entry exists without its change.

Who acted comes from the context: the web sets the signed-in user for the
request, imports say "import", anything else (the worker, the CLI) is
"system".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction

from despedida.accounts import clock
from despedida.audit.chain import Link, link_hash
from despedida.audit.values import as_text

SYSTEM = "system"
IMPORT = "import"

_actor: ContextVar[str] = ContextVar("audit_actor", default=SYSTEM)
_pending: ContextVar[list | None] = ContextVar("audit_pending", default=None)


@dataclass
class Draft:
    """An entry before it has a number and a hash."""

    workspace_id: int
    action: str
    kind: str
    object_id: int | None
    client_id: int | None
    changes: dict[str, list[str | None]] = field(default_factory=dict)
    actor: str | None = None


def current_actor() -> str:
    return _actor.get()


def user_actor(user) -> str:
    return f"user:{user.get_username()}"


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def batched() -> Iterator[None]:
    """Collect the entries recorded inside and append them at the end, in one go.

    For bulk changes that go through model signals (a cascade delete of many
    rows): one lock and one multi-row INSERT instead of one per row. Use it
    inside the transaction of the change.
    """
    if _pending.get() is not None:
        yield
        return
    drafts: list[Draft] = []
    token = _pending.set(drafts)
    try:
        yield
    finally:
        _pending.reset(token)
    append(drafts)


def record(draft: Draft) -> None:
    pending = _pending.get()
    if pending is not None:
        pending.append(draft)
    else:
        append([draft])


def append(drafts: Sequence[Draft]) -> int:
    """Append `drafts` to their workspaces' chains; returns how many entries were written."""
    from despedida.audit.models import AuditEntry, ChainHead

    if not drafts:
        return 0
    by_workspace: dict[int, list[Draft]] = {}
    for draft in drafts:
        by_workspace.setdefault(draft.workspace_id, []).append(draft)
    actor = current_actor()
    rows: list[AuditEntry] = []
    with transaction.atomic():
        for workspace_id in sorted(by_workspace):  # one lock order, so two writers never deadlock
            ChainHead.objects.get_or_create(workspace_id=workspace_id)
            head = ChainHead.objects.select_for_update().get(workspace_id=workspace_id)
            # Read the clock under the lock, so instants never go backwards along the chain.
            at = clock.now()
            at_text = as_text(at)
            sequence, previous = head.sequence, head.hash
            for draft in by_workspace[workspace_id]:
                sequence += 1
                link = Link(
                    workspace=workspace_id,
                    sequence=sequence,
                    at=at_text,
                    actor=draft.actor or actor,
                    action=draft.action,
                    kind=draft.kind,
                    object_id=draft.object_id,
                    client_id=draft.client_id,
                    changes=draft.changes,
                    previous_hash=previous,
                )
                digest = link_hash(link)
                rows.append(
                    AuditEntry(
                        workspace_id=workspace_id,
                        sequence=sequence,
                        at=at,
                        actor=link.actor,
                        action=link.action,
                        kind=link.kind,
                        object_id=link.object_id,
                        client_id=link.client_id,
                        changes=link.changes,
                        previous_hash=previous,
                        hash=digest,
                    )
                )
                previous = digest
            ChainHead.objects.filter(workspace_id=workspace_id).update(sequence=sequence, hash=previous)
        AuditEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
