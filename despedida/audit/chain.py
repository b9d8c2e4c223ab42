"""The audit log's hash chain (pure): canonical entries, their hashes, and the check.

Each entry's hash is SHA-256 over the canonical JSON of the entry (keys
sorted, no spaces, UTF-8) including the previous entry's hash, so changing,
removing or reordering any entry changes every hash after it. The first
entry of a workspace chains onto GENESIS.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

GENESIS = "0" * 64
FORMAT = "despedida.audit/1"


@dataclass(frozen=True)
class Link:
    """One entry of the chain as stored (and as exported)."""

    workspace: int
    sequence: int
    at: str  # ISO 8601 in UTC, microseconds included
    actor: str
    action: str  # created | edited | deleted
    kind: str  # the record's kind: client, invoice, payment...
    object_id: int | None
    client_id: int | None
    changes: dict[str, list[str | None]] = field(default_factory=dict)
    previous_hash: str = GENESIS
    hash: str = ""

    def content(self) -> dict:
        """What the hash covers: every field but the hash itself."""
        return {
            "workspace": self.workspace,
            "sequence": self.sequence,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "kind": self.kind,
            "object_id": self.object_id,
            "client_id": self.client_id,
            "changes": self.changes,
            "previous_hash": self.previous_hash,
        }

    def as_json(self) -> dict:
        return {**self.content(), "hash": self.hash}


def canonical(document: object) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def link_hash(link: Link) -> str:
    return hashlib.sha256(canonical(link.content())).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking a chain: intact, or the first entry that breaks it and why."""

    count: int
    head: str
    broken_at: int | None = None
    reason: str = ""  # a code: altered | missing | relinked | truncated

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(links: Iterable[Link], *, expected_count: int | None = None, expected_head: str | None = None) -> Verdict:
    """Recompute the chain in sequence order and name the first entry that breaks it.

    `expected_count`/`expected_head` (the stored chain head) catch entries
    removed from the end, which leave no gap behind them.
    """
    previous, count = GENESIS, 0
    for link in links:
        expected_sequence = count + 1
        if link.sequence != expected_sequence:
            # An entry is gone (or numbers were rewritten): the first missing number is the break.
            return Verdict(count, previous, expected_sequence, "missing")
        if link.previous_hash != previous:
            return Verdict(count, previous, link.sequence, "relinked")
        if link_hash(link) != link.hash:
            return Verdict(count, previous, link.sequence, "altered")
        previous, count = link.hash, count + 1
    if expected_count is not None and expected_count != count:
        return Verdict(count, previous, count + 1, "truncated")
    if expected_head is not None and expected_head != previous:
        return Verdict(count, previous, count, "altered")
    return Verdict(count, previous)


def read_jsonl(lines: Iterable[str]) -> Iterable[Link]:
    """Links from an exported log (one JSON object a line; the first line is the header)."""
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        document = json.loads(line)
        if number == 1 and document.get("format") == FORMAT:
            continue
        yield Link(**document)
