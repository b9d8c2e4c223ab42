"""Amounts, dates and durations as exports write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from despedida.csv_import.dates import DateOrder, column_order, parse_date
from despedida.csv_import.durations import parse_hours
from despedida.csv_import.numbers import COMMA, POINT, decimal_mark, parse_amount
from despedida.csv_import.problems import Invalid


@pytest.mark.parametrize(
    ("text", "mark", "amount", "currency"),
    [
        ("1.234,56", COMMA, "1234.56", None),
        ("1,234.56", POINT, "1234.56", None),
        ("1.234,56 €", COMMA, "1234.56", "EUR"),
        ("€1,234.56", POINT, "1234.56", "EUR"),
        ("$1,234.56", POINT, "1234.56", None),  # "$" is also the peso: no currency from it
        ("US$ 99.00", POINT, "99.00", "USD"),
        ("EUR 1.000", COMMA, "1000", "EUR"),
        ("1 234,56 EUR", COMMA, "1234.56", "EUR"),
        ("MXN 12,500.00", POINT, "12500.00", "MXN"),
        ("-605,00 €", COMMA, "-605.00", "EUR"),
        ("€ -12,00", COMMA, "-12.00", "EUR"),
        ("(45.00)", POINT, "-45.00", None),
        ("120,00-", COMMA, "-120.00", None),
        ("1190000", POINT, "1190000", None),
        (",5", COMMA, "0.5", None),
    ],
)
def test_it_reads_amounts_in_either_locale_with_symbols_codes_and_signs(text, mark, amount, currency):
    assert parse_amount(text, mark) == (Decimal(amount), currency)


@pytest.mark.parametrize("text", ["abc", "1.234,5.6", "12 apples", "1,23,4", "XYZ 10"])
def test_it_refuses_what_is_not_an_amount(text):
    with pytest.raises(Invalid) as refused:
        parse_amount(text, COMMA)
    assert refused.value.code == "not_an_amount"


def test_a_column_decides_its_decimal_mark_from_values_that_allow_one_reading():
    assert decimal_mark(["1.250", "3.025,00"], POINT) == COMMA
    assert decimal_mark(["1,250", "99.5"], COMMA) == POINT
    assert decimal_mark(["1.250", "2.000"], COMMA) == COMMA  # either reading: the file's convention
    assert decimal_mark(["1.250", "2.000"], POINT) == POINT
    assert decimal_mark(["1,5", "2.5"], POINT) is None  # mixed: a problem, not a guess


@pytest.mark.parametrize(
    ("text", "order", "date"),
    [
        ("2026-03-04", None, dt.date(2026, 3, 4)),
        ("2026-03-04 10:30:00", None, dt.date(2026, 3, 4)),
        ("2026-03-04T10:30:00Z", None, dt.date(2026, 3, 4)),
        ("04/03/2026", DateOrder.DMY, dt.date(2026, 3, 4)),
        ("03/04/2026", DateOrder.MDY, dt.date(2026, 3, 4)),
        ("4.3.2026", DateOrder.DMY, dt.date(2026, 3, 4)),
        ("04-03-26", DateOrder.DMY, dt.date(2026, 3, 4)),
    ],
)
def test_it_reads_iso_day_first_and_month_first_dates(text, order, date):
    assert parse_date(text, order) == date


def test_a_day_month_date_without_an_order_is_not_guessed():
    with pytest.raises(Invalid) as refused:
        parse_date("03/04/2026", None)
    assert refused.value.code == "date_order_unknown"


@pytest.mark.parametrize("text", ["31/02/2026", "2026-13-01", "yesterday", "12/2026"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(Invalid):
        parse_date(text, DateOrder.DMY)


def test_a_column_settles_its_order_only_from_a_value_that_fits_one_reading():
    assert column_order(["03/04/2026", "25/04/2026"]) == ({DateOrder.DMY}, True)
    assert column_order(["03/04/2026", "04/25/2026"]) == ({DateOrder.MDY}, True)
    assert column_order(["03/04/2026", "05/06/2026"]) == (set(), True)
    assert column_order(["2026-03-04"]) == (set(), False)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("1:30:00", "1.5"),
        ("01:30", "1.5"),
        ("0:45:00", "0.75"),
        ("27:00:00", "27"),
        ("1.5", "1.5"),
        ("1,5", "1.5"),
        ("0:00:20", "0.0056"),
        ("3", "3"),
    ],
)
def test_it_reads_durations_as_clock_time_or_decimal_hours(text, hours):
    assert parse_hours(text) == Decimal(hours)


@pytest.mark.parametrize("text", ["1h30", "-1:00", "1:75", "abc"])
def test_it_refuses_what_is_not_a_duration(text):
    with pytest.raises(Invalid):
        parse_hours(text)
