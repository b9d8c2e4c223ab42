"""Portfolio files waiting between their preview and the import.

Each is kept under DATA_DIR/uploads with a random name; the session keeps
the name, so only the person who uploaded it can import it. Files older
than a day are removed on the next upload.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

NAME = re.compile(r"[A-Za-z0-9_-]{32}")
MAX_AGE_SECONDS = 24 * 3600


def folder() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def save(uploaded, suffix: str = ".json") -> str:
    """Store an uploaded file; returns its id."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    upload_id = secrets.token_urlsafe(24)  # 32 characters
    with open(target / f"{upload_id}{suffix}", "xb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return upload_id


def path_of(upload_id: str, suffix: str = ".json") -> Path | None:
    """The stored file of `upload_id`, or None if the id is malformed or the file is gone."""
    if not isinstance(upload_id, str) or not NAME.fullmatch(upload_id):
        return None
    path = folder() / f"{upload_id}{suffix}"
    return path if path.is_file() else None


def discard(upload_id: str, suffix: str = ".json") -> None:
    path = path_of(upload_id, suffix)
    if path is not None:
        path.unlink(missing_ok=True)


def remove_stale(target: Path, now: float | None = None) -> None:
    now = now or time.time()
    for path in [*target.glob("*.json"), *target.glob("*.csv")]:
        try:
            if now - path.stat().st_mtime > MAX_AGE_SECONDS:
                path.unlink(missing_ok=True)
        except OSError:
            pass  # removed by another request meanwhile
