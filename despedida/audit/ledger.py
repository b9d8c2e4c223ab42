"""Read a workspace's audit chain from the store: its head, the check, and the export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from despedida.audit.chain import FORMAT, GENESIS, Link, Verdict, verify
from despedida.audit.models import AuditEntry, ChainHead
from despedida.audit.values import as_text

FIELDS = (
    "workspace_id",
    "sequence",
    "at",
    "actor",
    "action",
    "kind",
    "object_id",
    "client_id",
    "changes",
    "previous_hash",
    "hash",
)


def links(workspace_id: int) -> Iterator[Link]:
    rows = AuditEntry.objects.filter(workspace_id=workspace_id).order_by("sequence").values_list(*FIELDS)
    for ws, sequence, at, actor, action, kind, object_id, client_id, changes, previous, digest in rows.iterator(2000):
        yield Link(ws, sequence, as_text(at), actor, action, kind, object_id, client_id, changes, previous, digest)


def head(workspace_id: int) -> tuple[int, str]:
    """(number of entries, hash of the last one) as the chain head records them."""
    row = ChainHead.objects.filter(workspace_id=workspace_id).values_list("sequence", "hash").first()
    return row if row is not None else (0, GENESIS)


def verify_workspace(workspace_id: int) -> Verdict:
    count, digest = head(workspace_id)
    return verify(links(workspace_id), expected_count=count, expected_head=digest)


def write_log(workspace, stream: IO[str]) -> int:
    """Write the chain as JSON Lines: a header line, then one entry a line, in order."""
    count, digest = head(workspace.pk)
    header = {"format": FORMAT, "workspace": workspace.pk, "slug": workspace.slug, "entries": count, "head": digest}
    stream.write(json.dumps(header, sort_keys=True, ensure_ascii=False) + "\n")
    written = 0
    for link in links(workspace.pk):
        stream.write(json.dumps(link.as_json(), sort_keys=True, ensure_ascii=False) + "\n")
        written += 1
    return written
