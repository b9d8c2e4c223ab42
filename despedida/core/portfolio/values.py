"""Parsing of the portfolio file's scalar values: dates, instants, money,
currencies, time zones and the closed lists of words (stages, kinds...).

Each parser returns the value or raises `Invalid` with a problem code (see
`problems`) that says what is wrong and what is accepted. The ranges come
from `limits`. They are pure functions; the caches that make a
2-million-row file cheap live in `fields.FieldReader`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import zoneinfo
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache

from . import limits
from .limits import DecimalLimit
from .problems import MESSAGES, shown


class Invalid(ValueError):
    """A value that breaks a rule of the format: a problem code and its values."""

    def __init__(self, code: str, **params) -> None:
        self.code = code
        self.params = params
        super().__init__(MESSAGES[code] % params)


class Choices(dict):
    """The accepted spellings of a closed list, mapped to their values.

    `message` is what a user reads when a value is not one of them.
    """

    def __init__(self, values) -> None:
        if isinstance(values, type) and issubclass(values, Enum):
            super().__init__((member.value, member) for member in values)
        else:
            super().__init__((value, value) for value in values)
        self.words = ", ".join(self)

    def parse(self, value: object):
        return parse_choice(value, self)

    def or_default(self, default) -> dict:
        """A lookup table that also maps an absent value (None) to `default`."""
        return {None: default, **self}


def parse_date(value: object) -> dt.date:
    # date.fromisoformat also takes "20250101" and "2025-W01-1"; the format
    # says YYYY-MM-DD, so check the shape first (cheaper than a regex).
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if limits.FIRST_DAY <= day <= limits.LAST_DAY:
                return day
            raise Invalid("date_range", value=value)
    raise Invalid("date")


# The time zones (fixed offsets) of instants already accepted: checking an
# offset once per distinct offset keeps a million messages cheap.
_ACCEPTED_ZONES: set[dt.tzinfo] = set()
_FIRST_YEAR, _LAST_YEAR = limits.FIRST_DAY.year, limits.LAST_DAY.year


def parse_instant(value: object) -> dt.datetime:
    if type(value) is str and len(value) > 10 and value[4] == "-" and value[7] == "-" and value[10] == "T":
        try:
            instant = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if not _FIRST_YEAR <= instant.year <= _LAST_YEAR:
                raise Invalid("instant_range", value=value[:10])
            if instant.tzinfo not in _ACCEPTED_ZONES:
                _check_offset(instant)
            return instant
    raise Invalid("instant")


def _check_offset(instant: dt.datetime) -> None:
    offset = instant.utcoffset()
    if offset is None:
        raise Invalid("no_offset")
    seconds = offset.days * 86400 + offset.seconds
    # The store keeps an instant's offset in whole minutes, and PostgreSQL
    # refuses 16 hours or more.
    if offset.microseconds or seconds % 60 or abs(seconds) > limits.MAX_OFFSET_MINUTES * 60:
        sign = "-" if seconds < 0 else "+"
        raise Invalid("offset", offset=f"{sign}{abs(offset)}")
    if len(_ACCEPTED_ZONES) < 1000:
        _ACCEPTED_ZONES.add(instant.tzinfo)


def parse_decimal(value: object) -> Decimal:
    """A finite decimal from a decimal string or a JSON number, never via float.

    Floats are only met when a caller parsed JSON without parse_float=Decimal;
    their repr is the shortest text that reads back the same, so it is used.
    """
    kind = type(value)
    if kind is str:
        # Decimal() also takes " 5", "1_000" and Arabic-Indic digits.
        if not value.isascii() or "_" in value or value != value.strip():
            raise Invalid("decimal")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise Invalid("decimal") from None
    elif kind is Decimal:
        number = value
    elif kind is int:
        number = Decimal(value)
    elif kind is float:
        number = Decimal(repr(value))
    else:
        raise Invalid("decimal")
    if not number.is_finite():
        raise Invalid("not_finite")
    return number


def parse_amount(value: object, limit: DecimalLimit = limits.MONEY) -> Decimal:
    """Money or hours: a finite decimal, not negative, that the store keeps exactly."""
    number = parse_decimal(value)
    if number < 0:
        raise Invalid("negative")
    # adjusted() is the exponent of the first digit; computing it never
    # builds the number's digits (an exponent of a billion costs nothing).
    if number and number.adjusted() >= limit.digits:
        raise Invalid("too_big", digits=limit.digits)
    if number.as_tuple().exponent < -limit.places:
        raise Invalid("places", places=limit.places)
    return number


def parse_hours(value: object) -> Decimal:
    return parse_amount(value, limits.HOURS)


def parse_rate(value: object) -> Decimal:
    return parse_amount(value, limits.RATE)


def parse_days(value: object) -> int:
    """A number of days: a whole JSON number from 0 to DAYS_MAX (true is not 1)."""
    if type(value) is int and 0 <= value <= limits.DAYS_MAX:
        return value
    raise Invalid("days", max=limits.DAYS_MAX)


def parse_bool(value: object) -> bool:
    if value is True or value is False:
        return value
    raise Invalid("not_bool")


def parse_text(value: object) -> str:
    """Any text (a note, a message's body)."""
    if type(value) is str or isinstance(value, str):
        if "\x00" in value:
            # No database stores it, and no person typed it.
            raise Invalid("nul")
        return value
    raise Invalid("not_string")


def text_parser(limit: int):
    """A parser of texts of at most `limit` characters (a column of that size)."""

    def parse(value: object) -> str:
        text = parse_text(value)
        if len(text) > limit:
            raise Invalid("too_long", length=len(text), limit=limit)
        return text

    return parse


parse_name = text_parser(limits.NAME_LENGTH)
parse_tax_id = text_parser(limits.TAX_ID_LENGTH)
parse_email = text_parser(limits.EMAIL_LENGTH)
parse_subject = text_parser(limits.SUBJECT_LENGTH)
parse_topic = text_parser(limits.TOPIC_LENGTH)


def parse_id(value: object) -> str:
    """The id of a project or an invoice."""
    text = parse_text(value)
    if not text:
        raise Invalid("empty")
    if len(text) > limits.ID_LENGTH:
        raise Invalid("too_long", length=len(text), limit=limits.ID_LENGTH)
    return text


def parse_client_id(value: object) -> str:
    text = parse_id(value)
    if not limits.CLIENT_ID.fullmatch(text):
        raise Invalid("client_id")
    return text


@lru_cache(maxsize=1)
def known_currencies() -> frozenset[str]:
    """The ISO 4217 codes: Babel's list, the one the business profile form checks too."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def parse_currency(value: object) -> str:
    # ISO 4217 shape: three capital ASCII letters.
    if type(value) is str and len(value) == 3 and value.isascii() and value.isalpha() and value.isupper():
        if value in known_currencies():
            return value
        raise Invalid("unknown_currency", currency=value)
    raise Invalid("currency")


def parse_timezone(value: object) -> str:
    """An IANA time zone name known to zoneinfo; returned as given."""
    if type(value) is not str:
        raise Invalid("not_string")
    if len(value) > limits.TIME_ZONE_LENGTH or not _is_known_timezone(value):
        raise Invalid("time_zone", name=shown(value))
    return value


@lru_cache(maxsize=64)
def _is_known_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def parse_choice(value: object, choices: Choices):
    if type(value) is str or isinstance(value, str):
        found = choices.get(value)
        if found is not None:
            return found
    raise Invalid("choice", choices=choices.words)


def parse_message_id(value: object) -> str:
    """A mail Message-ID as the file carries it: without angle brackets (one pair is dropped)."""
    text = parse_id(value).strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if not text or any(c.isspace() or c in "<>" for c in text):
        raise Invalid("message_id")
    return text


def day_argument(value: str) -> dt.date:
    """An argparse `type` for --as-of: a date YYYY-MM-DD the engine can work from.

    The range is the portfolio file's (docs/portfolio-format.md): the engine
    adds its horizons to this day.
    """
    try:
        return parse_date(value)
    except Invalid as error:
        raise argparse.ArgumentTypeError(f"{error} ({value!r})") from None
