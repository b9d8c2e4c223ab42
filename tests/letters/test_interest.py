"""Statutory late-payment interest and fixed compensation (Ley 3/2004,
Directive 2011/7/EU), on worked examples computed by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from despedida.core.letters.errors import LetterError, MissingRateError
from despedida.core.letters.interest import (
    HalfYear,
    compute_demand,
    late_interest,
    load_rates_document,
    rule_from_settings,
    spanish_rule,
)
from despedida.core.portfolio.model import Invoice, Payment

D = Decimal


def day(text):
    return dt.date.fromisoformat(text)


def flat_rule(rate="12.15", compensation="40.00"):
    return rule_from_settings({"rule": "Test rule", "rate": rate, "fixed_compensation": compensation})


def test_it_charges_1000_euros_60_days_late_at_12_15_percent_19_97():
    # 1000 × 12.15 % × 60 / 365 = 19.9726… → 19.97
    segments = late_interest(D("1000.00"), day("2025-01-01"), day("2025-03-02"), flat_rule())
    assert [s.days for s in segments] == [60]
    assert segments[0].first_day == day("2025-01-02")
    assert segments[0].interest == D("19.97")


def test_the_spanish_rule_gives_the_same_cents_at_a_reference_rate_of_4_15():
    rule = spanish_rule([{"period": "2030-H1", "reference_rate": "4.15"}])
    segments = late_interest(D("1000.00"), day("2030-01-01"), day("2030-03-02"), rule)
    assert segments[0].annual_rate == D("12.15")
    assert segments[0].interest == D("19.97")


def test_it_splits_the_delay_where_the_half_year_rate_changes():
    """GIVEN 1,000 EUR due on 10 June 2025 and unpaid on 20 July 2025
    WHEN the Spanish rule computes the interest
    THEN 11–30 June runs at 11.15 % (ECB 3.15 + 8) and 1–20 July at 10.15 % (ECB 2.15 + 8)."""
    segments = late_interest(D("1000.00"), day("2025-06-10"), day("2025-07-20"), spanish_rule())
    assert [(s.first_day, s.last_day, s.days, s.annual_rate) for s in segments] == [
        (day("2025-06-11"), day("2025-06-30"), 20, D("11.15")),
        (day("2025-07-01"), day("2025-07-20"), 20, D("10.15")),
    ]
    # 1000 × 11.15 % × 20/365 = 6.1096 → 6.11; 1000 × 10.15 % × 20/365 = 5.5616 → 5.56
    assert [s.interest for s in segments] == [D("6.11"), D("5.56")]


def test_it_counts_actual_days_over_365_even_in_a_leap_year():
    # 2 January to 1 March 2024 is 60 days (29 February included): 1000 × 12.5 % × 60/365 = 20.5479…
    segments = late_interest(D("1000.00"), day("2024-01-01"), day("2024-03-01"), spanish_rule())
    assert segments[0].days == 60
    assert segments[0].interest == D("20.55")


def test_it_rounds_half_cents_up():
    # 18.25 × 10 % × 1/365 = 0.005 exactly: half up gives 0.01 (banker's rounding would give 0.00)
    segments = late_interest(D("18.25"), day("2025-01-01"), day("2025-01-02"), flat_rule("10"))
    assert segments[0].interest == D("0.01")


def test_a_partial_payment_lowers_the_balance_from_the_next_day():
    segments = late_interest(
        D("1000.00"),
        day("2025-01-01"),
        day("2025-03-02"),
        flat_rule("10"),
        payments=[(day("2025-01-31"), D("400.00"))],
    )
    # 2–31 January (30 days) on 1000, 1 February – 2 March (30 days) on 600
    assert [(s.days, s.principal, s.interest) for s in segments] == [
        (30, D("1000.00"), D("8.22")),
        (30, D("600.00"), D("4.93")),
    ]


def test_nothing_accrues_before_or_on_the_due_date():
    assert late_interest(D("1000"), day("2025-03-01"), day("2025-03-01"), flat_rule()) == ()


def test_every_overdue_invoice_adds_40_euros_of_compensation():
    invoices = [
        Invoice("F-1", D("1000.00"), "EUR", due_on=day("2025-01-01")),
        Invoice(
            "F-2", D("500.00"), "EUR", due_on=day("2025-02-01"), payments=[Payment(day("2025-02-10"), D("200.00"))]
        ),
        Invoice(
            "F-3", D("700.00"), "EUR", due_on=day("2025-02-01"), payments=[Payment(day("2025-01-20"), D("700.00"))]
        ),
        Invoice("F-4", D("900.00"), "EUR", due_on=day("2025-05-01")),
    ]
    demand = compute_demand(invoices, day("2025-03-02"), spanish_rule())
    assert [c.invoice_id for c in demand.claims] == ["F-1", "F-2"]
    assert [c.compensation for c in demand.claims] == [D("40.00"), D("40.00")]
    assert [c.principal for c in demand.claims] == [D("1000.00"), D("300.00")]
    assert demand.claims[0].days_overdue == 60
    # F-1: 1000 × 11.15 % × 60/365 = 18.3288 → 18.33
    assert demand.claims[0].interest == D("18.33")
    # F-2: 2–10 Feb (9 days) on 500 = 1.3747 → 1.37; 11 Feb – 2 Mar (20 days) on 300 = 1.8329 → 1.83
    assert demand.claims[1].interest == D("3.20")
    totals = demand.totals()["EUR"]
    assert totals == {
        "principal": D("1300.00"),
        "interest": D("21.53"),
        "compensation": D("80.00"),
        "total": D("1401.53"),
    }


def test_a_missing_rate_is_an_error_that_names_the_half_year():
    with pytest.raises(MissingRateError) as caught:
        late_interest(D("1000"), day("2031-06-01"), day("2031-08-01"), spanish_rule())
    assert caught.value.period == "2031-H1"
    assert "2031-H1" in str(caught.value)
    assert "1 January 2031" in str(caught.value)


def test_the_table_can_be_extended_from_the_portfolio_settings():
    rule = rule_from_settings({"rule": "es", "rates": [{"period": "2031-H1", "reference_rate": "1.00"}]})
    segments = late_interest(D("1000"), day("2031-01-01"), day("2031-01-11"), rule)
    assert segments[0].annual_rate == D("9.00")


def test_another_jurisdiction_is_a_rule_name_a_rate_and_a_compensation():
    rule = rule_from_settings(
        {"rule": "Late Payment of Commercial Debts (Interest) Act 1998", "rate": "12.00", "fixed_compensation": "70.00"}
    )
    demand = compute_demand([Invoice("INV-7", D("2000.00"), "GBP", due_on=day("2031-01-01"))], day("2031-01-31"), rule)
    claim = demand.claims[0]
    # 2000 × 12 % × 30/365 = 19.7260… → 19.73
    assert (claim.interest, claim.compensation, claim.total) == (D("19.73"), D("70.00"), D("2089.73"))
    assert rule.name("en") == "Late Payment of Commercial Debts (Interest) Act 1998"


def test_a_rule_without_a_rate_is_refused():
    with pytest.raises(LetterError, match="rate"):
        rule_from_settings({"rule": "Somewhere else"})


def test_the_spanish_rule_refuses_an_invoice_in_another_currency():
    with pytest.raises(LetterError, match="USD"):
        compute_demand([Invoice("F-9", D("100"), "USD", due_on=day("2025-01-01"))], day("2025-02-01"), spanish_rule())


def test_the_rates_table_publishes_the_boe_rate_as_reference_plus_eight_points():
    document = load_rates_document()
    margin = D(document["margin_points"])
    assert margin == D("8.00") and D(document["fixed_compensation"]) == D("40.00")
    periods = [HalfYear.parse(entry["period"]) for entry in document["rates"]]
    assert periods == sorted(periods) and len(set(periods)) == len(periods)
    for entry in document["rates"]:
        assert D(entry["reference_rate"]) + margin == D(entry["statutory_rate"]), entry["period"]
        assert "BCE / BOE" in entry["source"]


def test_the_rates_table_covers_every_half_year_from_2023():
    covered = set(spanish_rule().rates)
    assert {HalfYear(year, half) for year in (2023, 2024, 2025) for half in (1, 2)} <= covered
    assert HalfYear(2026, 1) in covered


def test_a_half_year_code_must_be_well_formed():
    assert HalfYear.parse("2025-h2") == HalfYear(2025, 2)
    with pytest.raises(ValueError):
        HalfYear.parse("2025-3")
