"""`despedida assess FILE`, run as a user would (a subprocess, no database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from despedida.core.portfolio.model import EventType, Portfolio
from despedida.core.portfolio.writer import write_portfolio
from tests.assessment.builders import AS_OF, business, client, event, invoice, on_time_invoices, prospect

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DESPEDIDA_STATELESS", "DESPEDIDA_DATA_DIR")
    }
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "despedida", "assess", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def write(tmp_path: Path, portfolio: Portfolio, name: str = "cartera.json") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as stream:
        write_portfolio(portfolio, stream)
    return path


@pytest.fixture
def cartera(tmp_path) -> Path:
    clients = [
        client("calma", "Calma SL", invoices=on_time_invoices(3)),
        client("deudora", "Deudora SL", invoices=[invoice("F-1", due=45, reminders=(30,))]),
        client("turbia", "Turbia SA", events=[event(EventType.ETHICS_CONCERN, 5)]),
        prospect("nueva", "Nueva SL", events=[event(EventType.DEPOSIT_REFUSED, 2)]),
    ]
    return write(tmp_path, Portfolio(business(), clients, as_of=AS_OF))


def test_it_prints_one_json_document_per_the_contract(cartera, tmp_path):
    result = run(str(cartera), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "despedida.assessment/1"
    assert document["as_of"] == "2026-11-22"
    assert [c["id"] for c in document["clients"]] == ["calma", "deudora", "turbia", "nueva"]
    assert [c["recommendation"] for c in document["clients"]] == ["keep", "protect", "walk_away", "decline"]


def test_it_runs_without_creating_a_store(cartera, tmp_path):
    run(str(cartera), "--format", "json", cwd=tmp_path)
    assert not (tmp_path / "var").exists()


def test_client_selects_one_client(cartera, tmp_path):
    result = run(str(cartera), "--format", "json", "--client", "deudora", cwd=tmp_path)
    assert result.returncode == 0
    clients = json.loads(result.stdout)["clients"]
    assert [c["id"] for c in clients] == ["deudora"]
    assert clients[0]["value"]["revenue_share"] == 0.25


def test_an_unknown_client_exits_2_with_nothing_on_stdout(cartera, tmp_path):
    result = run(str(cartera), "--client", "nadie", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert str(cartera) in result.stderr and "nadie" in result.stderr


def test_as_of_moves_the_day_of_judgement(cartera, tmp_path):
    result = run(str(cartera), "--format", "json", "--as-of", "2027-01-10", "--client", "deudora", cwd=tmp_path)
    document = json.loads(result.stdout)
    assert document["as_of"] == "2027-01-10"
    assert document["clients"][0]["signals"][0]["severity"] == "critical"


@pytest.mark.parametrize("bad", ["2026-13-01", "22/11/2026", "20261122", "mañana"])
def test_a_bad_as_of_exits_2_with_nothing_on_stdout(cartera, tmp_path, bad):
    result = run(str(cartera), "--as-of", bad, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--as-of" in result.stderr


def test_a_bad_file_exits_2_naming_the_file_and_the_json_path(cartera, tmp_path):
    document = json.loads(cartera.read_text(encoding="utf-8"))
    document["clients"][1]["invoices"][0]["due_on"] = "pronto"
    bad = tmp_path / "mala.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = run(str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{bad}: clients[1].invoices[0].due_on: not a date: write YYYY-MM-DD" in result.stderr.splitlines()


def test_a_missing_file_exits_2(tmp_path):
    result = run(str(tmp_path / "no-existe.json"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no-existe.json" in result.stderr


def test_invalid_json_exits_2(tmp_path):
    broken = tmp_path / "rota.json"
    broken.write_text('{"format": "despedida.portfolio/1", "clients": [', encoding="utf-8")
    result = run(str(broken), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""


@pytest.mark.parametrize("args", [[], ["--all", "cartera.json"], ["cartera.json", "--workspace", "norte"]])
def test_usage_errors_exit_2(cartera, tmp_path, args):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""


def test_the_text_report_is_plain_and_most_urgent_first(cartera, tmp_path):
    result = run(str(cartera), cwd=tmp_path)
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout
    headings = [line.split(" (")[0] for line in result.stdout.splitlines() if line and not line.startswith(" ")][2:]
    assert headings == ["Turbia SA", "Nueva SL", "Deudora SL", "Calma SL"]
    assert "Evaluación de Estudio Norte a 22 nov 2026" in result.stdout
    assert "→ 2026-11-22 chase_payment: Reclamar 1.000,00\u00a0€ vencidos" in result.stdout


def test_the_report_speaks_the_business_language(tmp_path):
    path = write(tmp_path, Portfolio(business("en"), [client(invoices=[invoice("F-1", due=45)])], as_of=AS_OF))
    result = run(str(path), cwd=tmp_path)
    assert "Assessment of Estudio Norte as of 22 Nov 2026" in result.stdout
    assert "F-1 overdue, €1,000.00 unpaid since 8 Oct 2026 (45 days ago)" in result.stdout


def test_help_documents_the_options(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in ("--as-of", "--client", "--format", "--all", "--workspace"):
        assert option in result.stdout
