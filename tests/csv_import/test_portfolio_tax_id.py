"""`clients[].tax_id` in the portfolio file: optional, read, written only when known, and kept by the store."""

from __future__ import annotations

import io
import json

import pytest

from despedida.clients.record import header_of, iter_clients
from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.reader import load_document
from despedida.core.portfolio.writer import dump_document, write_portfolio
from despedida.portability.importer import import_portfolio

DOCUMENT = {
    "format": "despedida.portfolio/1",
    "business": {"name": "Estudio Norte", "currency": "EUR"},
    "clients": [
        {"id": "acme", "name": "Acme Retail SL", "tax_id": "B12345678"},
        {"id": "zeta", "name": "Zeta"},
    ],
}


def test_a_tax_id_is_read_and_written_back_and_absent_stays_absent():
    portfolio = load_document(DOCUMENT)
    assert [c.tax_id for c in portfolio.clients] == ["B12345678", None]
    written = dump_document(portfolio)["clients"]
    assert written[0]["tax_id"] == "B12345678"
    assert "tax_id" not in written[1]


def test_a_tax_id_that_is_not_text_is_a_problem_with_its_path():
    bad = {**DOCUMENT, "clients": [{"id": "acme", "name": "Acme", "tax_id": 12345678}]}
    with pytest.raises(InputError) as refused:
        load_document(bad)
    assert [str(p) for p in refused.value.problems] == ["clients[0].tax_id: must be a string"]


@pytest.mark.django_db
def test_the_store_keeps_the_tax_id_on_a_round_trip(norte):
    import_portfolio(load_document(DOCUMENT), load_document(DOCUMENT).clients, workspace=norte)
    out = io.StringIO()
    write_portfolio(header_of(norte, None), out, iter_clients(norte))
    clients = json.loads(out.getvalue())["clients"]
    assert {c["id"]: c.get("tax_id") for c in clients} == {"acme": "B12345678", "zeta": None}
