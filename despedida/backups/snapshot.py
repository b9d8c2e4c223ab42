"""Make a backup of a running instance, and restore one into an empty data directory.

A backup is a consistent snapshot taken while the web server and the worker
keep running: SQLite's online backup API copies the store page by page
under a read transaction; for PostgreSQL, `pg_dump` works inside one
snapshot transaction. Beside the database go the secret key, the key that
encrypts SMTP passwords (see outbox/crypto.py) and the files kept in the
data directory, all in one archive (see `archive`).

Restoring checks the whole archive first, then refuses unless the data
directory and the database are empty, then writes: nothing is written when
the archive is refused.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection

from despedida.accounts import clock
from despedida.backups import archive
from despedida.outbox import crypto

SQLITE_MEMBER = "database/despedida.sqlite3"
PG_MEMBER = "database/dump.pgcustom"
MEDIA_FOLDERS = ("uploads",)  # folders of the data directory that hold files worth keeping
NAME_FORMAT = "despedida-%Y%m%dT%H%M%SZ.tar.gz"


class BackupError(Exception):
    """A backup or a restore cannot go on; `code` and `params` say why (see the commands)."""

    def __init__(self, code: str, **params) -> None:
        self.code, self.params = code, params
        super().__init__(code)


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def app_version() -> str:
    try:
        return metadata.version("despedida")
    except metadata.PackageNotFoundError:
        return "unknown"


def default_folder() -> Path:
    return Path(settings.BACKUP_DIR) if settings.BACKUP_DIR else Path(settings.DATA_DIR) / "backups"


def default_name(at=None) -> str:
    return (at or clock.now()).astimezone(dt.UTC).strftime(NAME_FORMAT)


# --- Backup --------------------------------------------------------------------------------


def make_backup(out: Path | None = None) -> tuple[Path, archive.Manifest]:
    now = clock.now()
    if out is None:
        folder = default_folder()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        out = folder / default_name(now)
    out = out.expanduser().resolve()
    if not out.parent.is_dir():
        raise BackupError("no_folder", path=str(out.parent))
    with tempfile.TemporaryDirectory(prefix=".despedida-backup-", dir=out.parent) as tmp:
        staged = Path(tmp)
        (staged / "database").mkdir()
        if engine() == "sqlite":
            _sqlite_snapshot(staged / SQLITE_MEMBER)
        else:
            _pg_dump(staged / PG_MEMBER)
        _stage_secrets(staged / "secrets")
        _stage_media(staged / "media")
        manifest = archive.write(
            out,
            staged,
            app_version=app_version(),
            engine=engine(),
            created_at=now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        )
    return out, manifest


def _sqlite_snapshot(target: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("in_transaction")  # the backup would wait for our own transaction forever
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)  # the online backup API: consistent while others write
    finally:
        destination.close()


def _pg_params() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args, env = [], dict(os.environ)
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line, where `ps` shows it
    return args + ["--dbname", str(db["NAME"])], env


def _pg_dump(target: Path) -> None:
    args, env = _pg_params()
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args]
    _run(command, env, "pg_dump")


def _run(command: list[str], env: dict, tool: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError("no_tool", tool=tool) from None
    if result.returncode != 0:
        raise BackupError("tool_failed", tool=tool, error=(result.stderr or result.stdout).strip()[-500:])


def _write_secret(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _stage_secrets(folder: Path) -> None:
    _write_secret(folder / "secret_key", settings.SECRET_KEY.encode())
    from_env = os.environ.get(crypto.ENV_KEY, "").strip()
    if from_env:
        keys = [k.strip() for k in from_env.split(",") if k.strip()]
        _write_secret(folder / "fernet.key", "\n".join(keys).encode())
        return
    key_file = Path(settings.DATA_DIR) / crypto.KEY_FILE
    if key_file.exists():
        _write_secret(folder / "fernet.key", key_file.read_bytes().strip())


def _stage_media(folder: Path) -> None:
    for name in MEDIA_FOLDERS:
        source = Path(settings.DATA_DIR) / name
        if source.is_dir():
            shutil.copytree(source, folder / name)


# --- Restore -------------------------------------------------------------------------------


def restore(path: Path) -> archive.Manifest:
    """Bring back everything in the archive at `path` into this (empty) installation."""
    data_dir = Path(settings.DATA_DIR)
    parent = data_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".despedida-restore-", dir=parent) as tmp:
        unpacked = Path(tmp)
        manifest = archive.read(path, unpacked)  # raises ArchiveError: nothing written yet
        if manifest.engine != engine():
            raise BackupError("engine_mismatch", archived=manifest.engine, here=engine())
        _require_empty(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        written: list[Path] = []
        try:
            secrets = unpacked / "secrets"
            for name, target in (("secret_key", "secret_key"), ("fernet.key", crypto.KEY_FILE)):
                if (secrets / name).exists():
                    data = (secrets / name).read_bytes()
                    if name == "fernet.key":
                        data = data.splitlines()[0]  # the key that encrypts; see docs/backup.md for rotation
                    _write_secret(data_dir / target, data)
                    written.append(data_dir / target)
            if (unpacked / "media").is_dir():
                for folder in (unpacked / "media").iterdir():
                    shutil.copytree(folder, data_dir / folder.name)
                    written.append(data_dir / folder.name)
            if manifest.engine == "sqlite":
                target = Path(connection.settings_dict["NAME"])
                staged = target.with_name(f".{target.name}.restoring")
                shutil.copyfile(unpacked / SQLITE_MEMBER, staged)
                os.chmod(staged, 0o600)
                os.replace(staged, target)
                written.append(target)
            else:
                args, env = _pg_params()
                _run(
                    [
                        "pg_restore",
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--single-transaction",
                        *args,
                        str(unpacked / PG_MEMBER),
                    ],
                    env,
                    "pg_restore",
                )
        except BaseException:
            for item in written:  # leave the directory as empty as we found it
                shutil.rmtree(item, ignore_errors=True) if item.is_dir() else item.unlink(missing_ok=True)
            raise
    return manifest


def _require_empty(data_dir: Path) -> None:
    if data_dir.exists() and any(data_dir.iterdir()):
        raise BackupError("data_dir_not_empty", path=str(data_dir))
    if engine() == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        if target.exists():
            raise BackupError("database_not_empty", name=str(target))
    else:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        if tables:
            raise BackupError("database_not_empty", name=str(connection.settings_dict["NAME"]))
