"""Rows to records: every cell read as its field's type, every problem named by row and column.

`read_records(table, mapping)` first settles what holds for whole columns
(the date order, the decimal mark), then reads each row. It never stops at
the first problem: a `Reading` lists them all, and its records are only to
be written when it has none. When the dates leave the order open it asks
(`Reading.needs_date_order`) instead of guessing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from .dates import DateOrder, column_order, parse_date
from .durations import parse_hours
from .fields import FIELDS, Kind, Type
from .mapping import Mapping, check_columns
from .numbers import COMMA, POINT, _iso_codes, decimal_mark, parse_amount
from .problems import Invalid, Problem
from .records import InvoiceRecord, PaymentRecord, Record, Status, TimeRecord
from .source import Table, normalize_header

STATUS_WORDS = {
    Status.PAID: {"paid", "paid in full", "pagada", "pagado", "cobrada", "cobrado", "pagada totalmente"},
    Status.VOID: {"void", "voided", "cancelled", "canceled", "deleted", "anulada", "anulado", "cancelada"},
    Status.DRAFT: {"draft", "borrador"},
}
_STATUS_OF_WORD = {word: status for status, words in STATUS_WORDS.items() for word in words}
_LIST_SPLIT = re.compile(r"[;|\n]+|,\s+|,(?=\d{4}-)")


@dataclass(slots=True)
class Notice:
    """Something the preview should say that is not a problem (rows left out, a format assumed)."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass(slots=True)
class Reading:
    kind: Kind
    mapping: Mapping
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    date_order: DateOrder | None = None
    needs_date_order: bool = False
    decimal_marks: dict[str, str] = field(default_factory=dict)  # column -> mark used

    @property
    def ok(self) -> bool:
        return not self.problems and not self.needs_date_order


def read_records(table: Table, mapping: Mapping, date_order: DateOrder | None = None) -> Reading:
    """Read every row of `table` under `mapping`. CsvError when mapped columns are missing."""
    indexes = check_columns(mapping, table)
    reading = Reading(kind=mapping.kind, mapping=mapping)
    fields = FIELDS[mapping.kind]
    columns = {name: table.header[index] for name, index in indexes.items()}

    def values(index: int):
        return (row[index] for row in table.rows if index < len(row) and row[index].strip())

    # The date order: given, else settled by the values, else asked.
    date_fields = [n for n in indexes if fields[n].type in (Type.DATE, Type.DATES)]
    settled, numeric = set(), False
    for name in date_fields:
        found, any_numeric = column_order(v for cell in values(indexes[name]) for v in _split_list(cell, fields[name].type))
        settled |= found
        numeric |= any_numeric
    reading.date_order = date_order or mapping.date_order
    if reading.date_order is None:
        if len(settled) > 1:
            reading.problems.append(Problem("date_orders_mixed", {"columns": _names(columns, date_fields)}))
            return reading
        if settled:
            reading.date_order = settled.pop()
        elif numeric:
            reading.needs_date_order = True
            return reading

    # The decimal mark of each amount column.
    default_mark = mapping.decimal or (COMMA if table.separator == ";" else POINT)
    marks: dict[str, str] = {}
    for name, index in indexes.items():
        if fields[name].type is Type.AMOUNT:
            mark = decimal_mark(values(index), default_mark)
            if mark is None:
                reading.problems.append(Problem("decimal_marks_mixed", column=columns[name]))
                mark = default_mark
            marks[name] = mark
            reading.decimal_marks[columns[name]] = mark
    if reading.problems:
        return reading

    cells = _CellReader(reading, columns, marks, reading.date_order, mapping)
    build = {Kind.INVOICES: _invoices, Kind.PAYMENTS: _payments, Kind.TIME: _time}[mapping.kind]
    build(table, indexes, cells, reading)
    return reading


def _names(columns: dict[str, str], names) -> str:
    return ", ".join(f"«{columns[n]}»" for n in names)


def _split_list(cell: str, kind: Type) -> list[str]:
    if kind is not Type.DATES:
        return [cell]
    return [part.strip() for part in _LIST_SPLIT.split(cell) if part.strip()]


class _CellReader:
    """Reads one cell as a field's type, recording a Problem (and returning None) when it cannot."""

    def __init__(self, reading: Reading, columns: dict[str, str], marks: dict[str, str], order, mapping: Mapping):
        self.reading = reading
        self.columns = columns
        self.marks = marks
        self.order = order
        self.statuses = mapping.statuses
        self.dates: dict[str, object] = {}

    def problem(self, row: int, name: str, code: str, **params) -> None:
        self.reading.problems.append(Problem(code, params, row=row, column=self.columns.get(name)))

    def date(self, row: int, name: str, text: str):
        found = self.dates.get(text)
        if found is None:
            try:
                found = parse_date(text, self.order)
            except Invalid as invalid:
                self.problem(row, name, invalid.code, **invalid.params)
                return None
            self.dates[text] = found
        return found

    def dates_list(self, row: int, name: str, text: str) -> list:
        found = [self.date(row, name, part) for part in _split_list(text, Type.DATES)]
        return [d for d in found if d is not None]

    def amount(self, row: int, name: str, text: str):
        try:
            return parse_amount(text, self.marks[name])
        except Invalid as invalid:
            self.problem(row, name, invalid.code, **invalid.params)
            return None

    def hours(self, row: int, name: str, text: str):
        try:
            return parse_hours(text)
        except Invalid as invalid:
            self.problem(row, name, invalid.code, **invalid.params)
            return None

    def currency(self, row: int, name: str, text: str) -> str | None:
        code = text.strip().upper()
        if code in _iso_codes():
            return code
        # Invoice Ninja and Harvest write "Euro - EUR" or "Swedish Krona - SEK".
        tail = code.rsplit(" ", 1)[-1].strip("()- ")
        if tail in _iso_codes():
            return tail
        self.problem(row, name, "not_a_currency", value=text)
        return None

    def status(self, text: str) -> Status:
        word = normalize_header(text)
        mapped = self.statuses.get(word)
        if mapped:
            return Status(mapped)
        return _STATUS_OF_WORD.get(word, Status.OPEN)


def _row_cells(row: list[str], indexes: dict[str, int]) -> dict[str, str]:
    return {name: (row[i].strip() if i < len(row) else "") for name, i in indexes.items()}


def _row_hash(cells: dict[str, str]) -> str:
    text = "\x1f".join(f"{k}={cells[k]}" for k in sorted(cells))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# -- invoices -----------------------------------------------------------------------------


def _invoices(table: Table, indexes: dict[str, int], cells: _CellReader, reading: Reading) -> None:
    by_number: dict[str, InvoiceRecord] = {}
    lines = reading.mapping.lines == "sum" or "line_total" in indexes
    skipped: Counter = Counter()
    for position, row in enumerate(table.rows):
        number_row = Table.row_number(position)
        record = _invoice(number_row, _row_cells(row, indexes), cells, lines)
        if record is None:
            continue
        earlier = by_number.get(record.number)
        if earlier is None:
            by_number[record.number] = record
        elif lines:
            _add_line(earlier, record, cells)
        elif earlier.total != record.total or earlier.client != record.client:
            cells.problem(number_row, "number", "duplicate_invoice", number=record.number, first_row=earlier.row)
    for record in by_number.values():
        if record.status in (Status.VOID, Status.DRAFT):
            skipped[record.status] += 1
            continue
        _settle_payment(record, reading)
        reading.records.append(record)
    for status, count in sorted(skipped.items()):
        reading.notices.append(Notice(f"skipped_{status}", {"count": count}))
    assumed = sum(1 for r in reading.records if r.paid_on_assumed)
    if assumed:
        reading.notices.append(Notice("paid_on_assumed", {"count": assumed}))


def _invoice(row: int, c: dict[str, str], cells: _CellReader, lines: bool) -> InvoiceRecord | None:
    before = len(cells.reading.problems)
    number = c.get("number", "")
    if not number:
        cells.problem(row, "number", "required")
    client, tax_id = c.get("client", ""), c.get("tax_id", "")
    if not client and not tax_id:
        cells.problem(row, "client" if "client" in c else "tax_id", "required")
    issued_on = cells.date(row, "issued_on", c["issued_on"]) if c.get("issued_on") else None
    if issued_on is None and not c.get("issued_on"):
        cells.problem(row, "issued_on", "required")
    due_on = cells.date(row, "due_on", c["due_on"]) if c.get("due_on") else None
    paid_on = cells.date(row, "paid_on", c["paid_on"]) if c.get("paid_on") else None
    amounts: dict[str, Decimal | None] = {}
    symbol_currency = None
    for name in ("total", "subtotal", "tax", "line_total", "paid_amount", "balance"):
        if c.get(name):
            found = cells.amount(row, name, c[name])
            if found is not None:
                amounts[name], symbol_currency = found[0], symbol_currency or found[1]
    total = amounts.get("line_total") if lines and "line_total" in amounts else amounts.get("total")
    if total is None and "subtotal" in amounts:
        total = amounts["subtotal"] + amounts.get("tax", Decimal(0))
    if total is None and len(cells.reading.problems) == before:
        cells.problem(row, "line_total" if lines else "total", "required")
    currency = cells.currency(row, "currency", c["currency"]) if c.get("currency") else symbol_currency
    if len(cells.reading.problems) != before:
        return None
    subtotal = amounts.get("subtotal")
    if subtotal is None and "tax" in amounts and not lines:
        subtotal = total - amounts["tax"]
    paid_amount = amounts.get("paid_amount")
    if paid_amount is None and "balance" in amounts:
        paid_amount = total - amounts["balance"]
    return InvoiceRecord(
        row=row, number=number, client=client, tax_id=tax_id, issued_on=issued_on, total=total, due_on=due_on,
        subtotal=subtotal, currency=currency, status=cells.status(c["status"]) if c.get("status") else Status.OPEN,
        paid_amount=paid_amount, paid_on=paid_on, project=c.get("project", ""),
        reminders=cells.dates_list(row, "reminders", c["reminders"]) if c.get("reminders") else [],
        corrects=c.get("corrects", ""),
    )


def _add_line(invoice: InvoiceRecord, line: InvoiceRecord, cells: _CellReader) -> None:
    if line.client != invoice.client or line.issued_on != invoice.issued_on:
        cells.problem(line.row, "number", "invoice_lines_disagree", number=invoice.number, first_row=invoice.row)
        return
    invoice.total += line.total
    if invoice.subtotal is not None and line.subtotal is not None:
        invoice.subtotal += line.subtotal


def _settle_payment(record: InvoiceRecord, reading: Reading) -> None:
    """What was paid and when: a paid amount, a balance, a "paid on" date or a paid status."""
    if record.is_credit_note:
        record.paid_amount, record.paid_on = None, None
        return
    if record.paid_amount is None and (record.paid_on is not None or record.status is Status.PAID):
        record.paid_amount = record.total
    if record.paid_amount is not None and record.paid_amount <= 0:
        record.paid_amount = None
    if record.paid_amount is not None and record.paid_on is None:
        record.paid_on = record.due_on or record.issued_on
        record.paid_on_assumed = True
    if record.paid_amount is None:
        record.paid_on = None


# -- payments and time ---------------------------------------------------------------------


def _payments(table: Table, indexes: dict[str, int], cells: _CellReader, reading: Reading) -> None:
    seen: Counter = Counter()
    for position, row in enumerate(table.rows):
        number_row = Table.row_number(position)
        c = _row_cells(row, indexes)
        before = len(reading.problems)
        for name in ("invoice", "paid_on", "amount"):
            if not c.get(name):
                cells.problem(number_row, name, "required")
        on = cells.date(number_row, "paid_on", c["paid_on"]) if c.get("paid_on") else None
        amount = cells.amount(number_row, "amount", c["amount"]) if c.get("amount") else None
        currency = cells.currency(number_row, "currency", c["currency"]) if c.get("currency") else None
        if len(reading.problems) != before:
            continue
        if amount[0] <= 0:
            cells.problem(number_row, "amount", "not_positive", value=c["amount"])
            continue
        key = c.get("payment_id") or _row_hash(c)
        seen[key] += 1
        record_id = key if seen[key] == 1 and c.get("payment_id") else f"{key}#{seen[key]}"
        reading.records.append(PaymentRecord(
            row=number_row, id=record_id, invoice=c["invoice"], on=on, amount=amount[0],
            client=c.get("client", ""), tax_id=c.get("tax_id", ""), currency=currency or amount[1],
        ))


def _time(table: Table, indexes: dict[str, int], cells: _CellReader, reading: Reading) -> None:
    seen: Counter = Counter()
    without_client = 0
    for position, row in enumerate(table.rows):
        number_row = Table.row_number(position)
        c = _row_cells(row, indexes)
        before = len(reading.problems)
        for name in ("on", "hours"):
            if not c.get(name):
                cells.problem(number_row, name, "required")
        on = cells.date(number_row, "on", c["on"]) if c.get("on") else None
        hours = cells.hours(number_row, "hours", c["hours"]) if c.get("hours") else None
        if len(reading.problems) != before:
            continue
        if not c.get("client"):
            without_client += 1  # internal time, not any client's
            continue
        key = c.get("entry_id") or _row_hash(c)
        seen[key] += 1
        record_id = key if c.get("entry_id") else f"{key}#{seen[key]}"
        if c.get("entry_id") and seen[key] > 1:
            cells.problem(number_row, "entry_id", "duplicate_entry", value=key)
            continue
        reading.records.append(TimeRecord(
            row=number_row, id=record_id, client=c["client"], on=on, hours=hours,
            project=c.get("project", ""), note=c.get("note", ""),
        ))
    if without_client:
        reading.notices.append(Notice("time_without_client", {"count": without_client}))
