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
    "€": "EUR", "£": "GBP", "US$": "USD", "U$S": "USD", "R$": "BRL", "S/": "PEN", "S/.": "PEN",
    "C$": "CAD", "A$": "AUD", "MX$": "MXN", "COL$": "COP", "CLP$": "CLP", "¥": "JPY", "₹": "INR",
    # "$" alone is the peso of half of America as much as the dollar: no currency from it.
    "$": None,
}
_SYMBOL_PATTERN = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_AFFIX = re.compile(rf"^(?:(?P<pre>{_SYMBOL_PATTERN}|[A-Z]{{3}})\s*)?(?P<body>.*?)(?:\s*(?P<post>{_SYMBOL_PATTERN}|[A-Z]{{3}}))?$")
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


def mark_votes(number: str) -> str | None:
    """The decimal mark `number` (already split) can only have, or None when it fits both."""
    has_comma, has_point = COMMA in number, POINT in number
    if has_comma and has_point:
        return COMMA if number.rfind(COMMA) > number.rfind(POINT) else POINT
    for mark, other in ((COMMA, POINT), (POINT, COMMA)):
        if number.count(mark) > 1:
            return other  # only a group mark repeats
        if number.count(mark) == 1:
            decimals = len(number) - number.index(mark) - 1
            return mark if decimals != 3 else None
    return None


def decimal_mark(values, default: str) -> str | None:
    """The decimal mark of a column: what its values say, else `default`; None when they disagree."""
    seen: set[str] = set()
    for value in values:
        try:
            number, _currency, _negative = split_currency(value)
        except Invalid:
            continue
        vote = mark_votes(number)
        if vote is not None:
            seen.add(vote)
            if len(seen) > 1:
                return None
    return seen.pop() if seen else default


@lru_cache(maxsize=4)
def _pattern(mark: str) -> re.Pattern:
    locale = LOCALE_OF_MARK[mark]
    decimal, group = re.escape(get_decimal_symbol(locale)), re.escape(get_group_symbol(locale))
    return re.compile(rf"^(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}(\d+))?$|^{decimal}(\d+)$")


def parse_amount(text: str, mark: str) -> tuple[Decimal, str | None]:
    """The amount in `text` (negative for credit notes) and the currency it names, if any."""
    number, currency, negative = split_currency(text)
    if not number:
        raise Invalid("not_an_amount", value=text)
    match = _pattern(mark).match(number)
    if match:
        group = get_group_symbol(LOCALE_OF_MARK[mark])
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
