"""Nothing is lost between the file and the dataclasses, in either direction."""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from despedida.core.portfolio.decode import Decoder
from despedida.core.portfolio.reader import load_document, read_portfolio
from despedida.core.portfolio.writer import dump_document, iter_json_chunks

from .documents import example
from .strategies import portfolios


def test_the_example_of_the_format_round_trips():
    portfolio = load_document(example())
    document = dump_document(portfolio)

    assert load_document(document) == portfolio
    assert dump_document(load_document(document)) == document


# Drawing a portfolio takes a while on a busy machine: that is no failure.
RELAXED = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@RELAXED
@given(portfolios())
def test_a_portfolio_reads_back_as_written(portfolio):
    assert load_document(dump_document(portfolio)) == portfolio


@RELAXED
@given(portfolios())
def test_a_canonical_document_is_written_back_as_read(portfolio):
    document = json.loads("".join(iter_json_chunks(portfolio)), parse_float=Decimal)

    assert document == dump_document(portfolio)
    assert dump_document(load_document(document)) == document


@RELAXED
@given(portfolios())
def test_a_written_file_reads_back_whole(portfolio):
    text = "".join(iter_json_chunks(portfolio))

    assert read_portfolio(io.StringIO(text)) == portfolio
    assert read_portfolio(io.BytesIO(text.encode("utf-8"))) == portfolio


# Values a careless file might hold in the busiest rows, valid or not.
_JUNK = st.one_of(st.none(), st.booleans(), st.integers(-1, 1), st.just([]), st.just({}), st.text(max_size=2))
_DATES = st.one_of(st.sampled_from(["2025-01-01", "2025-03-10", "2025-02-30", "10/03/2025"]), _JUNK)
_AMOUNTS = st.one_of(st.sampled_from(["1", "0.5", "6.00", "-1", "NaN", "1_0"]), _JUNK)


def _row(**fields) -> st.SearchStrategy:
    """A row with some of `fields`, sometimes an unknown key, sometimes not an object."""
    rows = st.fixed_dictionaries({}, optional=fields)
    with_unknown = st.builds(lambda row: {**row, "x-extra": 1}, rows)
    return st.one_of(rows, rows, with_unknown, _JUNK)


_MESSY_CLIENTS = st.fixed_dictionaries(
    {
        "name": st.just("Acme"),
        "projects": st.just([{"id": "web", "name": "Web", "milestones": []}]),
        "time": st.lists(
            _row(
                on=_DATES,
                hours=_AMOUNTS,
                kind=st.one_of(st.sampled_from(["work", "chasing", "travel"]), _JUNK),
                project=st.one_of(st.sampled_from(["web", "app"]), _JUNK),
                note=st.one_of(st.text(max_size=3), _JUNK),
            ),
            max_size=4,
        ),
        "messages": st.lists(
            _row(
                at=st.one_of(st.sampled_from(["2025-06-01T10:00:00Z", "2025-06-01T10:00:00"]), _JUNK),
                direction=st.one_of(st.sampled_from(["in", "out", "inbound"]), _JUNK),
                subject=st.one_of(st.text(max_size=3), _JUNK),
                body=st.one_of(st.text(max_size=3), _JUNK),
                needs_reply=_JUNK,
            ),
            max_size=4,
        ),
        "invoices": st.lists(
            st.fixed_dictionaries(
                {"id": st.sampled_from(["F-1", "F-2"]), "amount": _AMOUNTS},
                optional={"payments": st.lists(_row(on=_DATES, amount=_AMOUNTS), max_size=3)},
            ),
            max_size=2,
        ),
    }
)


@settings(max_examples=300)
@given(_MESSY_CLIENTS)
def test_a_row_reads_the_same_whether_its_values_were_met_before(client):
    """GIVEN a client whose rows mix good and bad values
    WHEN it is read by a reader that has already read the same values
    THEN the result and the problems are those of a fresh reader.

    (Values met before are looked up, not checked again: that shortcut
    must never change what is accepted or reported.)"""
    client["projects"][0]["milestones"] = [{"name": "Diseño", "due_on": "2025-01-01"}]
    fresh = Decoder()
    expected = fresh.client({**copy.deepcopy(client), "id": "acme"}, 1)

    warm = Decoder()
    warm.client({**copy.deepcopy(client), "id": "warm-up"}, 0)
    already = len(warm.problems)
    result = warm.client({**copy.deepcopy(client), "id": "acme"}, 1)

    assert result == expected
    assert warm.problems[already:] == fresh.problems
