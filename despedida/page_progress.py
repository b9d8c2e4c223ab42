"""Progress of a long action (import, assessing every client), for the page to poll.

The action runs in its request; it writes how far it got to a small file
under DATA_DIR/progress, named by the workspace and a random key the page
chose, and another request reads it. Files, not the database: the import
holds a write transaction the whole time.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_key() -> str:
    return secrets.token_urlsafe(16)


def _path(workspace, key: str) -> Path | None:
    if not key or not KEY.fullmatch(key):
        return None
    return Path(settings.DATA_DIR) / "progress" / f"{workspace.pk}-{key}.json"


class Progress:
    """Where one action reports how far it got; does nothing without a valid key."""

    def __init__(self, workspace, key: str) -> None:
        self.path = _path(workspace, key)

    def report(self, phase: str, done: int, total: int | None) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside and rename, so a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"phase": phase, "done": done, "total": total}, handle)
        os.replace(tmp, self.path)

    def clear(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)


@contextmanager
def tracking(workspace, key: str) -> Iterator[Progress]:
    progress = Progress(workspace, key)
    progress.report("start", 0, None)
    try:
        yield progress
    finally:
        progress.clear()


def read(workspace, key: str) -> dict | None:
    """The last report of the action `key` of this workspace, or None (not started, or over)."""
    path = _path(workspace, key)
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
