"""The formal demand's statement of account as rows of text (pure): claims, periods, rates, totals.

Every figure comes from `letters.interest.Demand` (the same computation the
letter's text states) and is written in the document's language: money as
"1.250,50 €" or "€1,250.50", dates in words, rates as percentages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from despedida.core.letters import formatting as fmt
from despedida.core.letters.interest import Demand

# The legal basis, as a lawyer would cite it, for Spain's rule.
SPANISH_BASIS = {
    "es": (
        "Ley 3/2004, de 29 de diciembre, por la que se establecen medidas de lucha contra la morosidad en las "
        "operaciones comerciales: artículo 7 (interés de demora: tipo de interés aplicado por el Banco Central "
        "Europeo a su más reciente operación principal de financiación, más ocho puntos porcentuales) y artículo "
        "8 (indemnización por costes de cobro: cantidad fija de 40 euros por factura)."
    ),
    "en": (
        "Spanish Act 3/2004 of 29 December on combating late payment in commercial transactions (Ley 3/2004): "
        "article 7 (late-payment interest: the rate the European Central Bank applied to its most recent main "
        "refinancing operation, plus eight percentage points) and article 8 (compensation for recovery costs: a "
        "fixed sum of 40 euros per invoice)."
    ),
}
CONTRACTUAL_BASIS = {
    "es": "{rule}: interés de demora del {rate} anual y compensación fija de {compensation} por factura vencida.",
    "en": "{rule}: late-payment interest at {rate} a year and a fixed compensation of {compensation} per overdue invoice.",
}


@dataclass(frozen=True)
class ClaimRow:
    invoice: str
    due_on: str
    days: str
    principal: str
    interest: str
    compensation: str
    total: str


@dataclass(frozen=True)
class PeriodRow:
    invoice: str
    first: str
    last: str
    days: str
    principal: str
    rate: str
    interest: str


@dataclass(frozen=True)
class RateRow:
    period: str
    reference: str  # the ECB rate, or "" for a fixed rate
    margin: str
    rate: str
    source: str


@dataclass(frozen=True)
class TotalRow:
    currency: str
    principal: str
    interest: str
    compensation: str
    total: str


@dataclass(frozen=True)
class DemandSheet:
    as_of: str
    pay_by: str
    rule_name: str
    basis: str
    statutory: bool
    claims: list[ClaimRow]
    periods: list[PeriodRow]
    rates: list[RateRow]
    totals: list[TotalRow]


def demand_sheet(demand: Demand, lang: str, pay_by: dt.date) -> DemandSheet:
    rule = demand.rule
    claims, periods = [], []
    for claim in demand.claims:
        money = lambda value, c=claim.currency: fmt.money(value, c, lang)  # noqa: E731
        claims.append(
            ClaimRow(
                claim.invoice_id,
                fmt.date(claim.due_on, lang),
                fmt.days(claim.days_overdue, lang),
                money(claim.principal),
                money(claim.interest),
                money(claim.compensation),
                money(claim.total),
            )
        )
        for segment in claim.segments:
            periods.append(
                PeriodRow(
                    claim.invoice_id,
                    fmt.date(segment.first_day, lang),
                    fmt.date(segment.last_day, lang),
                    fmt.days(segment.days, lang),
                    money(segment.principal),
                    fmt.percent(segment.annual_rate, lang),
                    money(segment.interest),
                )
            )
    rates = []
    for period, rate, entry in demand.rates_used():
        rates.append(
            RateRow(
                period.label(lang),
                fmt.percent(entry.reference_rate, lang) if entry is not None else "",
                fmt.number(rule.margin_points, lang) if entry is not None else "",
                fmt.percent(rate, lang),
                (entry.source if entry is not None and entry.source else rule.source),
            )
        )
    totals = [
        TotalRow(
            currency,
            *(fmt.money(sums[key], currency, lang) for key in ("principal", "interest", "compensation", "total")),
        )
        for currency, sums in demand.totals().items()
    ]
    if rule.uses_reference_rate:
        basis = SPANISH_BASIS[lang]
    else:
        currency = demand.claims[0].currency if demand.claims else "EUR"
        basis = CONTRACTUAL_BASIS[lang].format(
            rule=rule.name(lang),
            rate=fmt.percent(rule.fixed_rate, lang),
            compensation=fmt.money(rule.fixed_compensation, currency, lang),
        )
    return DemandSheet(
        fmt.date(demand.as_of, lang),
        fmt.date(pay_by, lang),
        rule.name(lang),
        basis,
        rule.uses_reference_rate,
        claims,
        periods,
        rates,
        totals,
    )
