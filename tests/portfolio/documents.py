"""Small documents to start tests from, and a helper to read their problems."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.reader import load_document

EXAMPLE = Path(__file__).with_name("example.json")


def example() -> dict:
    """The example document of the format's specification."""
    return json.loads(EXAMPLE.read_text(encoding="utf-8"), parse_float=Decimal)


def minimal(**clients_and_keys) -> dict:
    """The smallest valid document; keyword arguments replace top-level keys."""
    document = {
        "format": "despedida.portfolio/1",
        "business": {"currency": "EUR"},
        "clients": [],
    }
    document.update(clients_and_keys)
    return document


def with_client(**fields) -> dict:
    """A document with one client "acme" that has one project "web"."""
    client = {"id": "acme", "name": "Acme", "projects": [{"id": "web", "name": "Tienda"}]}
    client.update(fields)
    return minimal(clients=[client])


def problems(document: dict) -> list[str]:
    """The problems a reader reports, as `path: message` lines (none: [])."""
    try:
        load_document(copy.deepcopy(document))
    except InputError as error:
        return [str(problem) for problem in error.problems]
    return []
