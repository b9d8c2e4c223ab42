"""`despedida letter FILE --client ID --kind KIND [--lang] [--as-of]`: prints the
draft from the file alone; bad input is one line on stderr, exit 2, no stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.console import run_despedida
from tests.letters.personas import document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def portfolio_file(tmp_path):
    path = tmp_path / "cartera.json"
    path.write_text(json.dumps(document()), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = run_despedida("letter", *args)
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def test_it_prints_the_subject_line_a_blank_line_and_the_body(portfolio_file):
    code, out, err = run(str(portfolio_file), "--client", "acme", "--kind", "termination")

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Asunto: Fin de la colaboración en el proyecto «Tienda online»"
    assert lines[1] == ""
    assert lines[2] == "Hola, Laura:"
    assert "31 de julio de 2026" in out


def test_it_writes_in_the_language_asked_for(portfolio_file):
    code, out, _ = run(str(portfolio_file), "--client", "acme", "--kind", "checkin", "--lang", "en")

    assert code == 0
    assert out.startswith("Subject: Checking in on the “Tienda online” project\n\nDear Laura,")


def test_it_writes_as_of_the_date_given(portfolio_file):
    code, out, _ = run(str(portfolio_file), "--client", "acme", "--kind", "payment_reminder", "--as-of", "2026-06-30")

    assert code == 0
    assert "(29 días de retraso)" in out


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--client", "zeta", "--kind", "termination"], "clients: no client with id 'zeta'"),
        (["--client", "acme", "--kind", "farewell"], "invalid choice: 'farewell'"),
        (["--client", "acme", "--kind", "termination", "--lang", "fr"], "invalid choice: 'fr'"),
        (["--client", "acme", "--kind", "termination", "--as-of", "22/11/2026"], "not a date"),
        (["--client", "dune", "--kind", "formal_demand"], "no overdue invoice"),
        (["--client", "cobalt", "--kind", "payment_reminder"], "no unpaid invoice"),
        (["--client", "bloom", "--kind", "formal_demand", "--as-of", "2031-02-01"], "2026-H2"),
    ],
)
def test_it_refuses_bad_input_with_one_line_and_exit_2(portfolio_file, args, reason):
    code, out, err = run(str(portfolio_file), *args)

    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert reason in err


def test_it_refuses_a_missing_file(tmp_path):
    missing = tmp_path / "nada.json"
    code, out, err = run(str(missing), "--client", "acme", "--kind", "termination")

    assert (code, out) == (2, "")
    assert err.startswith(f"{missing}: ") and err.count("\n") == 1


def test_it_refuses_a_file_that_is_not_json(tmp_path):
    bad = tmp_path / "mala.json"
    bad.write_text('{"format": 3', encoding="utf-8")

    code, out, err = run(str(bad), "--client", "acme", "--kind", "termination")

    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}: ")


def test_it_names_the_json_path_of_a_bad_value(tmp_path):
    doc = document()
    doc["clients"][0]["invoices"][1]["due_on"] = "soon"
    bad = tmp_path / "mala.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")

    code, out, err = run(str(bad), "--client", "acme", "--kind", "termination")

    assert (code, out) == (2, "")
    assert "clients[0].invoices[1].due_on" in err


def console(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "despedida", "letter", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        input=stdin,
    )


def test_the_console_script_prints_a_draft_and_exits_0(portfolio_file):
    result = console(str(portfolio_file), "--client", "bloom", "--kind", "formal_demand")

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Subject: Payment demand: 2 overdue invoices\n\n")


def test_the_console_script_reads_standard_input():
    result = console("-", "--client", "acme", "--kind", "closing", stdin=json.dumps(document()))

    assert result.returncode == 0
    assert result.stdout.startswith("Asunto: Cierre del proyecto «Tienda online»")


def test_the_console_script_exits_2_with_nothing_on_stdout_for_an_unknown_kind(portfolio_file):
    result = console(str(portfolio_file), "--client", "acme", "--kind", "goodbye")

    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1


def test_the_console_script_lists_the_kinds():
    result = console("--help")

    assert result.returncode == 0
    assert "formal_demand" in result.stdout and "--lang" in result.stdout and "--as-of" in result.stdout
