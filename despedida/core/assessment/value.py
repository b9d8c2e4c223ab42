"""What a client is worth: revenue, hours and the effective hourly rate.

Revenue is what was invoiced in the business currency during the revenue
window (invoices in another currency are counted apart and noted, since
no exchange rate is on record). The effective rate divides that revenue by
every hour spent on the client in the same window: work, chasing,
meetings and admin alike, because an hour spent chasing a payment is an
hour not billed to anyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import Business, Client, TimeKind

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ClientValue:
    revenue_12m: Decimal
    """Invoiced in the business currency during the revenue window."""
    hours_12m: Decimal
    hours_chasing: Decimal
    hours_meeting: Decimal
    hours_admin: Decimal
    has_invoices: bool
    has_time: bool
    foreign_invoices: int
    """Invoices in the window in another currency (left out of revenue)."""

    @property
    def effective_hourly_rate(self) -> Decimal | None:
        """Revenue over all hours in the window; None when no hours were logged."""
        if self.hours_12m <= 0:
            return None
        return (self.revenue_12m / self.hours_12m).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def hours_overhead(self) -> Decimal:
        return self.hours_chasing + self.hours_meeting + self.hours_admin


def client_value(client: Client, business: Business, as_of: dt.date, thresholds: Thresholds) -> ClientValue:
    """The client's value figures on `as_of` (read straight from the client: cheap)."""
    start = as_of - dt.timedelta(days=thresholds.revenue_window_days)
    currency = business.currency
    revenue = ZERO
    foreign = 0
    for invoice in client.invoices:
        billed_on = invoice.issued_on or invoice.due_on
        if billed_on is None or not start < billed_on <= as_of:
            continue
        if invoice.currency and invoice.currency != currency:
            foreign += 1
            continue
        revenue += invoice.amount
    # Bucket first, add up after: the hot loop of a big file stays cheap.
    buckets: dict[str, list[Decimal]] = {kind: [] for kind in TimeKind}
    work = buckets[TimeKind.WORK]
    for entry in client.time:
        if start < entry.on <= as_of:
            buckets.get(entry.kind, work).append(entry.hours)
    chasing = sum(buckets[TimeKind.CHASING], ZERO)
    meeting = sum(buckets[TimeKind.MEETING], ZERO)
    admin = sum(buckets[TimeKind.ADMIN], ZERO)
    hours = sum(work, ZERO) + chasing + meeting + admin
    return ClientValue(
        revenue_12m=revenue.quantize(CENT, rounding=ROUND_HALF_UP),
        hours_12m=hours,
        hours_chasing=chasing,
        hours_meeting=meeting,
        hours_admin=admin,
        has_invoices=bool(client.invoices),
        has_time=bool(client.time),
        foreign_invoices=foreign,
    )


def revenue_share(revenue: Decimal, portfolio_revenue: Decimal | None) -> float | None:
    """The client's share of the portfolio's revenue; None when the portfolio earned nothing."""
    if not portfolio_revenue or portfolio_revenue <= 0:
        return None
    return float(revenue / portfolio_revenue)


def median_rate(rates: list[Decimal]) -> Decimal | None:
    """The median of the rates given (the profitability yardstick when no target is set)."""
    if not rates:
        return None
    ordered = sorted(rates)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return ((ordered[middle - 1] + ordered[middle]) / 2).quantize(CENT, rounding=ROUND_HALF_UP)
