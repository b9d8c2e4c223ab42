"""Audit entries for a bulk import: one per client created or replaced, cheap enough for 10,000 clients.

An import writes millions of rows with plain INSERTs and no model signals;
one entry per row would double its cost. Instead each client the import
creates or replaces gets one entry naming the client, how many rows of each
kind its record now holds, and `record_sha256`: the SHA-256 of the client's
record as the portfolio writer writes it (canonical JSON: sorted keys, no
spaces, decimals as strings). Anyone holding the imported file can
recompute that digest for a client and compare.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from despedida.audit.models import Action
from despedida.audit.recorder import IMPORT, SYSTEM, Draft, append, current_actor
from despedida.portfolio import model as pf
from despedida.portfolio.writer import dump_client


def record_digest(client: pf.Client) -> str:
    text = json.dumps(dump_client(client), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def record_import(workspace_id: int, clients: Sequence[pf.Client], row_ids: Sequence[int], replaced: set[int]) -> int:
    """Append one entry per imported client (`row_ids[i]` is `clients[i]`'s row)."""
    actor = current_actor()
    # From the command line the import is its own author; from the web, the user who uploaded it.
    actor = IMPORT if actor == SYSTEM else f"{actor} ({IMPORT})"
    drafts = []
    for client, row_id in zip(clients, row_ids):
        changes: dict[str, list[str | None]] = {"key": [None, client.id], "name": [None, client.name]}
        for kind, number in counts(client).items():
            changes[kind] = [None, str(number)]
        changes["record_sha256"] = [None, record_digest(client)]
        action = Action.EDITED if row_id in replaced else Action.CREATED
        drafts.append(Draft(workspace_id, action, "client", row_id, row_id, changes, actor))
    return append(drafts)
