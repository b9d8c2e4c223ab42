"""The worker's scheduled backup: one every BACKUP_EVERY_HOURS, the newest BACKUP_KEEP kept.

Registered as the worker job "backup". Two workers on one machine take
turns through a lock file; the age of the newest archive in the folder (by
its name, which is its UTC creation time) says whether one is due.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
from pathlib import Path

from django.conf import settings
from django.db import connection

from despedida.backups import snapshot

logger = logging.getLogger("despedida.backups")


def archives(folder: Path) -> list[tuple[dt.datetime, Path]]:
    """The folder's backups made by this schedule (or by `despedida backup` without --out), oldest first."""
    found = []
    for path in folder.glob("despedida-*.tar.gz"):
        try:
            made = dt.datetime.strptime(path.name, snapshot.NAME_FORMAT).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
        found.append((made, path))
    return sorted(found)


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; return what was deleted."""
    old = [path for _made, path in archives(folder)][:-keep] if keep > 0 else []
    for path in old:
        path.unlink(missing_ok=True)
    return old


def scheduled_backup(now: dt.datetime) -> int:
    hours = settings.BACKUP_EVERY_HOURS
    if hours <= 0 or connection.in_atomic_block:
        # The worker runs jobs outside any transaction; a caller inside one (a test
        # harness) could not get a consistent snapshot of committed data.
        return 0
    folder = snapshot.default_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (folder / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0  # another worker is making one right now
        existing = archives(folder)
        if existing and now - existing[-1][0] < dt.timedelta(hours=hours):
            return 0
        path, _manifest = snapshot.make_backup(folder / snapshot.default_name(now))
        removed = prune(folder, settings.BACKUP_KEEP)
        logger.info("Backup written to %s; %d old backups removed", path, len(removed))
    return 1
