"""Our fields for each kind of file: what a column can be mapped to, and of what type.

A mapping (a preset, a `--map` file or the web mapper) names, for some of
these fields, the file's column that holds it. `REQUIRED` lists, per kind,
groups of fields of which at least one must be mapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    INVOICES = "invoices"
    PAYMENTS = "payments"
    TIME = "time"


class Type(StrEnum):
    TEXT = "text"
    DATE = "date"
    AMOUNT = "amount"
    HOURS = "hours"
    CURRENCY = "currency"
    STATUS = "status"
    DATES = "dates"  # several dates in one cell, as reminder dates


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: Type


def _fields(*pairs: tuple[str, Type]) -> dict[str, Field]:
    return {name: Field(name, kind) for name, kind in pairs}


FIELDS: dict[Kind, dict[str, Field]] = {
    Kind.INVOICES: _fields(
        ("number", Type.TEXT),
        ("client", Type.TEXT),
        ("tax_id", Type.TEXT),
        ("issued_on", Type.DATE),
        ("due_on", Type.DATE),
        ("total", Type.AMOUNT),  # the total due, tax included
        ("subtotal", Type.AMOUNT),  # before tax
        ("tax", Type.AMOUNT),
        ("line_total", Type.AMOUNT),  # one line of an invoice spread over several rows
        ("paid_amount", Type.AMOUNT),
        ("balance", Type.AMOUNT),  # still due
        ("paid_on", Type.DATE),
        ("status", Type.STATUS),
        ("currency", Type.CURRENCY),
        ("project", Type.TEXT),
        ("reminders", Type.DATES),
        ("corrects", Type.TEXT),  # a credit note: the invoice it corrects
    ),
    Kind.PAYMENTS: _fields(
        ("invoice", Type.TEXT),
        ("paid_on", Type.DATE),
        ("amount", Type.AMOUNT),
        ("client", Type.TEXT),
        ("tax_id", Type.TEXT),
        ("currency", Type.CURRENCY),
        ("payment_id", Type.TEXT),
    ),
    Kind.TIME: _fields(
        ("on", Type.DATE),
        ("hours", Type.HOURS),
        ("client", Type.TEXT),
        ("project", Type.TEXT),
        ("note", Type.TEXT),
        ("entry_id", Type.TEXT),
        ("start_time", Type.TEXT),
        ("user", Type.TEXT),
    ),
}

# At least one field of each group must be mapped.
REQUIRED: dict[Kind, list[tuple[str, ...]]] = {
    Kind.INVOICES: [("number",), ("client", "tax_id"), ("issued_on",), ("total", "line_total", "subtotal")],
    Kind.PAYMENTS: [("invoice",), ("paid_on",), ("amount",)],
    Kind.TIME: [("on",), ("hours",), ("client",)],
}


def missing_groups(kind: Kind, mapped: set[str]) -> list[tuple[str, ...]]:
    """The required groups of which no field is mapped."""
    return [group for group in REQUIRED[kind] if not mapped.intersection(group)]
