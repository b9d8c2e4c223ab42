"""Amounts as exports write them: `1.234,56 €`, `$1,234.56`, `-120,00`, `(45.00)`, `EUR 99`.

Which mark is the decimal one is decided per column (`decimal_mark`), from
values that can only be read one way (`1.234,56`, `12,5`); a column whose
values fit both readings (`1.250`) takes the file's convention. The locale's
symbols come from Babel; the common shapes are read by a compiled pattern,
anything else by Babel's own strict parser.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, list_currencies, parse_decimal

from .problems import Invalid

COMMA, POINT = ",", "."
# A locale for each decimal mark, whose group mark is the other one.
LOCALE_OF_MARK = {COMMA: "es_ES", POINT: "en_US"}
MAX_PLACES = 4

SYMBOLS = {
    "€": "EUR",
    "£": "GBP",
    "US$": "USD",
    "U$S": "USD",
    "R$": "BRL",
    "S/": "PEN",
    "S/.": "PEN",
    "C$": "CAD",
    "A$": "AUD",
    "MX$": "MXN",
    "COL$": "COP",
    "CLP$": "CLP",
    "¥": "JPY",
    "₹": "INR",
    # "$" alone is the peso of half of America as much as the dollar: no currency from it.
    "$": None,
}
_SYMBOL_PATTERN = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_AFFIX = re.compile(
    rf"^(?:(?P<pre>{_SYMBOL_PATTERN}|[A-Z]{{3}})\s*)?(?P<body>.*?)(?:\s*(?P<post>{_SYMBOL_PATTERN}|[A-Z]{{3}}))?$"
)
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    return frozenset(list_currencies())


def split_currency(text: str) -> tuple[str, str | None, bool]:
    """(number text, currency code or None, negative) with symbols, codes and signs taken off."""
    s = text.strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.startswith(("-", "−")):
        negative, s = not negative, s[1:].strip()
    elif s.endswith("-"):
        negative, s = not negative, s[:-1].strip()
    currency = None
    match = _AFFIX.match(s)
    if match:
        affix = match.group("pre") or match.group("post")
        if affix:
            if affix in SYMBOLS:
                currency = SYMBOLS[affix]
            elif affix in _iso_codes():
                currency = affix
            else:
                raise Invalid("not_an_amount", value=text)
            s = match.group("body")
    if s.startswith(("-", "−")):  # "€ -12,00"
        negative, s = not negative, s[1:]
    return s.translate(_SPACES), currency, negative


# What only a decimal comma explains: a comma with 1-2 or 4+ digits after it, a point-grouped
# number before a comma, or a repeated point group; and the same the other way round.
_ONLY_COMMA = re.compile(r"\d,(?:\d{1,2}|\d{4,})(?!\d)|\.\d{3},|\.\d{3}\.\d{3}")
_ONLY_POINT = re.compile(r"\d\.(?:\d{1,2}|\d{4,})(?!\d)|,\d{3}\.|,\d{3},\d{3}")


def decimal_mark(values, default: str) -> str | None:
    """The decimal mark of a column: what its values say, else `default`; None when they disagree.

    The whole column is searched at once (one value a line), which keeps a 100,000-row file cheap.
    """
    text = "\n".join(values)
    comma, point = _ONLY_COMMA.search(text) is not None, _ONLY_POINT.search(text) is not None
    if comma and point:
        return None
    if comma:
        return COMMA
    if point:
        return POINT
    return default


@lru_cache(maxsize=4)
def symbols(mark: str) -> tuple[str, str]:
    """(decimal, group) symbols of the locale Babel knows for this decimal mark."""
    locale = LOCALE_OF_MARK[mark]
    return get_decimal_symbol(locale), get_group_symbol(locale)


@lru_cache(maxsize=4)
def _pattern(mark: str) -> re.Pattern:
    decimal, group = (re.escape(s) for s in symbols(mark))
    return re.compile(rf"^(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}(\d+))?$|^{decimal}(\d+)$")


@lru_cache(maxsize=4)
def _common(mark: str) -> re.Pattern:
    """The shape most cells have (`-1.234,56 €`, `99.50`), read in one match; the rest go the long way."""
    decimal, group = (re.escape(s) for s in symbols(mark))
    return re.compile(
        rf"^(-?)(\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}(\d{{1,{MAX_PLACES}}}))?(?: ?(€|[A-Z]{{3}}))?$"
    )


_EURO = {"€": "EUR"}


@lru_cache(maxsize=4)
def _plain(mark: str) -> tuple[re.Pattern, dict]:
    """The commonest cell (`-1.234,56 €`, `99.50`) as one pattern, and the table that turns its
    number into Decimal's spelling (group marks out, the decimal mark a point)."""
    decimal, group = symbols(mark)
    d, g = re.escape(decimal), re.escape(group)
    pattern = re.compile(rf"^(-?(?:\d{{1,3}}(?:{g}\d{{3}})+|\d+)(?:{d}\d{{1,{MAX_PLACES}}})?)(?: ?(€|[A-Z]{{3}}))?$")
    return pattern, str.maketrans({group: None, decimal: "."})


def parse_amount_column(texts: list[str], mark: str) -> tuple[list, list[tuple[int, Invalid]]]:
    """`parse_amount` over a whole column: (value or None for each cell, [(position, Invalid)])."""
    pattern, table = _plain(mark)
    match, iso = pattern.match, _iso_codes()
    values: list = []
    errors: list[tuple[int, Invalid]] = []
    append = values.append
    for position, text in enumerate(texts):
        if not text:
            append(None)
            continue
        common = match(text)
        if common is not None:
            number, affix = common.groups()
            if affix is None:
                append((Decimal(number.translate(table)), None))
                continue
            if affix == "€" or affix in iso:
                append((Decimal(number.translate(table)), _EURO.get(affix, affix)))
                continue
        try:
            append(parse_amount(text, mark))
        except Invalid as invalid:
            append(None)
            errors.append((position, invalid))
    return values, errors


def parse_amount(text: str, mark: str) -> tuple[Decimal, str | None]:
    """The amount in `text` (negative for credit notes) and the currency it names, if any."""
    common = _common(mark).match(text)
    if common is not None:
        sign, whole, fraction, affix = common.groups()
        if affix is None or affix == "€" or affix in _iso_codes():
            group = symbols(mark)[1]
            digits = whole.replace(group, "") if group in whole else whole
            amount = Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")
            return amount, _EURO.get(affix, affix)
    number, currency, negative = split_currency(text)
    if not number:
        raise Invalid("not_an_amount", value=text)
    match = _pattern(mark).match(number)
    if match:
        group = symbols(mark)[1]
        plain = number.replace(group, "").replace(mark, ".")
        try:
            amount = Decimal(plain)
        except InvalidOperation:
            raise Invalid("not_an_amount", value=text) from None
    else:
        try:
            amount = parse_decimal(number, locale=LOCALE_OF_MARK[mark], strict=True)
        except NumberFormatError:
            raise Invalid("not_an_amount", value=text) from None
    if amount.as_tuple().exponent < -MAX_PLACES:
        raise Invalid("too_many_places", value=text, places=MAX_PLACES)
    return (-amount if negative else amount), currency
