"""Import and export through the store: lossless, all or nothing, idempotent."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings

from despedida.accounts.models import Membership, Role, Workspace
from despedida.clients import models as db
from despedida.clients.record import header_of, iter_clients
from despedida.core.portfolio.reader import load_document
from despedida.core.portfolio.writer import dump_document
from despedida.portability.importer import import_portfolio
from tests.portfolio.strategies import portfolios

EXAMPLE = Path(__file__).resolve().parents[1] / "portfolio" / "example.json"
AS_OF = "2026-11-22"
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


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def export_document(workspace: Workspace, as_of: str = AS_OF) -> dict:
    out = io.StringIO()
    call_command("export", workspace=workspace.slug, as_of=as_of, stdout=out)
    return json.loads(out.getvalue())


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in RECORD_MODELS}


def import_file(path: Path, **options) -> None:
    call_command("import", str(path), stdout=io.StringIO(), **options)


@pytest.fixture
def example_file(tmp_path) -> Path:
    path = tmp_path / "portfolio.json"
    path.write_text(json.dumps(example(), ensure_ascii=False), encoding="utf-8")
    return path


def canonical(document: dict) -> dict:
    return dump_document(load_document(document))


@pytest.mark.django_db(transaction=True)
def test_it_round_trips_the_format_example_losslessly(example_file):
    import_file(example_file)
    workspace = Workspace.objects.get()
    assert export_document(workspace) == canonical(example())


@pytest.mark.django_db(transaction=True)
def test_into_an_empty_store_import_creates_the_workspace_and_makes_the_owner_a_member(example_file, django_user_model):
    owner = django_user_model.objects.create_superuser("owner", password="x" * 20)
    import_file(example_file)
    workspace = Workspace.objects.get()
    assert (workspace.name, workspace.currency, workspace.timezone) == ("Estudio Norte", "EUR", "Europe/Madrid")
    assert Membership.objects.get(workspace=workspace).user == owner
    assert Membership.objects.get(workspace=workspace).role == Role.OWNER


@pytest.mark.django_db(transaction=True)
def test_importing_the_same_file_twice_duplicates_nothing(example_file):
    import_file(example_file)
    before = row_counts()
    import_file(example_file)
    assert row_counts() == before
    assert Workspace.objects.count() == 1
    assert export_document(Workspace.objects.get()) == canonical(example())


@pytest.mark.django_db(transaction=True)
def test_a_bad_file_is_refused_whole_with_every_problem_and_the_store_unchanged(example_file, tmp_path, capsys):
    import_file(example_file)
    workspace = Workspace.objects.get()
    counts = row_counts()
    checksum = hashlib.sha256(json.dumps(export_document(workspace), sort_keys=True).encode()).hexdigest()

    bad = example()
    bad["clients"][0]["name"] = "Acme renamed, must not be saved"
    bad["clients"].append(dict(bad["clients"][0], id="beta"))
    bad["clients"][1]["invoices"] = [dict(bad["clients"][0]["invoices"][0], due_on="1 de abril")]
    bad["clients"][1]["stage"] = "friend"
    bad_path = tmp_path / "bad.json"
    bad_path.write_text(json.dumps(bad), encoding="utf-8")

    with pytest.raises(SystemExit) as exit_info:
        import_file(bad_path)
    assert exit_info.value.code == 2
    errors = capsys.readouterr().err
    assert "clients[1].invoices[0].due_on" in errors
    assert "clients[1].stage" in errors
    assert str(bad_path) in errors
    assert row_counts() == counts
    after = hashlib.sha256(json.dumps(export_document(workspace), sort_keys=True).encode()).hexdigest()
    assert after == checksum


@pytest.mark.django_db(transaction=True)
def test_a_failure_half_way_through_an_import_leaves_the_store_as_it_was(example_file, monkeypatch):
    import_file(example_file)
    counts = row_counts()
    workspace = Workspace.objects.get()
    document = example()
    document["clients"][0]["name"] = "Changed"
    portfolio = load_document(document)

    def crash_after_first(clients):
        yield clients[0]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_portfolio(portfolio, crash_after_first(portfolio.clients), workspace=workspace)
    assert row_counts() == counts
    assert db.Client.objects.get().name == "Acme Retail SL"


@pytest.mark.django_db(transaction=True)
def test_export_needs_a_workspace_name_only_when_there_are_several(example_file, tmp_path):
    import_file(example_file)
    out = tmp_path / "out.json"
    call_command("export", out=str(out), as_of=AS_OF, stderr=io.StringIO())
    assert json.loads(out.read_text(encoding="utf-8")) == canonical(example())
    Workspace.objects.create(name="Otra", slug="otra")
    with pytest.raises(SystemExit) as exit_info:
        call_command("export", as_of=AS_OF, stdout=io.StringIO())
    assert exit_info.value.code == 2


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(portfolio=portfolios())
def test_any_valid_portfolio_survives_the_store_unchanged(portfolio):
    portfolio.business.name = portfolio.business.name or "Prueba"  # a workspace always has a name
    document = dump_document(portfolio)
    workspace = Workspace.objects.create(name="Prueba", slug=f"p-{Workspace.objects.count()}")
    import_portfolio(portfolio, portfolio.clients, workspace=workspace)
    header = header_of(workspace, portfolio.as_of)
    header.clients = list(iter_clients(workspace))
    exported = dump_document(header)
    assert exported["clients"] == document["clients"]
    assert exported["business"] == document["business"]


def test_the_console_script_refuses_a_missing_file_with_exit_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "despedida", "import", str(tmp_path / "nope.json")],
        capture_output=True,
        text=True,
        env={"DESPEDIDA_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "SECRET_KEY": "x"},
    )
    assert result.returncode == 2
    assert "nope.json" in result.stderr
    assert result.stdout == ""


@pytest.mark.django_db(transaction=True)
def test_thread_headers_survive_the_store(tmp_path):
    document = example()
    messages = document["clients"][0]["messages"]
    messages[0]["message_id"] = "q1@estudio.example"
    messages.append(
        {
            "at": "2025-05-03T09:00:00+02:00",
            "direction": "in",
            "subject": "Re",
            "body": None,
            "needs_reply": False,
            "message_id": "r1@acme.example",
            "in_reply_to": "q1@estudio.example",
        }
    )
    path = tmp_path / "threads.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    import_file(path)
    exported = export_document(Workspace.objects.get())
    assert exported == canonical(document)
    assert exported["clients"][0]["messages"][-1]["in_reply_to"] == "q1@estudio.example"
