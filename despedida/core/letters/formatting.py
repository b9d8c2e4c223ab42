"""Locale-aware money, dates, percentages and counts for the letters.

Spanish and English only, written by hand so the letters need no extra
dependency: "1.850,00 €" and "22 de noviembre de 2026" in Spanish,
"€1,850.00" and "22 November 2026" in English.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

LANGUAGES = ("es", "en")
CENT = Decimal("0.01")

MONTHS = {
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

# Symbols that cannot be mistaken in the language at hand. Anything else is
# written with its ISO code ("1.850,00 MXN", "MXN 1,850.00"): a dollar sign
# alone would be ambiguous for a Latin American reader.
SYMBOLS = {
    "es": {"EUR": "€"},
    "en": {"EUR": "€", "USD": "$", "GBP": "£"},
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r} (use one of: {', '.join(LANGUAGES)})")
    return lang


def cents(amount: Decimal) -> Decimal:
    """Round to cents, halves away from zero (the rounding invoices use)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def _group(digits: str, separator: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def number(value: Decimal, lang: str, places: int = 2) -> str:
    """A decimal with the language's separators: 1.850,00 (es) or 1,850.00 (en)."""
    check_language(lang)
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    thousands, decimal_mark = (".", ",") if lang == "es" else (",", ".")
    text = _group(whole, thousands)
    if places:
        text += decimal_mark + fraction
    return sign + text


def money(amount: Decimal, currency: str, lang: str) -> str:
    """An amount with its currency, written the way the language writes it."""
    figure = number(amount, lang)
    symbol = SYMBOLS[check_language(lang)].get(currency.upper())
    if lang == "es":
        return f"{figure} {symbol or currency.upper()}"
    if symbol:
        return f"-{symbol}{figure[1:]}" if figure.startswith("-") else f"{symbol}{figure}"
    return f"{currency.upper()} {figure}"


def percent(rate: Decimal, lang: str) -> str:
    """A percentage with two decimals: 12,15 % (es) or 12.15% (en)."""
    figure = number(rate, lang)
    return f"{figure} %" if lang == "es" else f"{figure}%"


def date(day: dt.date, lang: str) -> str:
    """22 de noviembre de 2026 (es) or 22 November 2026 (en)."""
    month = MONTHS[check_language(lang)][day.month - 1]
    if lang == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


def days(count: int, lang: str) -> str:
    """1 día / 5 días, 1 day / 5 days."""
    check_language(lang)
    if lang == "es":
        return f"{count} día" if count == 1 else f"{count} días"
    return f"{count} day" if count == 1 else f"{count} days"


def enumerate_words(items: list[str], lang: str) -> str:
    """«a», «a y b», «a, b y c» (es); "a", "a and b", "a, b and c" (en)."""
    conjunction = " y " if check_language(lang) == "es" else " and "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + conjunction + items[-1]


def quoted(text: str, lang: str) -> str:
    """A name in the language's quotation marks: «Tienda online» or “Online shop”."""
    return f"«{text}»" if check_language(lang) == "es" else f"“{text}”"
