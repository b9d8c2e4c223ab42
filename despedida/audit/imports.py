"""Audit entries for a bulk import: one per client created or replaced, cheap enough for 10,000 clients.

An import writes millions of rows with plain INSERTs and no model signals;
one entry per row would double its cost. Instead each client the import
creates or replaces gets one entry naming the client and how many rows of
each kind its record now holds. When the import reads a file (the command
line, the settings page, the demo), every entry also carries
`source_sha256`, the SHA-256 of that file's bytes: whoever holds the file
can check with any SHA-256 tool that it is the one imported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from despedida.audit.models import Action
from despedida.audit.recorder import IMPORT, SYSTEM, Draft, append, current_actor
from despedida.clients.models import Client
from despedida.core.portfolio import model as pf

_source: ContextVar[str | None] = ContextVar("audit_import_source", default=None)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def import_source(path: str | Path | None) -> Iterator[None]:
    """Name the file being imported, so its entries carry the file's SHA-256."""
    token = _source.set(file_sha256(path) if path is not None else None)
    try:
        yield
    finally:
        _source.reset(token)


def counts(client: pf.Client) -> dict[str, int]:
    return {
        "contract": 0 if client.contract is None else 1,
        "projects": len(client.projects),
        "milestones": sum(len(p.milestones) for p in client.projects),
        "invoices": len(client.invoices),
        "payments": sum(len(i.payments) for i in client.invoices),
        "reminders": sum(len(i.reminders) for i in client.invoices),
        "time": len(client.time),
        "messages": len(client.messages),
        "events": len(client.events),
    }


@dataclass(frozen=True, slots=True)
class ImportedClient:
    """What an import's audit entry says of one client (the import streams; the records are gone by the swap)."""

    key: str
    name: str
    counts: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, client: pf.Client) -> ImportedClient:
        return cls(client.id, client.name, tuple(counts(client).items()))


def record_import(workspace_id: int, imported: Sequence[ImportedClient], keys_before: set[str]) -> int:
    """Append one entry per imported client, once it is in the workspace (inside the swap's transaction).

    A client whose id was already in the workspace was replaced ("edited"); the others were created.
    """
    actor = current_actor()
    # From the command line the import is its own author; from the web, the user who uploaded it.
    actor = IMPORT if actor == SYSTEM else f"{actor} ({IMPORT})"
    source = _source.get()
    row_ids = (
        dict(
            Client.objects.filter(workspace_id=workspace_id, key__in=[c.key for c in imported]).values_list("key", "pk")
        )
        if imported
        else {}
    )
    drafts = []
    for client in imported:
        row_id = row_ids.get(client.key)
        changes: dict[str, list[str | None]] = {"key": [None, client.key], "name": [None, client.name]}
        for kind, number in client.counts:
            changes[kind] = [None, str(number)]
        if source is not None:
            changes["source_sha256"] = [None, source]
        action = Action.EDITED if client.key in keys_before else Action.CREATED
        drafts.append(Draft(workspace_id, action, "client", row_id, row_id, changes, actor))
    return append(drafts)
