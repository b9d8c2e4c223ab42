"""The importer never loses data: a failure anywhere leaves the store as it was, every problem is named,
a file replaces the clients it names and adds the others, and imports running at once never mix.

Complements test_import_export.py and test_staging.py: here the failures come
at every stage of the write (reading the file, staging a batch, the swap, the
audit), and two imports race for the same workspace in two real processes.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from despedida.accounts.models import HIDDEN_SLUG_MARK, Workspace
from despedida.clients import models as db
from despedida.clients.record import header_of, iter_clients
from despedida.core.demo.generator import generate_document
from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.reader import load_document, stream_portfolio
from despedida.core.portfolio.writer import dump_document
from despedida.portability import importer
from despedida.portability.importer import import_portfolio

from .test_concurrent_import import store_environment

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)
CLIENTS = importer.BATCH * 2 + 5  # three staging transactions
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

pytestmark = pytest.mark.django_db(transaction=True)


def demo(seed: int = 5, clients: int = CLIENTS) -> dict:
    return generate_document(clients=clients, seed=seed, as_of=AS_OF)


def snapshot() -> dict:
    """Everything of the store an import may touch, hidden workspaces included."""
    return {
        "workspaces": sorted(Workspace._base_manager.values_list("slug", "name", "currency", "timezone")),
        **{model.__name__: sorted(model._base_manager.values_list("id", flat=True)) for model in RECORD_MODELS},
        "clients": sorted(db.Client._base_manager.values_list("workspace_id", "key", "name")),
        "exports": {ws.slug: exported(ws) for ws in Workspace.objects.all()},
    }


def exported(workspace: Workspace) -> str:
    header = header_of(workspace, AS_OF)
    header.clients = list(iter_clients(workspace))
    return json.dumps(dump_document(header), sort_keys=True, default=str)


@pytest.fixture
def workspace() -> Workspace:
    """A workspace holding the demo's clients."""
    portfolio = load_document(demo())
    return import_portfolio(
        portfolio, portfolio.clients, workspace=Workspace.objects.create(name="W", slug="w")
    ).workspace


def changed(document: dict) -> dict:
    """The same clients with another name and one invoice fewer each, and one client more."""
    document = copy.deepcopy(document)
    for client in document["clients"]:
        client["name"] += " (cambiado)"
        client["invoices"] = client["invoices"][1:]
    extra = copy.deepcopy(document["clients"][0])
    extra["id"] = "cliente-nuevo"
    document["clients"].append(extra)
    document["business"]["currency"] = "USD"
    return document


def write(tmp_path: Path, document: dict, name: str = "portfolio.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# -- a failure anywhere leaves the store as it was --------------------------------


def test_a_bad_client_at_the_end_of_a_file_undoes_the_batches_already_staged(workspace, tmp_path):
    before = snapshot()
    document = changed(demo())
    document["clients"][-1]["invoices"][0]["amount"] = "-5"
    header, clients = stream_portfolio(write(tmp_path, document))
    with pytest.raises(InputError) as refused:
        import_portfolio(header, clients, workspace=workspace)
    assert [p.path for p in refused.value.problems] == [f"clients[{CLIENTS}].invoices[0].amount"]
    assert snapshot() == before


@pytest.mark.parametrize("stage", ["second batch", "swap", "audit", "business"])
def test_a_crash_at_any_stage_of_the_write_leaves_the_store_as_it_was(workspace, monkeypatch, stage):
    before = snapshot()
    portfolio = load_document(changed(demo()))

    def crash(*args, **kwargs):
        raise OSError("disk full")

    if stage == "second batch":
        write_batch, calls = importer._write_batch, []

        def crash_on_second(batch):
            calls.append(batch)
            if len(calls) == 2:
                crash()
            write_batch(batch)

        monkeypatch.setattr(importer, "_write_batch", crash_on_second)
    elif stage == "swap":
        monkeypatch.setattr(importer.staging, "swap_in", crash)
    elif stage == "audit":
        monkeypatch.setattr(importer, "record_import", crash)
    else:
        monkeypatch.setattr(importer, "apply_business", crash)
    with pytest.raises(OSError):
        import_portfolio(portfolio, portfolio.clients, workspace=workspace)
    assert snapshot() == before


def test_a_crash_while_creating_a_new_workspace_leaves_no_workspace(workspace):
    before = snapshot()
    portfolio = load_document(demo(seed=9))

    def crash_half_way(clients):
        yield from clients[: importer.BATCH + 1]
        raise OSError("disk full")

    with pytest.raises(OSError):
        import_portfolio(portfolio, crash_half_way(portfolio.clients))
    assert snapshot() == before


# -- every problem named -------------------------------------------------------------


def test_every_problem_of_a_file_is_named_by_its_path_and_nothing_is_written(workspace, tmp_path):
    before = snapshot()
    document = demo()
    clients = document["clients"]
    with_invoice = [n for n, c in enumerate(clients) if c["invoices"]]
    with_message = [n for n, c in enumerate(clients) if c["messages"]]
    with_time = [n for n, c in enumerate(clients) if c["time"]]
    with_event = [n for n, c in enumerate(clients) if c["events"]]
    broken = {
        "business.currency": lambda: document["business"].__setitem__("currency", "euros"),
        "clients[0].stage": lambda: clients[0].__setitem__("stage", "friend"),
        "clients[1].name": lambda: clients[1].pop("name"),
        "clients[2].strategic_value": lambda: clients[2].__setitem__("strategic_value", "huge"),
        f"clients[{with_invoice[0]}].invoices[0].due_on": lambda: clients[with_invoice[0]]["invoices"][0].__setitem__(
            "due_on", "1 de abril"
        ),
        f"clients[{with_invoice[1]}].invoices[0].amount": lambda: clients[with_invoice[1]]["invoices"][0].__setitem__(
            "amount", "mucho"
        ),
        f"clients[{with_message[0]}].messages[0].at": lambda: clients[with_message[0]]["messages"][0].__setitem__(
            "at", "2026-01-01T10:00:00"
        ),
        f"clients[{with_message[1]}].messages[0].direction": lambda: clients[with_message[1]]["messages"][
            0
        ].__setitem__("direction", "sideways"),
        f"clients[{with_time[0]}].time[0].hours": lambda: clients[with_time[0]]["time"][0].__setitem__("hours", "-1"),
        f"clients[{with_event[0]}].events[0].type": lambda: clients[with_event[0]]["events"][0].__setitem__(
            "type", "party"
        ),
        f"clients[{CLIENTS - 1}].id": lambda: clients[-1].__setitem__("id", clients[0]["id"]),
    }
    for spoil in broken.values():
        spoil()
    path = write(tmp_path, document)
    with pytest.raises(InputError) as refused:
        header, rows = stream_portfolio(path)  # the file's head is read here, its clients by the import
        import_portfolio(header, rows, workspace=workspace)
    named = {problem.path for problem in refused.value.problems}
    assert set(broken) <= named, sorted(set(broken) - named)
    assert snapshot() == before


# -- replace versus add --------------------------------------------------------------


def test_a_file_replaces_the_clients_it_names_adds_the_new_and_leaves_the_others(workspace):
    original = load_document(demo()).clients[-1]
    document = changed(demo())
    del document["clients"][-2]  # this client is not in the file: it stays as it was
    portfolio = load_document(document)
    result = import_portfolio(portfolio, portfolio.clients, workspace=workspace)

    assert (result.created, result.updated) == (1, CLIENTS - 1)
    stored = {c.id: c for c in iter_clients(workspace)}
    assert len(stored) == CLIENTS + 1
    for client in portfolio.clients:  # replaced or added: the file's record, whole
        assert stored[client.id] == client
    assert set(stored) - {c.id for c in portfolio.clients} == {original.id}
    assert stored[original.id] == original
    workspace.refresh_from_db()
    assert workspace.currency == "USD"
    # No row of a replaced record is left over, visible or hidden.
    for model in RECORD_MODELS[1:]:
        assert model._base_manager.count() == model.objects.in_workspace(workspace).count()
    assert not Workspace._base_manager.filter(slug__startswith=HIDDEN_SLUG_MARK).exists()


def test_importing_a_file_twice_changes_nothing_the_second_time(workspace):
    portfolio = load_document(changed(demo()))
    import_portfolio(portfolio, portfolio.clients, workspace=workspace)
    before = snapshot()
    second = import_portfolio(portfolio, portfolio.clients, workspace=workspace)
    assert (second.created, second.updated) == (0, CLIENTS + 1)
    after = snapshot()
    assert after["exports"] == before["exports"]
    assert after["clients"] == before["clients"]


# -- imports at once -----------------------------------------------------------------


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "despedida", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=900
    )


def test_two_imports_into_one_workspace_at_once_each_go_in_whole_and_never_mix(tmp_path):
    env = store_environment(tmp_path / "data")
    base = demo(seed=7, clients=40)
    first = copy.deepcopy(base)
    second = changed(base)
    for client in first["clients"]:
        client["name"] += " (primero)"
    created = run(env, "import", str(write(tmp_path, base, "base.json")))
    assert created.returncode == 0, created.stderr
    slug = re.search("«(.+)»", created.stdout).group(1)

    racing = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "despedida",
                "import",
                str(write(tmp_path, document, f"{n}.json")),
                "--workspace",
                slug,
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, document in enumerate((first, second))
    ]
    outcomes = [(process.wait(timeout=900), process.stderr.read()) for process in racing]
    for process in racing:
        process.stdout.close()
        process.stderr.close()
    assert [code for code, _ in outcomes] == [0, 0], "\n".join(err for _, err in outcomes)

    out = tmp_path / "out.json"
    exported_run = run(env, "export", "--workspace", slug, "--as-of", AS_OF.isoformat(), "--out", str(out))
    assert exported_run.returncode == 0, exported_run.stderr
    clients = json.loads(out.read_text(encoding="utf-8"))["clients"]
    of_first, of_second = (dump_document(load_document(document))["clients"] for document in (first, second))
    # The later swap wins whole: every client it names is its own, no client twice. Only the
    # second file names "cliente-nuevo": when the first swaps last, that client stays as the second left it.
    possible = [of_second, of_first + [c for c in of_second if c["id"] == "cliente-nuevo"]]
    assert sorted(clients, key=lambda c: c["id"]) in [sorted(p, key=lambda c: c["id"]) for p in possible]
    assert run(env, "shell", "-c", HIDDEN).stdout.split()[-1] == "0"


HIDDEN = (
    "from despedida.accounts.models import HIDDEN_SLUG_MARK, Workspace; "
    "print(Workspace._base_manager.filter(slug__startswith=HIDDEN_SLUG_MARK).count())"
)
