"""Web saves made while a large import runs from the command line all go through.

Two real processes share one store: `despedida import` loading a 600-client
demo portfolio, and a person saving events on a client's page through
Django's test client (each save writes the event, the client's assessment
and the session) the whole time. On the SQLite pass the store is a file with
the production settings (WAL, a 20-second busy timeout, immediate
transactions), because the suite's own in-memory database cannot be shared
between processes; on the PostgreSQL pass it is the suite's database.

The promise: no save fails ("database is locked" or anything else) and
every one is in the store afterwards. The import is staged in batches of
ten clients, so the file's size changes how long the saves race it, not
how; `bench/import_contention.py` runs 5,000 clients and measures how long
saves wait.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from .web_saves import WORKSPACE

ROOT = Path(__file__).resolve().parents[2]
CONSOLE_SCRIPT = str(Path(sys.executable).parent / "despedida")
CLIENTS = 600

pytestmark = pytest.mark.django_db(transaction=True)


def store_environment(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SECRET_KEY"}}
    env.update(DESPEDIDA_DATA_DIR=str(data_dir), ALLOWED_HOSTS="testserver")
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        user = quote(db["USER"] or "")
        password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        env["DATABASE_URL"] = (
            f"postgres://{user}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    return env


def web_saves(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.portability.web_saves", *args]


def test_web_saves_made_during_a_large_import_all_succeed(tmp_path):
    env = store_environment(tmp_path / "data")
    subprocess.run(web_saves("prepare"), env=env, cwd=ROOT, check=True, timeout=300)
    portfolio = tmp_path / "portfolio.json"
    subprocess.run(
        [
            CONSOLE_SCRIPT,
            "demo",
            "--clients",
            str(CLIENTS),
            "--seed",
            "11",
            "--as-of",
            "2026-11-22",
            "--out",
            str(portfolio),
        ],
        env=env,
        check=True,
        timeout=600,
    )
    marks, log = tmp_path / "marks", tmp_path / "saves.jsonl"
    marks.mkdir()
    saver = subprocess.Popen(web_saves("save", "--marks", str(marks), "--out", str(log)), env=env, cwd=ROOT)
    try:
        while not (marks / "ready").exists():
            assert saver.poll() is None, "the saving process stopped before it was ready"
            time.sleep(0.1)
        (marks / "started").touch()
        imported = subprocess.run(
            [CONSOLE_SCRIPT, "import", str(portfolio), "--workspace", WORKSPACE],
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        (marks / "ended").touch()
    finally:
        (marks / "stop").touch()
        saver.wait(timeout=300)

    assert imported.returncode == 0, imported.stderr
    assert saver.returncode == 0
    saves = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    failed = [save.get("error") or save["status"] for save in saves if save.get("status") != 302]
    assert failed == []
    assert sum(save["during"] for save in saves) >= 10  # the saves really overlapped the import

    counted = subprocess.run(web_saves("count"), env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    store = json.loads(counted.stdout)
    assert store["clients"] == CLIENTS + 1  # the file's and "kept"
    assert store["notes"] == sorted(save["note"] for save in saves)  # every save that answered is kept
    assert store["hidden_workspaces"] == 0
