"""`despedida plan FILE --client ID [--as-of DATE] [--format text|json]` (cli.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.console import run_despedida

ROOT = Path(__file__).resolve().parents[2]

PORTFOLIO = {
    "format": "despedida.portfolio/1",
    "as_of": "2026-11-22",
    "business": {"name": "Estudio Norte", "currency": "EUR", "language": "es", "payment_terms_days": 30},
    "clients": [
        {
            "id": "acme",
            "name": "Acme Retail SL",
            "contract": {"signed_on": "2026-02-01", "scope_defined": True, "notice_days": 30},
            "projects": [
                {
                    "id": "web",
                    "name": "Tienda online",
                    "status": "active",
                    "fee_type": "fixed",
                    "fee": "8000.00",
                    "milestones": [
                        {"name": "Diseño", "due_on": "2026-09-01", "delivered_on": "2026-09-01"},
                        {"name": "Desarrollo", "due_on": "2026-12-15", "delivered_on": None},
                    ],
                }
            ],
            "invoices": [
                {
                    "id": "F-1",
                    "project": "web",
                    "issued_on": "2026-02-02",
                    "due_on": "2026-03-04",
                    "amount": "2400.00",
                    "currency": "EUR",
                    "payments": [{"on": "2026-03-01", "amount": "2400.00"}],
                },
                {
                    "id": "F-2",
                    "project": "web",
                    "issued_on": "2026-09-02",
                    "due_on": "2026-10-02",
                    "amount": "600.00",
                    "currency": "EUR",
                    "payments": [],
                },
            ],
        },
        {"id": "nadie", "name": "Nadie SA"},
    ],
}


@pytest.fixture(autouse=True)
def stateless(monkeypatch):
    monkeypatch.setenv("DESPEDIDA_STATELESS", "true")


@pytest.fixture
def portfolio_file(tmp_path) -> Path:
    path = tmp_path / "cartera.json"
    path.write_text(json.dumps(PORTFOLIO, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = run_despedida("plan", *args)
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def test_it_prints_the_plan_as_one_json_document(portfolio_file):
    code, out, err = run(str(portfolio_file), "--client", "acme", "--format", "json")

    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["format"] == "despedida.plan/1"
    assert document["client"] == "acme"
    assert (document["as_of"], document["notice_on"]) == ("2026-11-22", "2026-11-23")
    assert (document["last_work_on"], document["handover_until"]) == ("2026-12-23", "2027-01-06")
    assert {k: document["final_invoice"][k] for k in ("amount", "currency", "due_on")} == {
        "amount": "1600.00",
        "currency": "EUR",
        "due_on": "2027-01-22",
    }
    assert document["steps"][:2] == [
        {"on": "2026-11-22", "action": "draft_letter", "optional": False},
        {"on": "2026-11-22", "action": "review", "optional": True},
    ]
    assert "lessons_learned" in document["checklist"]


def test_it_prints_a_readable_plan_in_the_business_language(portfolio_file):
    code, out, err = run(str(portfolio_file), "--client", "acme")

    assert (code, err) == (0, "")
    assert out.startswith("Plan de salida: Acme Retail SL (acme), a 2026-11-22\n")
    assert "Último día de trabajo: 2026-12-23 (al cumplirse el preaviso de 30 días del contrato)" in out
    assert "Factura final: 1600.00 EUR, emitida el 2026-12-23, vence el 2027-01-22" in out
    assert "  2026-11-23  Enviar la carta" in out


def test_it_plans_as_of_the_date_given(portfolio_file):
    code, out, _ = run(str(portfolio_file), "--client", "acme", "--as-of", "2026-12-01", "--format", "json")

    assert code == 0
    assert json.loads(out)["notice_on"] == "2026-12-02"


def test_it_plans_a_client_with_nothing_on_record(portfolio_file):
    code, out, _ = run(str(portfolio_file), "--client", "nadie", "--format", "json")

    document = json.loads(out)
    assert code == 0
    assert document["final_invoice"] is None
    assert {"no_projects", "no_invoices", "nothing_owed"} <= {n["code"] for n in document["notes"]}


def test_it_refuses_an_unknown_client_with_one_line_and_exit_2(portfolio_file):
    code, out, err = run(str(portfolio_file), "--client", "zeta")

    assert (code, out) == (2, "")
    assert err == f"{portfolio_file}: clients: no client with id 'zeta'\n"


def test_it_refuses_a_bad_date_with_one_line_and_exit_2(portfolio_file):
    code, out, err = run(str(portfolio_file), "--client", "acme", "--as-of", "22/11/2026")

    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not a date" in err and "22/11/2026" in err


def test_it_refuses_a_missing_client_option_with_one_line_and_exit_2(portfolio_file):
    code, out, err = run(str(portfolio_file))

    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "--client" in err


def test_it_refuses_a_file_that_is_not_json_naming_the_file(tmp_path):
    bad = tmp_path / "roto.json"
    bad.write_text("{not json", encoding="utf-8")

    code, out, err = run(str(bad), "--client", "acme")

    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}")


def test_it_refuses_a_file_that_does_not_exist(tmp_path):
    code, out, err = run(str(tmp_path / "no-such.json"), "--client", "acme")

    assert (code, out) == (2, "")
    assert err.startswith(str(tmp_path / "no-such.json"))


def test_it_lists_every_problem_of_a_bad_file_by_json_path(tmp_path):
    bad = tmp_path / "mala.json"
    bad.write_text(json.dumps({"format": "despedida.portfolio/1", "business": {}, "clients": [{"id": 1}]}))

    code, out, err = run(str(bad), "--client", "acme")

    assert (code, out) == (2, "")
    assert f"{bad}: business.currency: required" in err.splitlines()
    assert all(line.startswith(f"{bad}: ") for line in err.splitlines())


def console(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "despedida", "plan", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        input=stdin,
    )


def test_the_console_script_prints_the_plan_and_exits_0(portfolio_file):
    result = console(str(portfolio_file), "--client", "acme", "--format", "json")

    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["last_work_on"] == "2026-12-23"


def test_the_console_script_reads_standard_input():
    result = console("-", "--client", "nadie", "--format", "json", stdin=json.dumps(PORTFOLIO))

    assert result.returncode == 0
    assert json.loads(result.stdout)["client"] == "nadie"


def test_the_console_script_exits_2_with_nothing_on_stdout_for_an_unknown_client(portfolio_file):
    result = console(str(portfolio_file), "--client", "zeta")

    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"{portfolio_file}: clients: no client with id 'zeta'\n"


def test_the_console_script_lists_the_plan_options():
    result = subprocess.run(
        [sys.executable, "-m", "despedida", "plan", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0
    assert "--client" in result.stdout and "--as-of" in result.stdout and "--format" in result.stdout
