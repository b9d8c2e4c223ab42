"""A client's record as it stood on a given day.

Every signal reads the same view: only what had happened by `as_of`
(payments, reminders, messages and events dated later are left out, so an
assessment "as of" a past date sees what the freelancer saw then), invoices
with their payment state on that day, events in date order, the business's
time zone (messages are dated on its calendar) and the recency weight of
any date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import Business, Client, Event, EventType, Invoice, TimeEntry

ZERO = Decimal(0)


@dataclass(slots=True)
class InvoiceState:
    """An invoice on `as_of`: what was paid, when it was completed, how late."""

    invoice: Invoice
    paid: Decimal
    completed_on: dt.date | None
    reminders: int

    @property
    def id(self) -> str:
        return self.invoice.id

    @property
    def due_on(self) -> dt.date | None:
        return self.invoice.due_on

    @property
    def balance(self) -> Decimal:
        return self.invoice.amount - self.paid

    @property
    def is_open(self) -> bool:
        return self.completed_on is None and self.balance > 0

    def days_late(self, as_of: dt.date) -> int:
        if self.invoice.due_on is None:
            return 0
        end = self.completed_on or as_of
        return max(0, (end - self.invoice.due_on).days)


@dataclass(slots=True)
class ClientRecord:
    client: Client
    business: Business
    as_of: dt.date
    thresholds: Thresholds
    invoices: list[InvoiceState]
    time: list[TimeEntry]
    events: list[Event]
    zone: dt.tzinfo
    behaviour_start: dt.date
    """The first day of the behaviour window: older occurrences are ignored."""
    window_events: list[Event]
    """`events` within the behaviour window (ethics concerns are read from all of them)."""

    def weight(self, on: dt.date) -> float:
        """Recency weight: 1 within `recent_days`, then halving every half-life; 0 past the behaviour window."""
        limits = self.thresholds
        age = (self.as_of - on).days
        if age <= limits.recent_days:
            return 1.0
        if age > limits.behaviour_window_days:
            return 0.0
        return 0.5 ** ((age - limits.recent_days) / limits.recency_half_life_days)

    def in_behaviour_window(self, on: dt.date) -> bool:
        return on >= self.behaviour_start

    def events_of(self, *types: EventType) -> list[Event]:
        return [e for e in self.events if e.type in types]

    @property
    def has_signed_contract(self) -> bool:
        contract = self.client.contract
        return contract is not None and contract.signed_on is not None and contract.signed_on <= self.as_of


def read_record(client: Client, business: Business, as_of: dt.date, thresholds: Thresholds) -> ClientRecord:
    zone = business_zone(business.timezone)
    invoices = [
        invoice_state(invoice, as_of)
        for invoice in client.invoices
        if invoice.issued_on is None or invoice.issued_on <= as_of
    ]
    events = sorted((e for e in client.events if e.on <= as_of), key=lambda e: e.on)
    time = [entry for entry in client.time if entry.on <= as_of]
    start = as_of - dt.timedelta(days=thresholds.behaviour_window_days)
    window = [e for e in events if e.on >= start]
    return ClientRecord(client, business, as_of, thresholds, invoices, time, events, zone, start, window)


def invoice_state(invoice: Invoice, as_of: dt.date) -> InvoiceState:
    paid = ZERO
    completed_on = None
    payments = invoice.payments
    if len(payments) > 1:
        payments = sorted(payments, key=lambda p: p.on)
    for payment in payments:
        if payment.on > as_of:
            break
        paid += payment.amount
        if completed_on is None and paid >= invoice.amount:
            completed_on = payment.on
    if completed_on is None and invoice.amount <= 0:
        completed_on = invoice.issued_on or invoice.due_on
    dates = invoice.reminders
    reminders = len(dates) if not dates or max(dates) <= as_of else sum(1 for r in dates if r <= as_of)
    return InvoiceState(invoice, paid, completed_on, reminders)


@lru_cache(maxsize=64)
def business_today(zone: str | None, at: dt.datetime | None = None) -> dt.date:
    """The date on the calendar of the time zone named `zone` (UTC when unknown).

    The pure core's only reading of the clock; the Django side reads it
    through `despedida.accounts.clock`, which delegates here.
    """
    return (at or dt.datetime.now(dt.UTC)).astimezone(business_zone(zone)).date()


def default_as_of(portfolio) -> dt.date:
    """A portfolio's own `as_of`, else today on its business's calendar."""
    if portfolio.as_of is not None:
        return portfolio.as_of
    return business_today(portfolio.business.timezone)


def business_zone(name: str | None) -> dt.tzinfo:
    """The business's time zone; UTC when the name is missing or unknown here."""
    if not name:
        return dt.UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC
