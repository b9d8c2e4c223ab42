"""Streaming a big file client by client gives what reading it whole gives."""

from __future__ import annotations

import io
import json
import sys
import tempfile
import tracemalloc
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from despedida.core.portfolio import jsonstream
from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.jsonguard import Guard
from despedida.core.portfolio.model import Business, Client, Portfolio, TimeEntry, TimeKind
from despedida.core.portfolio.reader import load_document, read_portfolio, stream_portfolio
from despedida.core.portfolio.writer import write_portfolio

from .documents import EXAMPLE, example, minimal
from .strategies import portfolios


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def _stream(path) -> tuple[Portfolio, list[Client]]:
    portfolio, clients = stream_portfolio(path)
    return portfolio, list(clients)


def _stream_problems(path) -> list[str]:
    with pytest.raises(InputError) as error:
        _stream(path)
    return [str(problem) for problem in error.value.problems]


def _as_streamed(portfolio: Portfolio) -> tuple[Portfolio, list[Client]]:
    head = Portfolio(business=portfolio.business, as_of=portfolio.as_of, extra=portfolio.extra)
    return head, portfolio.clients


def test_it_streams_the_example_like_reading_it_whole():
    assert _stream(EXAMPLE) == _as_streamed(read_portfolio(EXAMPLE))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_it_streams_any_written_portfolio_like_reading_it_whole(portfolio):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "cartera.json"
        with path.open("w", encoding="utf-8") as stream:
            write_portfolio(portfolio, stream)

        assert _stream(path) == _as_streamed(portfolio)


def test_it_reads_the_business_when_it_comes_after_the_clients(tmp_path):
    document = example()
    reordered = {"x-generator": "hoja de cálculo", "clients": document.pop("clients"), **document}
    path = _write(tmp_path / "reordered.json", reordered)

    assert list(reordered)[-3:] == ["format", "as_of", "business"]
    assert _stream(path) == _as_streamed(load_document(reordered))


def test_it_keeps_unknown_keys_after_the_clients_once_they_are_read(tmp_path):
    path = _write(tmp_path / "trailer.json", example() | {"x-checksum": "abc123"})

    portfolio, clients = stream_portfolio(path)
    list(clients)

    assert portfolio.extra == {"x-checksum": "abc123"}


def test_it_streams_a_file_without_as_of(tmp_path):
    document = example()
    del document["as_of"]
    path = _write(tmp_path / "undated.json", document)

    portfolio, clients = _stream(path)

    assert portfolio.as_of is None
    assert [client.id for client in clients] == ["acme"]


def test_it_yields_clients_one_at_a_time_before_the_end_of_the_file(tmp_path):
    path = _write(tmp_path / "two.json", minimal(clients=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]))

    _portfolio, clients = stream_portfolio(path)

    assert next(clients).id == "a"
    assert next(clients).id == "b"
    assert next(clients, None) is None


def test_it_reports_every_problem_of_every_client_when_the_clients_run_out(tmp_path):
    clients = [
        {"id": "acme", "name": "Acme", "invoices": [{"id": "F-1", "amount": "100", "due_on": "mañana"}]},
        {"id": "beta", "name": "Beta"},
        {"id": "acme", "name": "Otra Acme"},
    ]
    path = _write(tmp_path / "bad.json", minimal(clients=clients))

    _portfolio, streamed = stream_portfolio(path)

    assert next(streamed).id == "beta"  # the good client comes through; the bad ones do not
    with pytest.raises(InputError) as error:
        next(streamed)
    assert error.value.lines() == [
        f"{path}: clients[0].invoices[0].due_on: not a date: write YYYY-MM-DD",
        f'{path}: clients[2].id: duplicate id "acme"',
    ]


def test_it_reports_a_broken_business_at_once_with_the_problems_of_the_clients(tmp_path):
    document = minimal(business={"name": "Sin moneda"}, clients=[{"id": "acme"}])
    path = _write(tmp_path / "bad.json", document)

    assert _stream_problems(path) == problems_read_whole(document)
    assert _stream_problems(path) == ["business.currency: required", "clients[0].name: required"]


def problems_read_whole(document: dict) -> list[str]:
    try:
        load_document(document)
    except InputError as error:
        return [str(problem) for problem in error.problems]
    return []


def test_it_reports_clients_that_are_not_a_list(tmp_path):
    path = _write(tmp_path / "bad.json", minimal(clients={"acme": {}}))

    assert _stream_problems(path) == ["clients: must be a list"]


def test_it_streams_a_file_without_clients(tmp_path):
    document = minimal()
    del document["clients"]

    portfolio, clients = _stream(_write(tmp_path / "empty.json", document))

    assert clients == [] and portfolio.business.currency == "EUR"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file, not JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file, not JSON text"),
        (b"[1, 2]", "the top level must be a JSON object"),
        (b'{"business": {"name": "\xd1and\xfa"}}', "not UTF-8 text (byte 0xd1 at offset 23)"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_portfolio_at_once(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)

    with pytest.raises(InputError) as error:
        stream_portfolio(path)

    assert error.value.lines() == [f"{path}: {message}"]


def test_it_refuses_a_file_that_does_not_exist(tmp_path):
    with pytest.raises(InputError) as error:
        stream_portfolio(tmp_path / "missing.json")

    assert error.value.lines() == [f"{tmp_path / 'missing.json'}: no such file"]


def _whole_file_lines(path) -> list[str]:
    try:
        read_portfolio(path)
    except InputError as error:
        return error.lines()
    return []


def test_it_points_at_invalid_json_in_the_middle_of_the_clients(tmp_path):
    path = tmp_path / "cut.json"
    text = json.dumps(minimal(clients=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]), indent=2)
    path.write_text(text.replace('"id": "b",', '"id": "b"'))

    with pytest.raises(InputError) as error:
        _stream(path)

    assert error.value.lines() == [f"{path}: line 13 column 7: invalid JSON: Expecting ',' delimiter"]
    assert error.value.lines() == _whole_file_lines(path)


def test_it_refuses_anything_after_the_document(tmp_path):
    path = tmp_path / "two.json"
    path.write_text(json.dumps(minimal()) + "\n{}")

    with pytest.raises(InputError) as error:
        _stream(path)

    assert error.value.lines() == [f"{path}: line 2 column 1: invalid JSON: Extra data"]


_CORRUPTIONS = st.sampled_from(["", ",", "}", "]", "{", '"', ":", "x", "1", "\\", "\n", "ñ", " "])


@settings(max_examples=300, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=EXAMPLE.stat().st_size),
    cut=st.integers(min_value=0, max_value=3),
    insert=_CORRUPTIONS,
    block_size=st.sampled_from([1, 2, 3, 7, 64, 1 << 20]),
)
def test_it_reports_what_reading_the_whole_file_reports(position, cut, insert, block_size):
    """GIVEN the example with a few characters cut or added anywhere
    WHEN it is streamed in blocks of any size
    THEN the result, or every error line, is that of reading it whole."""
    text = EXAMPLE.read_text(encoding="utf-8")
    corrupted = text[:position] + insert + text[position + cut :]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "cartera.json"
        path.write_text(corrupted, encoding="utf-8")
        with mock.patch.object(jsonstream, "BLOCK_SIZE", block_size):
            try:
                streamed = _stream(path)
            except InputError as error:
                assert error.lines() == _whole_file_lines(path)
            else:
                assert streamed == _as_streamed(read_portfolio(path))


class _OneByteAtATime(io.BytesIO):
    """A file that gives one byte per read, whatever is asked (a slow pipe)."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read(1)


@pytest.mark.parametrize("number", ["0.00", "12.5", "-3", "1e5", "2.5E-3", "1250.50"])
def test_a_number_that_the_end_of_a_read_cuts_is_read_whole(number):
    """A read that stops after "0." of "0.00": the stream reads on instead of taking 0
    and stumbling on the "." (found by the property test below)."""
    document = f'{{"x-rate": {number}, "x-next": true}}'.encode()
    stream = jsonstream.ObjectStream(_OneByteAtATime(document), Guard())
    entries, has_array = stream.entries_until("clients")
    assert has_array is False
    assert entries == json.loads(document, parse_float=Decimal)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(), st.sampled_from([1, 5, 64]))
def test_it_streams_a_file_read_in_tiny_blocks(portfolio, block_size):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "cartera.json"
        with path.open("w", encoding="utf-8") as stream:
            write_portfolio(portfolio, stream)
        with mock.patch.object(jsonstream, "BLOCK_SIZE", block_size):
            assert _stream(path) == _as_streamed(portfolio)


def test_it_streams_stdin_by_reading_it_whole(monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes()), encoding="utf-8"))

    assert _stream("-") == _as_streamed(load_document(example()))


def _peak_memory_streaming(path: Path) -> int:
    tracemalloc.start()
    try:
        _portfolio, clients = stream_portfolio(path)
        for _client in clients:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_it_streams_in_memory_that_does_not_grow_with_the_file(tmp_path):
    """GIVEN files of 40 and 240 clients with 300 time entries each (2 and 12 MB)
    WHEN each is streamed client by client
    THEN the bigger file needs about the same memory as the small one."""
    import datetime as dt
    from decimal import Decimal

    def client(number: int) -> Client:
        day = dt.date(2025, 1, 1)
        entries = [
            TimeEntry(
                on=day + dt.timedelta(days=n), hours=Decimal("1.5"), kind=TimeKind.WORK, note="Revisión de maqueta"
            )
            for n in range(300)
        ]
        return Client(id=f"c{number}", name=f"Cliente {number}", time=entries)

    peaks = []
    for count in (40, 240):
        path = tmp_path / f"{count}.json"
        with path.open("w", encoding="utf-8") as stream:
            write_portfolio(Portfolio(business=Business(currency="EUR")), stream, clients=map(client, range(count)))
        peaks.append(_peak_memory_streaming(path))

    small, big = peaks
    assert big < small * 1.5
    assert big < (tmp_path / "240.json").stat().st_size / 2
