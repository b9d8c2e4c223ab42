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
from .numbers import COMMA, POINT, _iso_codes, decimal_mark, parse_amount, parse_amount_column
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
    # Each mapped column is read whole, once: a 100,000-row file costs one pass per column.
    texts = {name: table.column(index) for name, index in indexes.items()}

    def values(name: str):
        return [text for text in texts[name] if text]

    # The date order: given, else settled by the values, else asked.
    date_fields = [n for n in indexes if fields[n].type in (Type.DATE, Type.DATES)]
    settled, numeric = set(), False
    for name in date_fields:
        # Dates repeat: each distinct one is looked at once.
        distinct = {v for cell in set(values(name)) for v in _split_list(cell, fields[name].type)}
        found, any_numeric = column_order(distinct)
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
    for name in indexes:
        if fields[name].type is Type.AMOUNT:
            mark = decimal_mark(values(name), default_mark)
            if mark is None:
                reading.problems.append(Problem("decimal_marks_mixed", column=columns[name]))
                mark = default_mark
            marks[name] = mark
            reading.decimal_marks[columns[name]] = mark
    if reading.problems:
        return reading

    cells = _CellReader(reading, columns, marks, reading.date_order, mapping)
    build = {Kind.INVOICES: _invoices, Kind.PAYMENTS: _payments, Kind.TIME: _time}[mapping.kind]
    build(_Columns(texts, cells, mapping.kind), indexes, cells, reading)
    # Columns are read one at a time; problems are listed as the file reads, row by row.
    position = {table.header[index]: index for index in indexes.values()}
    reading.problems.sort(key=lambda p: (p.row or 0, position.get(p.column, -1)))
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

    def amount_column(self, name: str, texts: list[str]) -> list:
        values, errors = parse_amount_column(texts, self.marks[name])
        for position, invalid in errors:
            self.problem(position + 2, name, invalid.code, **invalid.params)
        return values

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


def _row_hash(cells: dict[str, str]) -> str:
    text = "\x1f".join(f"{k}={cells[k]}" for k in sorted(cells))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class _Columns:
    """The mapped columns, typed: `text[name][i]` is the stripped cell of row i (or ""), `value[name][i]`
    its typed value (None when empty or unreadable; the problem is recorded)."""

    def __init__(self, texts: dict[str, list[str]], cells: _CellReader, kind: Kind) -> None:
        self.text = texts
        self.count = len(next(iter(texts.values()))) if texts else 0
        self.value: dict[str, list] = {}
        fields = FIELDS[kind]
        for name, column in texts.items():
            kind_of = fields[name].type
            if kind_of is Type.AMOUNT:
                self.value[name] = cells.amount_column(name, column)
            elif kind_of is Type.DATE:
                self.value[name] = self._typed(name, cells.date)
            elif kind_of is Type.HOURS:
                self.value[name] = self._typed(name, cells.hours)
            elif kind_of is Type.CURRENCY:
                self.value[name] = self._typed(name, cells.currency)
            elif kind_of is Type.DATES:
                self.value[name] = self._typed(name, cells.dates_list)
            elif kind_of is Type.STATUS:
                self.value[name] = [cells.status(t) if t else Status.OPEN for t in column]

    def _typed(self, name: str, parse) -> list:
        return [parse(position + 2, name, text) if text else None for position, text in enumerate(self.text[name])]

    def texts(self, name: str) -> list[str]:
        return self.text.get(name) or [""] * self.count

    def values(self, name: str) -> list:
        return self.value.get(name) or [None] * self.count

    def cells_of(self, position: int) -> dict[str, str]:
        return {name: texts[position] for name, texts in self.text.items()}


# -- invoices -----------------------------------------------------------------------------


def _invoices(cols: _Columns, indexes: dict[str, int], cells: _CellReader, reading: Reading) -> None:
    by_number: dict[str, InvoiceRecord] = {}
    lines = reading.mapping.lines == "sum" or "line_total" in indexes
    skipped: Counter = Counter()
    bad_rows = {p.row for p in reading.problems}  # a cell that could not be read
    numbers, clients, tax_ids = cols.texts("number"), cols.texts("client"), cols.texts("tax_id")
    issued, due, paid_on = cols.values("issued_on"), cols.values("due_on"), cols.values("paid_on")
    issued_text = cols.texts("issued_on")
    totals = cols.values("line_total" if lines else "total")
    subtotals, taxes = cols.values("subtotal"), cols.values("tax")
    paids, balances = cols.values("paid_amount"), cols.values("balance")
    total_texts, subtotal_texts = cols.texts("line_total" if lines else "total"), cols.texts("subtotal")
    currencies, statuses = cols.values("currency"), cols.values("status")
    projects, reminders, corrects = cols.texts("project"), cols.values("reminders"), cols.texts("corrects")
    client_column = "client" if "client" in indexes else "tax_id"
    total_column = "line_total" if lines else "total"
    for i in range(cols.count):
        row = i + 2
        bad = row in bad_rows
        number, client, tax_id = numbers[i], clients[i], tax_ids[i]
        if not number:
            cells.problem(row, "number", "required")
            bad = True
        if not client and not tax_id:
            cells.problem(row, client_column, "required")
            bad = True
        if not issued_text[i]:
            cells.problem(row, "issued_on", "required")
            bad = True
        total_pair = totals[i]
        subtotal_pair, tax_pair = subtotals[i], taxes[i]
        if total_pair is None and subtotal_pair is not None:
            total = subtotal_pair[0] + (tax_pair[0] if tax_pair is not None else Decimal(0))
        else:
            total = total_pair[0] if total_pair is not None else None
        if total is None and not bad and not (total_texts[i] or subtotal_texts[i]):
            cells.problem(row, total_column, "required")
            bad = True
        if bad or total is None:
            continue
        currency = currencies[i]
        if currency is None:
            for pair in (total_pair, subtotal_pair, tax_pair):
                if pair is not None and pair[1]:
                    currency = pair[1]
                    break
        subtotal = subtotal_pair[0] if subtotal_pair is not None else None
        if subtotal is None and tax_pair is not None and not lines:
            subtotal = total - tax_pair[0]
        paid_pair, balance_pair = paids[i], balances[i]
        paid_amount = paid_pair[0] if paid_pair is not None else None
        if paid_amount is None and balance_pair is not None:
            paid_amount = total - balance_pair[0]
        record = InvoiceRecord(
            row=row,
            number=number,
            client=client,
            tax_id=tax_id,
            issued_on=issued[i],
            total=total,
            due_on=due[i],
            subtotal=subtotal,
            currency=currency,
            status=statuses[i] or Status.OPEN,
            paid_amount=paid_amount,
            paid_on=paid_on[i],
            project=projects[i],
            reminders=reminders[i] or [],
            corrects=corrects[i],
        )
        earlier = by_number.get(number)
        if earlier is None:
            by_number[number] = record
        elif lines:
            _add_line(earlier, record, cells)
        elif earlier.total != record.total or earlier.client != record.client:
            cells.problem(row, "number", "duplicate_invoice", number=number, first_row=earlier.row)
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


def _payments(cols: _Columns, indexes: dict[str, int], cells: _CellReader, reading: Reading) -> None:
    seen: Counter = Counter()
    bad_rows = {p.row for p in reading.problems}
    dates, amounts, currencies = cols.values("paid_on"), cols.values("amount"), cols.values("currency")
    for i in range(cols.count):
        row = i + 2
        c = cols.cells_of(i)
        bad = row in bad_rows
        for name in ("invoice", "paid_on", "amount"):
            if not c.get(name):
                cells.problem(row, name, "required")
                bad = True
        if bad:
            continue
        amount = amounts[i]
        if amount[0] <= 0:
            cells.problem(row, "amount", "not_positive", value=c["amount"])
            continue
        key = c.get("payment_id") or _row_hash(c)
        seen[key] += 1
        record_id = key if seen[key] == 1 and c.get("payment_id") else f"{key}#{seen[key]}"
        reading.records.append(
            PaymentRecord(
                row=row,
                id=record_id,
                invoice=c["invoice"],
                on=dates[i],
                amount=amount[0],
                client=c.get("client", ""),
                tax_id=c.get("tax_id", ""),
                currency=currencies[i] or amount[1],
            )
        )


def _time(cols: _Columns, indexes: dict[str, int], cells: _CellReader, reading: Reading) -> None:
    seen: Counter = Counter()
    without_client = 0
    bad_rows = {p.row for p in reading.problems}
    dates, hours = cols.values("on"), cols.values("hours")
    for i in range(cols.count):
        row = i + 2
        c = cols.cells_of(i)
        bad = row in bad_rows
        for name in ("on", "hours"):
            if not c.get(name):
                cells.problem(row, name, "required")
                bad = True
        if bad:
            continue
        if not c.get("client"):
            without_client += 1  # internal time, not any client's
            continue
        key = c.get("entry_id") or _row_hash(c)
        seen[key] += 1
        record_id = key if c.get("entry_id") else f"{key}#{seen[key]}"
        if c.get("entry_id") and seen[key] > 1:
            cells.problem(row, "entry_id", "duplicate_entry", value=key)
            continue
        reading.records.append(
            TimeRecord(
                row=row,
                id=record_id,
                client=c["client"],
                on=dates[i],
                hours=hours[i],
                project=c.get("project", ""),
                note=c.get("note", ""),
            )
        )
    if without_client:
        reading.notices.append(Notice("time_without_client", {"count": without_client}))
