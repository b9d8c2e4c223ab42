"""`despedida backup` then `despedida restore` into an empty installation brings every row back.

The backup runs in this process against the live test database (SQLite's
online backup API, or pg_dump); the restore runs as the real command in a
fresh process, into a new data directory and (on PostgreSQL) a new empty
database. Then every table is compared row by row, and the keys come back
with the data so stored SMTP passwords still open.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from despedida.accounts.models import SignInEvent, SignInOutcome
from despedida.backups import archive
from despedida.outbox.models import SmtpAccount
from tests.test_access_sweep import build_world

pytestmark = pytest.mark.django_db(transaction=True)

SMTP_PASSWORD = "s3cret smtp password"


@pytest.fixture
def data_dir(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("DESPEDIDA_FERNET_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "live"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


@pytest.fixture
def everything(data_dir, norte, alice, bob, sur, charlie):
    """Two workspaces with one of everything, an SMTP password, a sign-in log and a pending upload."""
    build_world(norte, alice, "Zafiro")
    build_world(sur, charlie, "Coral")
    account = SmtpAccount.objects.get(workspace=norte)
    account.set_password(SMTP_PASSWORD)
    account.save()
    SignInEvent.objects.create(
        user=alice, username="alice", at=account.updated_at, ip_address="192.0.2.1", outcome=SignInOutcome.SUCCESS
    )
    (data_dir / "uploads").mkdir()
    (data_dir / "uploads" / "pending-import").write_text('{"clients": []}')


def restore_in_a_fresh_process(backup: Path, data_dir: Path, database_url: str | None):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "SECRET_KEY", "DESPEDIDA_FERNET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    env["DESPEDIDA_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "despedida", "restore", str(backup)], env=env, capture_output=True, text=True
    )


def shell_in(data_dir: Path, database_url: str | None, code: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "SECRET_KEY", "DESPEDIDA_FERNET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    env["DESPEDIDA_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-m", "despedida", "shell", "-c", code], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def rows_sqlite(db: sqlite3.Connection, table: str) -> list[tuple]:
    return sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def live_sqlite() -> sqlite3.Connection:
    """A copy of the live (in-memory) test database, read with the same driver as the restored file."""
    copy = sqlite3.connect(":memory:")
    connection.ensure_connection()
    connection.connection.backup(copy)
    return copy


@pytest.fixture
def pg_target():
    """A new, empty PostgreSQL database beside the test one (dropped afterwards)."""
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    yield name, f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows_pg(conninfo: dict, table: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(**conninfo) as db:
        return sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def pg_conninfo(name: str) -> dict:
    db = connection.settings_dict
    info = {
        "dbname": name,
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
    }
    if db.get("PASSWORD"):
        info["password"] = db["PASSWORD"]
    return info


def test_a_backup_restored_into_an_empty_installation_has_every_row_and_the_keys(
    everything, data_dir, tmp_path, request
):
    backup = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(backup), stdout=io.StringIO())
    assert oct(backup.stat().st_mode & 0o777) == "0o600"  # it holds the keys

    restored = tmp_path / "restored"
    database_url = None
    if connection.vendor == "postgresql":
        target, database_url = request.getfixturevalue("pg_target")

    result = restore_in_a_fresh_process(backup, restored, database_url)

    assert result.returncode == 0, result.stderr
    compared = 0
    if connection.vendor == "postgresql":
        for table in tables():
            assert rows_pg(pg_conninfo(connection.settings_dict["NAME"]), table) == rows_pg(
                pg_conninfo(target), table
            ), table
            compared += 1
    else:
        live, copy = live_sqlite(), sqlite3.connect(restored / "despedida.sqlite3")
        for table in tables():
            assert rows_sqlite(live, table) == rows_sqlite(copy, table), table
            compared += 1
    assert compared >= 40
    assert get_user_model().objects.count() == 3  # the comparison saw real data, not empty tables
    assert (restored / "secret_key").read_text() == settings.SECRET_KEY
    assert (restored / "fernet.key").read_bytes() == (data_dir / "fernet.key").read_bytes()
    assert (restored / "uploads" / "pending-import").read_text() == '{"clients": []}'
    assert (
        shell_in(
            restored,
            database_url,
            (
                "from despedida.outbox.models import SmtpAccount; "
                "print(SmtpAccount.objects.get(workspace__slug='estudio-norte').get_password())"
            ),
        )
        == SMTP_PASSWORD
    )


def test_the_manifest_lists_every_file_with_its_checksum(everything, tmp_path):
    backup = tmp_path / "backup.tar.gz"
    call_command("backup", "--out", str(backup), stdout=io.StringIO())

    manifest = archive.read(backup, tmp_path / "out")

    assert manifest.format == "despedida-backup" and manifest.format_version == 1
    assert manifest.engine == ("postgresql" if connection.vendor == "postgresql" else "sqlite")
    assert manifest.app_version and manifest.created_at
    database = "database/dump.pgcustom" if connection.vendor == "postgresql" else "database/despedida.sqlite3"
    assert manifest.paths() == {database, "secrets/secret_key", "secrets/fernet.key", "media/uploads/pending-import"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest.files)
