"""The typed records a CSV file becomes: invoices, payments and time entries.

Each keeps the spreadsheet row it came from (for the preview) and a stable
id: the source's own invoice number or entry id, or, when the file has none,
a hash of the row's mapped cells (with a counter for identical rows), so
that importing the same file twice finds the same ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    PAID = "paid"
    VOID = "void"
    DRAFT = "draft"


@dataclass(slots=True)
class InvoiceRecord:
    row: int
    number: str
    client: str
    tax_id: str
    issued_on: dt.date
    total: Decimal  # the total due, tax included; negative for a credit note
    due_on: dt.date | None = None
    subtotal: Decimal | None = None  # before tax, when the file says
    currency: str | None = None
    status: Status = Status.OPEN
    paid_amount: Decimal | None = None
    paid_on: dt.date | None = None
    paid_on_assumed: bool = False  # the file says paid, not when: the due date stands in
    project: str = ""
    reminders: list[dt.date] = field(default_factory=list)
    corrects: str = ""  # a credit note: the number of the invoice it corrects

    @property
    def id(self) -> str:
        return self.number

    @property
    def is_credit_note(self) -> bool:
        return self.total < 0


@dataclass(slots=True)
class PaymentRecord:
    row: int
    id: str
    invoice: str
    on: dt.date
    amount: Decimal
    client: str = ""
    tax_id: str = ""
    currency: str | None = None


@dataclass(slots=True)
class TimeRecord:
    row: int
    id: str
    client: str
    on: dt.date
    hours: Decimal
    project: str = ""
    note: str = ""
    tax_id: str = ""


Record = InvoiceRecord | PaymentRecord | TimeRecord
