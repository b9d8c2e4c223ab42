"""The console script's promises about its files and its environment.

The data directory holds password hashes, client records and keys, so it
and everything SQLite writes in it are readable by their owner only. A bad
environment value stops any command with one line naming the variable and
what it accepts (exit 2), before anything is created.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CONSOLE_SCRIPT = str(Path(sys.executable).parent / "despedida")


def run(args: list[str], env: dict[str, str], umask: int = 0o022) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **env},
        preexec_fn=lambda: os.umask(umask),
        timeout=120,
    )


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# A umask of 0 would let SQLite create its files 644 and mkdir create 755:
# the modes below must not depend on the umask of whoever starts the app.
@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_the_data_directory_the_store_its_wal_and_the_keys_are_private(tmp_path, umask):
    data = tmp_path / "data"
    env = {"DESPEDIDA_DATA_DIR": str(data)}
    result = run([CONSOLE_SCRIPT, "migrate", "--verbosity", "0"], env, umask)
    assert result.returncode == 0, result.stderr
    assert mode(data) == 0o700
    assert mode(data / "despedida.sqlite3") == 0o600
    assert mode(data / "secret_key") == 0o600

    # The -wal and -shm files exist only while a connection is open: look at
    # them from inside a process that has the store open, as the app has.
    probe = (
        "import json, os, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'despedida.settings'\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "from django.db import connection\n"
        "from despedida.outbox.crypto import encrypt\n"
        "encrypt('smtp password')\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('CREATE TABLE probe (x)')\n"
        "    cursor.execute('INSERT INTO probe VALUES (1)')\n"
        "    names = ['despedida.sqlite3-wal', 'despedida.sqlite3-shm', 'fernet.key']\n"
        "    print(json.dumps({n: os.stat(os.path.join(settings.DATA_DIR, n)).st_mode & 0o777 for n in names}))\n"
    )
    result = run([sys.executable, "-c", probe], env, umask)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "despedida.sqlite3-wal": 0o600,
        "despedida.sqlite3-shm": 0o600,
        "fernet.key": 0o600,
    }


def test_a_store_left_readable_by_others_is_made_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    store = data / "despedida.sqlite3"
    store.touch()
    store.chmod(0o644)
    result = run([CONSOLE_SCRIPT, "migrate", "--verbosity", "0"], {"DESPEDIDA_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert mode(store) == 0o600


@pytest.mark.parametrize(
    "command",
    [["check"], ["import", "portfolio.json"], ["assess", "portfolio.json"], ["serve", "--port", "1"], []],
    ids=["check", "import", "assess-file", "serve", "no-command"],
)
def test_a_bad_boolean_is_one_line_naming_the_variable_and_exit_2(tmp_path, command):
    data = tmp_path / "data"
    result = run([CONSOLE_SCRIPT, *command], {"DESPEDIDA_DATA_DIR": str(data), "DEBUG": "yes please"})
    assert result.returncode == 2
    assert result.stderr == "despedida: DEBUG must be true or false, not 'yes please'\n"
    assert result.stdout == ""
    assert not data.exists()  # refused before creating anything


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("EMAIL_TIMEOUT", "soon", "EMAIL_TIMEOUT must be a whole number, not 'soon'"),
        ("SECURE_HSTS_SECONDS", "-5", "SECURE_HSTS_SECONDS must be at least 0, not -5"),
        ("DATABASE_URL", "mysql://root@localhost/x", "DATABASE_URL must name a sqlite:// or postgres:// database"),
    ],
)
def test_other_bad_values_are_one_line_too(tmp_path, variable, value, message):
    result = run([CONSOLE_SCRIPT, "check"], {"DESPEDIDA_DATA_DIR": str(tmp_path / "data"), variable: value})
    assert (result.returncode, result.stderr, result.stdout) == (2, f"despedida: {message}\n", "")


def test_a_data_directory_that_is_a_file_is_one_line(tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    result = run([CONSOLE_SCRIPT, "check"], {"DESPEDIDA_DATA_DIR": str(taken)})
    assert result.returncode == 2
    assert result.stderr == f"despedida: DESPEDIDA_DATA_DIR must name a directory, not the file {taken}\n"


def test_a_wsgi_server_loading_the_app_gets_the_same_line(tmp_path):
    result = run(
        [sys.executable, "-c", "import despedida.wsgi"],
        {"DESPEDIDA_DATA_DIR": str(tmp_path / "data"), "HTTPS": "maybe"},
    )
    assert result.returncode == 2
    assert result.stderr == "despedida: HTTPS must be true or false, not 'maybe'\n"
