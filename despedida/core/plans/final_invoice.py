"""The final invoice of an exit plan: what is still open, plus work done and
not yet billed. Pure Python, Decimal throughout, one currency per amount.

The rule (docs/exit-plans.md explains it for users), reading the record as
it stood on `as_of` (invoices issued and payments made later don't count):
- every invoice with a balance counts its balance (an overpaid one counts
  as a credit, in its own currency);
- an hourly project adds its `work` hours logged after its latest invoice
  (issue date, or due date when there is none) up to `as_of`, times its rate;
- a fixed project earns its fee pro rata per delivered milestone
  (fee × delivered / milestones; the whole fee once every milestone is
  delivered, or once a project without milestones is done) and adds what it
  earned minus everything invoiced for it, never less than zero;
- a retainer adds nothing: its monthly invoices bill it (a note says so);
- a project's currency is that of its invoices when they agree, else the
  business currency.
Each line is rounded to the cent (half up); totals are sums of lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from despedida.core.plans.notes import Note
from despedida.core.portfolio.model import Business, Client, FeeType, Invoice, Project, ProjectStatus, TimeKind

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class LineKind(StrEnum):
    OPEN_INVOICE = "open_invoice"
    CREDIT = "credit"
    UNBILLED_HOURS = "unbilled_hours"
    UNBILLED_MILESTONES = "unbilled_milestones"


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    kind: LineKind
    ref: str  # the invoice id, or the project id for unbilled work
    amount: Decimal
    currency: str
    hours: Decimal | None = None
    rate: Decimal | None = None
    earned: Decimal | None = None
    invoiced: Decimal | None = None

    def to_json(self) -> dict[str, str]:
        document = {"kind": str(self.kind), "ref": self.ref, "amount": str(self.amount), "currency": self.currency}
        for key in ("hours", "rate", "earned", "invoiced"):
            value = getattr(self, key)
            if value is not None:
                document[key] = str(value)
        return document


@dataclass(frozen=True, slots=True)
class CurrencyPart:
    currency: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class FinalInvoice:
    amount: Decimal
    currency: str
    issued_on: dt.date
    due_on: dt.date
    parts: tuple[CurrencyPart, ...]
    lines: tuple[InvoiceLine, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "amount": str(self.amount),
            "currency": self.currency,
            "due_on": self.due_on.isoformat(),
            "issued_on": self.issued_on.isoformat(),
            "parts": [{"amount": str(p.amount), "currency": p.currency} for p in self.parts],
            "lines": [line.to_json() for line in self.lines],
        }


@dataclass(frozen=True, slots=True)
class Billing:
    final_invoice: FinalInvoice | None
    notes: tuple[Note, ...]


def project_currency(business: Business, invoices: list[Invoice], project: Project) -> tuple[str, bool]:
    """The currency a project is billed in, and whether its invoices disagreed."""
    currencies = {inv.currency or business.currency for inv in invoices if inv.project == project.id}
    if len(currencies) == 1:
        return currencies.pop(), False
    return business.currency, len(currencies) > 1


def issued_by(client: Client, as_of: dt.date) -> list[Invoice]:
    """Invoices that existed on `as_of` (an undated one always counts)."""
    return [inv for inv in client.invoices if inv.issued_on is None or inv.issued_on <= as_of]


def balance_on(invoice: Invoice, as_of: dt.date) -> Decimal:
    """What was still unpaid on `as_of`: later payments had not happened yet."""
    return invoice.amount - sum((p.amount for p in invoice.payments if p.on <= as_of), Decimal(0))


def open_invoice_lines(business: Business, client: Client, as_of: dt.date) -> list[InvoiceLine]:
    lines = []
    for invoice in issued_by(client, as_of):
        balance = cents(balance_on(invoice, as_of))
        if balance == 0:
            continue
        kind = LineKind.OPEN_INVOICE if balance > 0 else LineKind.CREDIT
        lines.append(InvoiceLine(kind, invoice.id, balance, invoice.currency or business.currency))
    return lines


def last_billed_on(invoices: list[Invoice], project: Project) -> dt.date | None:
    dates = [inv.issued_on or inv.due_on for inv in invoices if inv.project == project.id]
    return max((d for d in dates if d is not None), default=None)


def unbilled_hours(client: Client, invoices: list[Invoice], project: Project, as_of: dt.date) -> Decimal:
    since = last_billed_on(invoices, project)
    return sum(
        (
            entry.hours
            for entry in client.time
            if entry.project == project.id
            and entry.kind == TimeKind.WORK
            and entry.on <= as_of
            and (since is None or entry.on > since)
        ),
        Decimal(0),
    )


def earned_fixed_fee(project: Project) -> Decimal | None:
    """What a fixed project has earned so far, or None when progress can't be measured."""
    assert project.fee is not None
    if not project.milestones:
        return project.fee if project.status == ProjectStatus.DONE else None
    delivered = sum(1 for m in project.milestones if m.delivered_on is not None)
    return cents(project.fee * delivered / len(project.milestones))


def unbilled_work(
    business: Business, client: Client, as_of: dt.date, last_work_on: dt.date
) -> tuple[list[InvoiceLine], list[Note]]:
    lines: list[InvoiceLine] = []
    notes: list[Note] = []
    invoices = issued_by(client, as_of)
    for project in client.projects:
        currency, mixed = project_currency(business, invoices, project)
        if project.fee_type == FeeType.HOURLY:
            hours = unbilled_hours(client, invoices, project, as_of)
            if hours <= 0:
                continue
            if project.fee is None:
                notes.append(Note.of("hourly_no_rate", project=project.name, hours=hours))
                continue
            amount = cents(hours * project.fee)
            lines.append(
                InvoiceLine(LineKind.UNBILLED_HOURS, project.id, amount, currency, hours=hours, rate=project.fee)
            )
        elif project.fee_type == FeeType.FIXED:
            if project.fee is None:
                if any(m.delivered_on for m in project.milestones):
                    notes.append(Note.of("fixed_no_fee", project=project.name))
                continue
            earned = earned_fixed_fee(project)
            if earned is None:
                if project.status in (ProjectStatus.ACTIVE, ProjectStatus.PAUSED):
                    notes.append(Note.of("fixed_no_milestones", project=project.name))
                continue
            invoiced = sum(
                (
                    inv.amount
                    for inv in invoices
                    if inv.project == project.id and (inv.currency or business.currency) == currency
                ),
                Decimal(0),
            )
            amount = cents(earned - invoiced)
            if amount <= 0:
                continue
            lines.append(
                InvoiceLine(
                    LineKind.UNBILLED_MILESTONES,
                    project.id,
                    amount,
                    currency,
                    earned=cents(earned),
                    invoiced=cents(invoiced),
                )
            )
        elif project.status in (ProjectStatus.ACTIVE, ProjectStatus.PAUSED):
            notes.append(Note.of("retainer_by_hand", project=project.name, last_work_on=last_work_on))
            continue
        else:
            continue
        if mixed:
            notes.append(Note.of("mixed_project_currency", project=project.name, currency=currency))
    known = {p.id for p in client.projects}
    stray = sum(
        (e.hours for e in client.time if e.kind == TimeKind.WORK and e.on <= as_of and e.project not in known),
        Decimal(0),
    )
    if stray > 0:
        notes.append(Note.of("unassigned_hours", hours=stray))
    return lines, notes


def currency_parts(lines: Iterable[InvoiceLine], business_currency: str) -> list[CurrencyPart]:
    """Per-currency totals that are owed (credits only reduce their own currency);
    the business currency first, then the others alphabetically."""
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.currency] = totals.get(line.currency, ZERO) + line.amount
    owed = [CurrencyPart(currency, total) for currency, total in totals.items() if total > 0]
    return sorted(owed, key=lambda part: (part.currency != business_currency, part.currency))


def plan_final_invoice(business: Business, client: Client, as_of: dt.date, last_work_on: dt.date) -> Billing:
    """The final invoice, issued on the last day of work and due at the
    business's payment terms after it; None when nothing is owed or left to bill."""
    lines = open_invoice_lines(business, client, as_of)
    work_lines, notes = unbilled_work(business, client, as_of, last_work_on)
    lines.extend(work_lines)
    parts = currency_parts(lines, business.currency)
    if not parts:
        return Billing(None, (*notes, Note.of("nothing_owed")))
    if len(parts) > 1:
        notes.append(Note.of("several_currencies", currencies=", ".join(p.currency for p in parts)))
    headline = parts[0]
    invoice = FinalInvoice(
        amount=headline.amount,
        currency=headline.currency,
        issued_on=last_work_on,
        due_on=last_work_on + dt.timedelta(days=business.payment_terms_days),
        parts=tuple(parts),
        lines=tuple(lines),
    )
    return Billing(invoice, tuple(notes))
