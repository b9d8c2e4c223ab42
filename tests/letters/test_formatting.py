"""Money, dates and counts written the way each language writes them."""

import datetime as dt
from decimal import Decimal

import pytest

from despedida.core.letters import formatting as fmt


def test_it_writes_euros_the_spanish_way():
    assert fmt.money(Decimal("1850"), "EUR", "es") == "1.850,00 €"


def test_it_writes_euros_the_english_way():
    assert fmt.money(Decimal("1850"), "EUR", "en") == "€1,850.00"


def test_it_groups_millions_and_rounds_half_up_to_cents():
    assert fmt.money(Decimal("1234567.895"), "EUR", "es") == "1.234.567,90 €"
    assert fmt.money(Decimal("1234567.895"), "EUR", "en") == "€1,234,567.90"


def test_it_writes_small_amounts_without_separator():
    assert fmt.money(Decimal("40"), "EUR", "es") == "40,00 €"
    assert fmt.money(Decimal("0.5"), "USD", "en") == "$0.50"


def test_it_uses_the_iso_code_where_a_symbol_would_be_ambiguous():
    assert fmt.money(Decimal("1850"), "MXN", "es") == "1.850,00 MXN"
    assert fmt.money(Decimal("1850"), "USD", "es") == "1.850,00 USD"
    assert fmt.money(Decimal("1850"), "MXN", "en") == "MXN 1,850.00"


def test_it_writes_dates_in_words():
    day = dt.date(2026, 11, 22)
    assert fmt.date(day, "es") == "22 de noviembre de 2026"
    assert fmt.date(day, "en") == "22 November 2026"


def test_it_writes_percentages_per_language():
    assert fmt.percent(Decimal("12.15"), "es") == "12,15 %"
    assert fmt.percent(Decimal("12.15"), "en") == "12.15%"


def test_it_counts_days_in_singular_and_plural():
    assert fmt.days(1, "es") == "1 día"
    assert fmt.days(30, "es") == "30 días"
    assert fmt.days(1, "en") == "1 day"
    assert fmt.days(15, "en") == "15 days"


def test_it_joins_lists_with_the_language_conjunction():
    assert fmt.enumerate_words(["A", "B", "C"], "es") == "A, B y C"
    assert fmt.enumerate_words(["A", "B"], "en") == "A and B"
    assert fmt.enumerate_words(["A"], "en") == "A"


def test_it_refuses_a_language_it_cannot_write():
    with pytest.raises(ValueError, match="fr"):
        fmt.date(dt.date(2026, 1, 1), "fr")
