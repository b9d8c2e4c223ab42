"""Reading a whole file: paths, stdin and streams, and files that are not portfolios."""

from __future__ import annotations

import io
import sys

import pytest

from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.reader import load_document, read_portfolio

from .documents import EXAMPLE, example


def _error_lines(source, **kwargs) -> list[str]:
    with pytest.raises(InputError) as error:
        read_portfolio(source, **kwargs)
    return error.value.lines()


def test_it_reads_a_file_by_path(tmp_path):
    path = tmp_path / "cartera.json"
    path.write_bytes(EXAMPLE.read_bytes())

    assert read_portfolio(path) == read_portfolio(str(path)) == load_document(example())


def test_it_reads_stdin_when_the_path_is_a_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes()), encoding="utf-8"))

    assert read_portfolio("-") == load_document(example())


def test_it_reads_stdin_as_utf8_whatever_the_locale(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes()), encoding="ascii"))

    assert read_portfolio(sys.stdin, name="-").clients[0].contact.name == "Laura Gómez"


def test_it_reads_text_and_binary_streams():
    text = EXAMPLE.read_text(encoding="utf-8")

    assert read_portfolio(io.StringIO(text)) == read_portfolio(io.BytesIO(text.encode())) == load_document(example())


def test_it_reads_a_file_that_starts_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "windows.json"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())

    assert read_portfolio(path) == load_document(example())


def test_it_names_the_file_in_every_problem(tmp_path):
    path = tmp_path / "cartera.json"
    path.write_text('{"format": "despedida.portfolio/1", "as_of": "hoy", "business": {"currency": "euro"}}')

    assert _error_lines(path) == [
        f"{path}: as_of: not a date: write YYYY-MM-DD",
        f"{path}: business.currency: not a currency code: write a three-letter ISO 4217 code such as EUR",
    ]


def test_it_uses_the_name_it_is_given_for_a_stream():
    assert _error_lines(io.StringIO("[]"), name="subida.json") == ["subida.json: the top level must be a JSON object"]


def test_it_calls_stdin_by_a_readable_name(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{"), encoding="utf-8"))

    assert _error_lines("-")[0].startswith("<stdin>: line 1 column 2: invalid JSON")


def test_it_refuses_a_file_that_does_not_exist(tmp_path):
    path = tmp_path / "missing.json"

    assert _error_lines(path) == [f"{path}: no such file"]


def test_it_refuses_a_directory(tmp_path):
    assert _error_lines(tmp_path) == [f"{tmp_path}: is a directory, not a file"]


def test_it_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"business": {"name": "Estudio Ñandú"}}'.encode("latin-1"))

    assert _error_lines(path) == [f"{path}: not UTF-8 text (byte 0xd1 at offset 31)"]


def test_it_refuses_a_binary_file(tmp_path):
    path = tmp_path / "cartera.json.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")

    assert _error_lines(path) == [f"{path}: binary file, not JSON text"]


def test_it_refuses_an_empty_file(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("\n  \n")

    assert _error_lines(path) == [f"{path}: empty file, not JSON"]


def test_it_points_at_the_line_and_column_of_invalid_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "despedida.portfolio/1",\n  "as_of" "2026-11-22"\n}\n')

    assert _error_lines(path) == [f"{path}: line 3 column 11: invalid JSON: Expecting ':' delimiter"]


def test_it_refuses_nan_which_is_not_json(tmp_path):
    path = tmp_path / "nan.json"
    path.write_text('{"business": {"currency": "EUR", "target_hourly_rate": NaN}}')

    assert _error_lines(path) == [f"{path}: invalid JSON: NaN is not a JSON number"]


def test_it_refuses_a_top_level_that_is_not_an_object(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[]")

    assert _error_lines(path) == [f"{path}: the top level must be a JSON object"]


def test_it_reads_json_numbers_as_decimals_never_floats():
    text = '{"format": "despedida.portfolio/1", "business": {"currency": "EUR", "target_hourly_rate": 45.10}}'

    rate = read_portfolio(io.StringIO(text)).business.target_hourly_rate

    assert str(rate) == "45.10"
