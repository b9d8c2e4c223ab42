"""No file can break a workspace: every hostile file is refused by every entry point.

The files of tests/portability/hostile/ (written by its make_files.py, each
with the JSON path and words of the problem it must be refused for) are
thrown at `despedida import FILE`, `despedida assess FILE` and the web
import preview, one after the other, into a store that already holds a
portfolio. Each must refuse the file: exit status 2 with one line per
problem naming the file and the JSON path (no traceback), or a preview
listing the problem, the upload removed; and the store must be exactly as
it was (row counts, and the export's bytes).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from despedida.accounts.models import Membership, Role, Workspace
from despedida.clients import models as db

HOSTILE = Path(__file__).with_name("hostile")
EXPECTED: dict[str, dict[str, str]] = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))
EXAMPLE = Path(__file__).resolve().parents[1] / "portfolio" / "example.json"
RECORD_MODELS = (
    db.Client,
    db.Contract,
    db.Project,
    db.Milestone,
    db.Invoice,
    db.Payment,
    db.Reminder,
    db.TimeEntry,
    db.Message,
    db.Event,
)


def snapshot(workspace: Workspace) -> tuple[dict[str, int], str]:
    """Row counts and a checksum of the workspace's export: what must not change."""
    out = io.StringIO()
    call_command("export", workspace=workspace.slug, as_of="2026-11-22", stdout=out)
    counts = {model.__name__: model.objects.count() for model in RECORD_MODELS}
    return counts, hashlib.sha256(out.getvalue().encode("utf-8")).hexdigest()


def assert_refused_on_stderr(err: str, path: Path, expected: dict[str, str]) -> None:
    lines = err.splitlines()
    assert lines, "nothing said on stderr"
    # One line per problem, each naming the file: no traceback, no stray text.
    assert all(line.startswith(f"{path}: ") for line in lines), err[:2000]
    wanted = f"{path}: {expected['path']}: " if expected["path"] else f"{path}: "
    assert any(line.startswith(wanted) and expected["fragment"] in line for line in lines), err[:2000]


@pytest.fixture
def store(db, settings, tmp_path, client, django_user_model):
    """A store with the format's example imported, and its owner signed in to the web."""
    settings.DATA_DIR = tmp_path / "data"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("import", str(EXAMPLE), stdout=io.StringIO(), stderr=io.StringIO())
    workspace = Workspace.objects.get()
    owner = django_user_model.objects.create_user("owner", password="a long test password 42")
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    client.force_login(owner)
    return workspace


def test_the_folder_holds_exactly_the_files_of_its_list():
    on_disk = {path.name for path in HOSTILE.iterdir() if path.name not in {"expected.json", "make_files.py"}}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) >= 60


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_entry_point_refuses_the_file_and_the_store_is_unchanged(name, store, client, settings, capsys):
    path = HOSTILE / name
    expected = EXPECTED[name]
    before = snapshot(store)
    capsys.readouterr()

    # despedida import FILE
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert exit_info.value.code == 2
    assert_refused_on_stderr(capsys.readouterr().err, path, expected)

    # despedida assess FILE (no store involved, the file streamed)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("assess", str(path), format="json", stdout=out)
    assert exit_info.value.code == 2
    assert out.getvalue() == ""
    assert_refused_on_stderr(capsys.readouterr().err, path, expected)

    # The web import preview
    upload = SimpleUploadedFile(name, path.read_bytes(), content_type="application/json")
    response = client.post(reverse("settings:import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    if path.stat().st_size == 0:
        # An empty upload never reaches the reader: the form refuses it.
        assert response.status_code == 400
        assert "The submitted file is empty." in response.content.decode()
    else:
        assert response.status_code == 422
        lines = response.context["preview"].problem_lines()
        assert any(found_path == expected["path"] and expected["fragment"] in text for found_path, text in lines), (
            lines[:5]
        )
        assert "could not be read" not in response.content.decode()  # no reader crash caught by the page
    uploads = Path(settings.DATA_DIR) / "uploads"
    assert not (uploads.exists() and any(uploads.iterdir())), "the refused upload was left behind"

    assert snapshot(store) == before


def test_the_preview_says_what_is_wrong_in_spanish(store, client):
    path = HOSTILE / "amount-1e400.json"
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/json")

    response = client.post(reverse("settings:import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 422
    lines = response.context["preview"].problem_lines()
    assert lines == [
        ("clients[0].invoices[0].amount", "demasiado grande: como mucho 11 cifras antes de la coma decimal")
    ]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("name-lone-surrogate.json", "clients[0].name: contains half of a surrogate pair (\\ud800)"),
        ("payment-terms-5001-digits.json", "business.payment_terms_days: must be a whole number of days"),
        ("instant-9999-minus-23-59.json", "clients[0].messages[0].at: 9999-12-31 is out of range"),
    ],
)
def test_the_console_script_refuses_with_exit_2_and_one_line(name, line, tmp_path):
    """The real process, as a user runs it: exit 2, the line on stderr, nothing on stdout."""
    path = HOSTILE / name
    env = {
        "DESPEDIDA_DATA_DIR": str(tmp_path / "data"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": "x",
        "LANG": "C",
    }
    result = subprocess.run(
        [sys.executable, "-m", "despedida", "assess", str(path)], capture_output=True, env=env, timeout=120
    )
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: {line}"), lines
