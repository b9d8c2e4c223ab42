"""Statutory late-payment interest and fixed compensation for a formal demand.

The default rule is Spain's (Ley 3/2004, transposing Directive 2011/7/EU):
for each half-year, the ECB main refinancing rate applicable on 1 January or
1 July plus eight points; 40 euros of fixed compensation per late invoice.
The rates come from `data/late_payment_rates.yaml`, which the user extends
(or from `business.late_payment.rates` in the portfolio file).

Another jurisdiction is a setting: a rule name, a fixed annual rate and a
fixed compensation per invoice, and the letter says which rule it applied.

Arithmetic: simple interest, actual/365, on the balance still unpaid each
day. Interest runs from the day after the due date up to and including the
as-of date (the same count as `Invoice.days_late`). The delay is cut into
segments wherever the half-year (hence the rate) or the unpaid balance
changes; each segment's interest is rounded to cents (ROUND_HALF_UP) and the
invoice's interest is the sum of its segments, so the figures printed in a
letter always add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from despedida.core.letters.errors import LetterError, MissingRateError
from despedida.core.letters.formatting import cents
from despedida.core.letters.formatting import date as format_date
from despedida.core.portfolio.model import Invoice

RATES_FILE = Path(__file__).with_name("data") / "late_payment_rates.yaml"
DAYS_IN_YEAR = Decimal(365)
HUNDRED = Decimal(100)
SPAIN = "es"

_HALF_NAMES = {
    "es": ("primer semestre de {year}", "segundo semestre de {year}"),
    "en": ("first half of {year}", "second half of {year}"),
}


@dataclass(frozen=True, slots=True, order=True)
class HalfYear:
    year: int
    half: int  # 1: January-June, 2: July-December

    @classmethod
    def containing(cls, day: dt.date) -> HalfYear:
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def parse(cls, code: str) -> HalfYear:
        """Read "2025-H2"; raise ValueError on anything else."""
        year, sep, half = str(code).strip().upper().partition("-H")
        if not (sep and year.isdigit() and len(year) == 4 and half in {"1", "2"}):
            raise ValueError(f"not a half-year (YYYY-H1 or YYYY-H2): {code!r}")
        return cls(int(year), int(half))

    @property
    def code(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    def label(self, lang: str) -> str:
        return _HALF_NAMES[lang][self.half - 1].format(year=self.year)


@dataclass(frozen=True, slots=True)
class RateEntry:
    period: HalfYear
    reference_rate: Decimal  # percent, e.g. 2.15
    source: str = ""


@dataclass(frozen=True, slots=True)
class LatePaymentRule:
    """How a demand computes interest and compensation.

    A reference-rate rule (Spain) has `rates` and `margin_points`; a rule
    from another jurisdiction has a single `fixed_rate` instead.
    """

    key: str
    names: Mapping[str, str]  # by language
    fixed_compensation: Decimal
    currency: str | None = None  # the only currency it applies to, if any
    margin_points: Decimal = Decimal(0)
    rates: Mapping[HalfYear, RateEntry] = field(default_factory=dict)
    fixed_rate: Decimal | None = None
    source: str = ""

    def name(self, lang: str) -> str:
        return self.names.get(lang) or next(iter(self.names.values()))

    @property
    def uses_reference_rate(self) -> bool:
        return self.fixed_rate is None

    def rate_for(self, period: HalfYear) -> tuple[Decimal, RateEntry | None]:
        """The annual rate (percent) for a half-year, and the table entry behind it."""
        if self.fixed_rate is not None:
            return self.fixed_rate, None
        entry = self.rates.get(period)
        if entry is None:
            raise MissingRateError(
                period.code,
                f"the late-payment rates table has no ECB reference rate for {period.code} "
                f"({format_date(period.first_day, 'en')} to {format_date(period.last_day, 'en')}); "
                f"add the rate applicable on {format_date(period.first_day, 'en')} "
                "(see docs/letters.md, 'The rates table and how to extend it')",
            )
        return entry.reference_rate + self.margin_points, entry


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the delay with one rate and one unpaid balance."""

    first_day: dt.date
    last_day: dt.date
    principal: Decimal
    annual_rate: Decimal  # percent
    period: HalfYear
    reference: RateEntry | None
    interest: Decimal

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True, slots=True)
class InvoiceClaim:
    invoice_id: str
    currency: str
    due_on: dt.date
    days_overdue: int
    principal: Decimal  # unpaid on the as-of date
    segments: tuple[Segment, ...]
    interest: Decimal
    compensation: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.compensation


@dataclass(frozen=True, slots=True)
class Demand:
    rule: LatePaymentRule
    as_of: dt.date
    claims: tuple[InvoiceClaim, ...]

    def totals(self) -> dict[str, dict[str, Decimal]]:
        """Per currency: principal, interest, compensation and total."""
        result: dict[str, dict[str, Decimal]] = {}
        for claim in self.claims:
            sums = result.setdefault(
                claim.currency,
                {"principal": Decimal(0), "interest": Decimal(0), "compensation": Decimal(0), "total": Decimal(0)},
            )
            sums["principal"] += claim.principal
            sums["interest"] += claim.interest
            sums["compensation"] += claim.compensation
            sums["total"] += claim.total
        return result

    def rates_used(self) -> list[tuple[HalfYear, Decimal, RateEntry | None]]:
        """Each half-year the demand drew a rate from, in order, once."""
        seen: dict[HalfYear, tuple[HalfYear, Decimal, RateEntry | None]] = {}
        for claim in self.claims:
            for segment in claim.segments:
                seen.setdefault(segment.period, (segment.period, segment.annual_rate, segment.reference))
        return [seen[key] for key in sorted(seen)]


# --- the rule from settings -------------------------------------------------


def _decimal(value: Any, where: str) -> Decimal:
    try:
        result = Decimal(str(value).strip().rstrip("%").strip())
    except (InvalidOperation, ValueError):
        raise LetterError(f"{where}: not a number: {value!r}") from None
    if not result.is_finite() or result < 0:
        raise LetterError(f"{where}: not a non-negative number: {value!r}")
    return result


def _rate_entries(items: Iterable[Any], where: str) -> dict[HalfYear, RateEntry]:
    entries: dict[HalfYear, RateEntry] = {}
    for index, item in enumerate(items or []):
        here = f"{where}[{index}]"
        if not isinstance(item, Mapping):
            raise LetterError(f"{here}: expected an object with period and reference_rate")
        try:
            period = HalfYear.parse(item.get("period", ""))
        except ValueError as error:
            raise LetterError(f"{here}.period: {error}") from None
        if "reference_rate" not in item:
            raise LetterError(f"{here}.reference_rate: missing")
        entries[period] = RateEntry(
            period=period,
            reference_rate=_decimal(item["reference_rate"], f"{here}.reference_rate"),
            source=str(item.get("source") or ""),
        )
    return entries


def load_rates_document(path: Path = RATES_FILE) -> dict[str, Any]:
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def spanish_rule(extra_rates: Iterable[Any] = (), path: Path = RATES_FILE) -> LatePaymentRule:
    """Ley 3/2004 from the rates table, with `extra_rates` added or overriding."""
    document = load_rates_document(path)
    rates = _rate_entries(document.get("rates", []), str(path.name) + ":rates")
    rates.update(_rate_entries(extra_rates, "business.late_payment.rates"))
    return LatePaymentRule(
        key=SPAIN,
        names={"es": document["name_es"], "en": document["name_en"]},
        fixed_compensation=_decimal(document["fixed_compensation"], "fixed_compensation"),
        currency=document.get("currency"),
        margin_points=_decimal(document["margin_points"], "margin_points"),
        rates=rates,
        source=str(document.get("source") or ""),
    )


def rule_from_settings(settings: Mapping[str, Any] | None) -> LatePaymentRule:
    """The rule a business asked for (`business.late_payment`), Spain's by default.

    Settings for another jurisdiction:
    ``{"rule": "<name the letter cites>", "rate": "10.50", "fixed_compensation": "40.00"}``
    (the rate is the annual percentage, all points included). Spain's rule
    takes ``{"rule": "es", "rates": [{"period": "2026-H2", "reference_rate": "2.15"}]}``
    to extend its table.
    """
    settings = dict(settings or {})
    where = "business.late_payment"
    rule = str(settings.get("rule") or SPAIN).strip()
    if rule.lower() == SPAIN:
        return spanish_rule(settings.get("rates") or ())
    if "rate" not in settings:
        raise LetterError(f"{where}.rate: required for the rule {rule!r} (annual percentage)")
    compensation = settings.get("fixed_compensation", 0)
    return LatePaymentRule(
        key="custom",
        names={"es": rule, "en": rule},
        fixed_compensation=_decimal(compensation, f"{where}.fixed_compensation"),
        currency=(str(settings["currency"]).upper() if settings.get("currency") else None),
        fixed_rate=_decimal(settings["rate"], f"{where}.rate"),
        source=str(settings.get("source") or ""),
    )


# --- the arithmetic ----------------------------------------------------------


def segment_interest(principal: Decimal, annual_rate: Decimal, days: int) -> Decimal:
    """Simple interest, actual/365, rounded to cents."""
    return cents(principal * annual_rate / HUNDRED * Decimal(days) / DAYS_IN_YEAR)


def late_interest(
    amount: Decimal,
    due_on: dt.date,
    as_of: dt.date,
    rule: LatePaymentRule,
    payments: Iterable[tuple[dt.date, Decimal]] = (),
) -> tuple[Segment, ...]:
    """The interest segments from the day after `due_on` to `as_of` inclusive.

    A payment made on day P still counts as unpaid on P (P is a day late, as
    in `Invoice.days_late`) and stops accruing from P + 1.
    """
    first = due_on + dt.timedelta(days=1)
    payments = [(on, paid) for on, paid in payments if on <= as_of]
    one_day = dt.timedelta(days=1)
    cuts = sorted({on + one_day for on, _ in payments if first < on + one_day <= as_of})

    def unpaid_before(day: dt.date) -> Decimal:
        return amount - sum((paid for on, paid in payments if on < day), Decimal(0))

    segments: list[Segment] = []
    day = first
    while day <= as_of:
        period = HalfYear.containing(day)
        last = min(as_of, period.last_day)
        next_cut = next((cut for cut in cuts if cut > day), None)
        if next_cut is not None and next_cut - one_day < last:
            last = next_cut - one_day
        balance = unpaid_before(day)
        if balance > 0:
            rate, entry = rule.rate_for(period)
            days = (last - day).days + 1
            segments.append(Segment(day, last, balance, rate, period, entry, segment_interest(balance, rate, days)))
        day = last + one_day
    return tuple(segments)


def unpaid_on(invoice: Invoice, as_of: dt.date) -> Decimal:
    """What is left to pay of `invoice`, counting payments made up to `as_of`."""
    return invoice.amount - sum((p.amount for p in invoice.payments if p.on <= as_of), Decimal(0))


def claim_invoice(invoice: Invoice, as_of: dt.date, rule: LatePaymentRule) -> InvoiceClaim:
    if invoice.due_on is None:
        raise LetterError(f"invoice {invoice.id}: no due date, so no late-payment interest")
    if rule.currency and invoice.currency.upper() != rule.currency.upper():
        raise LetterError(
            f"invoice {invoice.id} is in {invoice.currency}, but {rule.name('en')} applies to "
            f"{rule.currency}; set business.late_payment for this currency (see docs/letters.md)"
        )
    segments = late_interest(invoice.amount, invoice.due_on, as_of, rule, [(p.on, p.amount) for p in invoice.payments])
    return InvoiceClaim(
        invoice_id=invoice.id,
        currency=invoice.currency,
        due_on=invoice.due_on,
        days_overdue=max(0, (as_of - invoice.due_on).days),
        principal=unpaid_on(invoice, as_of),
        segments=segments,
        interest=sum((s.interest for s in segments), Decimal(0)),
        compensation=rule.fixed_compensation,
    )


def compute_demand(invoices: Iterable[Invoice], as_of: dt.date, rule: LatePaymentRule) -> Demand:
    """Claims for every invoice still unpaid on `as_of` and past its due date."""
    overdue = [
        invoice
        for invoice in invoices
        if invoice.due_on is not None
        and invoice.due_on < as_of
        and unpaid_on(invoice, as_of) > 0
        and (invoice.issued_on is None or invoice.issued_on <= as_of)
    ]
    overdue.sort(key=lambda invoice: (invoice.due_on, invoice.id))
    return Demand(rule=rule, as_of=as_of, claims=tuple(claim_invoice(i, as_of, rule) for i in overdue))
