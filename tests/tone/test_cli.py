"""`despedida tone FILE|- [--lang] [--kind] [--format text|json|sarif]`, run as
a user runs it: exit 0 clean, 1 errors or missing elements, 2 bad input
with one line on stderr naming the file and nothing on stdout."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.console import run_despedida

CLEAN_ES = (
    "Hola, Lucía:\n\nGracias por estos meses. El proyecto queda cerrado y te envío los archivos.\n\nUn saludo,\nIrene\n"
)
RUDE_ES = "Hola:\n\nUsted nunca paga a tiempo y es un incompetente.\n"
TERMINATION_MISSING_DATE = (
    "Hola:\n\nHe decidido dar por terminada nuestra colaboración. Te enviaré los archivos.\n\nUn saludo.\n"
)


def console_script(*args, stdin: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    """`despedida tone ARGS` in a process of its own, exactly as a user starts it."""
    return subprocess.run(
        [sys.executable, "-m", "despedida", "tone", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
    )


def despedida_tone(*args, stdin: bytes = b"") -> subprocess.CompletedProcess:
    """The same entry point run in this process (tests/console.py)."""
    return run_despedida("tone", *args, stdin=stdin)


@pytest.fixture
def letter(tmp_path):
    def write(content: str | bytes, name: str = "carta.txt"):
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


def test_a_clean_letter_exits_0_with_a_readable_summary(letter, tmp_path):
    result = console_script(str(letter(CLEAN_ES)), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "carta.txt: 0 errors, 0 warnings, 0 notes; 0 missing elements (es;" in out
    assert not (tmp_path / "var").exists()  # a file-only command writes nothing


def test_an_error_finding_exits_1_and_the_text_format_shows_line_and_column(letter):
    path = letter(RUDE_ES)
    result = despedida_tone(str(path))
    assert result.returncode == 1, result.stderr
    out = result.stdout.decode()
    assert f"{path}:3:1: error [es.absolute.you_never] «Usted nunca»" in out
    assert "→ " in out  # the suggestion


def test_a_missing_element_alone_exits_1(letter):
    result = despedida_tone(str(letter(TERMINATION_MISSING_DATE)), "--kind", "termination", "--format", "json")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["findings"] == []
    assert [m["element"] for m in document["missing"]] == ["effective_date"]


def test_warnings_alone_exit_0(letter):
    result = despedida_tone(str(letter("Por medio de la presente te escribo. Un saludo.")), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [f["severity"] for f in json.loads(result.stdout)["findings"]] == ["warning"]


def test_json_output_is_exactly_the_contract_document(letter):
    result = despedida_tone(str(letter(RUDE_ES)), "--kind", "termination", "--format", "json")
    document = json.loads(result.stdout)
    assert set(document) == {"format", "lang", "kind", "findings", "missing", "stats"}
    assert (document["format"], document["lang"], document["kind"]) == ("despedida.tone/1", "es", "termination")
    finding = document["findings"][0]
    assert set(finding) == {
        "rule",
        "category",
        "severity",
        "start",
        "end",
        "line",
        "column",
        "excerpt",
        "message",
        "suggestion",
    }
    assert RUDE_ES[finding["start"] : finding["end"]] == finding["excerpt"]
    assert set(document["stats"]) == {"words", "sentences"}
    assert all(set(m) == {"element", "message"} for m in document["missing"])


def test_stdin_is_read_with_a_dash():
    result = console_script("-", "--lang", "en", "--format", "json", stdin=b"You are a liar.\n")
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["findings"][0]["rule"] == "en.attack.insult"


def test_offsets_of_a_file_with_a_byte_order_mark_point_at_the_same_characters(letter):
    path = letter("\ufeff" + RUDE_ES)
    document = json.loads(despedida_tone(str(path), "--format", "json").stdout)
    text = path.read_bytes().decode("utf-8")
    assert all(text[f["start"] : f["end"]] == f["excerpt"] for f in document["findings"])


def check_sarif(log: dict) -> None:
    """The parts of SARIF 2.1.0 the checker produces, with the spec's required keys and values."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert isinstance(driver["name"], str) and driver["name"]
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"none", "note", "warning", "error"}
    assert run["columnKind"] in {"utf16CodeUnits", "unicodeCodePoints"}
    for result in run["results"]:
        assert result["message"]["text"]
        assert result["level"] in {"none", "note", "warning", "error"}
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"]
            region = physical.get("region")
            if region:
                assert region["startLine"] >= 1 and region["startColumn"] >= 1
                assert region["endLine"] >= region["startLine"]
                assert region["charOffset"] >= 0 and region["charLength"] >= 0


def test_sarif_output_is_a_valid_sarif_2_1_0_log_with_the_rules_and_regions(letter):
    path = letter("Hola 😀:\n\nUsted nunca paga a tiempo y es un incompetente!!!\n")
    result = despedida_tone(str(path), "--kind", "termination", "--format", "sarif")
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    check_sarif(log)
    run = log["runs"][0]
    assert {"es.attack.insult", "es.length.letter_too_long", "es.missing.handover"} <= {
        r["id"] for r in run["tool"]["driver"]["rules"]
    }
    text = path.read_text(encoding="utf-8")
    located = [r for r in run["results"] if "region" in r["locations"][0]["physicalLocation"]]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["es.attack.insult"] == "error" and levels["es.missing.handover"] == "error"
    for result_ in located:
        region = result_["locations"][0]["physicalLocation"]["region"]
        start = region["charOffset"]
        assert text[start : start + region["charLength"]] == region["snippet"]["text"]
        assert region["startLine"] == text.count("\n", 0, start) + 1
    insult = next(r for r in located if r["ruleId"] == "es.attack.insult")["locations"][0]["physicalLocation"]["region"]
    assert (insult["startLine"], insult["startColumn"]) == (3, text.splitlines()[2].index("incompetente") + 1)


def test_a_clean_letter_gives_a_sarif_log_without_results(letter):
    log = json.loads(despedida_tone(str(letter(CLEAN_ES)), "--format", "sarif").stdout)
    check_sarif(log)
    assert log["runs"][0]["results"] == []


@pytest.mark.parametrize(
    ("content", "args", "reason"),
    [
        ("", (), "the text is empty"),
        (" \n\t\n", (), "the text is empty"),
        (b"Hola\x00mundo", (), "binary input"),
        (b"Hola \xff\xfe mundo", (), "not UTF-8"),
        ("Hola", ("--lang", "fr"), "unknown language code 'fr'"),
        ("Hola", ("--kind", "farewell"), "unknown kind 'farewell'"),
        ("Hola", ("--format", "xml"), "unknown format 'xml'"),
    ],
    ids=["empty", "blank", "nul-byte", "not-utf8", "bad-lang", "bad-kind", "bad-format"],
)
def test_bad_input_exits_2_with_one_line_naming_the_file_and_nothing_on_stdout(letter, content, args, reason):
    path = letter(content)
    result = despedida_tone(str(path), *args)
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: ") and reason in lines[0]


def test_a_missing_file_exits_2_naming_it(tmp_path):
    missing = tmp_path / "nope.txt"
    result = despedida_tone(str(missing))
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode().strip() == f"{missing}: cannot read: No such file or directory"


def test_a_directory_instead_of_a_file_exits_2(tmp_path):
    result = despedida_tone(str(tmp_path))
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode().startswith(f"{tmp_path}: cannot read")


def test_empty_stdin_exits_2_naming_stdin():
    result = despedida_tone("-", stdin=b"")
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode().strip() == "<stdin>: the text is empty"


def test_a_usage_error_is_one_line_on_stderr():
    result = console_script()
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode().splitlines() == ["despedida tone: the following arguments are required: FILE"]
