"""Hypothesis throws mutated, hostile files at the reader: it refuses them by path or reads them, never crashes.

GIVEN a valid portfolio file with one to three mutations (tests/portfolio/hostile_json.py)
WHEN it is read whole and streamed
THEN both refuse it with the same problems, each a single printable line
     with a known code, or both read the same portfolio; no other exception.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.model import Portfolio
from despedida.core.portfolio.problems import MESSAGES
from despedida.core.portfolio.reader import read_portfolio, stream_portfolio

from .hostile_json import hostile_files


def _read_whole(path: Path):
    try:
        portfolio = read_portfolio(path)
    except InputError as error:
        return error
    return Portfolio(business=portfolio.business, as_of=portfolio.as_of, extra=portfolio.extra), portfolio.clients


def _read_streamed(path: Path):
    try:
        head, clients = stream_portfolio(path)
        return head, list(clients)
    except InputError as error:
        return error


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_files())
def test_a_hostile_file_is_refused_by_path_or_read_the_same_whole_or_streamed(text):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "cartera.json"
        path.write_text(text, encoding="utf-8")
        whole = _read_whole(path)
        streamed = _read_streamed(path)

    if not isinstance(whole, InputError):
        assert streamed == whole
        return
    assert isinstance(streamed, InputError), "refused whole, accepted streamed"
    for error in (whole, streamed):
        for problem in error.problems:
            assert problem.code in MESSAGES
            assert problem.message == MESSAGES[problem.code] % dict(problem.params)
        for line in error.lines():
            assert line.startswith(f"{path}: ")
            assert "\n" not in line and "\r" not in line
            line.encode("utf-8")  # prints on any terminal: no lone surrogate
    # Repeated "clients" keys: the whole read keeps the last list, the stream the first.
    if not any(problem.path == "clients" and problem.code == "duplicate_key" for problem in whole.problems):
        assert sorted(whole.lines()) == sorted(streamed.lines())
