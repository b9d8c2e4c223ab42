"""Parsing of the portfolio file's scalar values: dates, instants, money,
currencies, time zones and the closed lists of words (stages, kinds...).

Each parser returns the value or raises `Invalid` with the short message a
user sees after the JSON path. They are pure functions; the caches that
make a 2-million-row file cheap live in `fields.FieldReader`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache


class Invalid(ValueError):
    """A value that breaks a rule of the format; the message names the rule."""


class Choices(dict):
    """The accepted spellings of a closed list, mapped to their values.

    `message` is what a user reads when a value is not one of them.
    """

    def __init__(self, values) -> None:
        if isinstance(values, type) and issubclass(values, Enum):
            super().__init__((member.value, member) for member in values)
        else:
            super().__init__((value, value) for value in values)
        self.message = "must be one of " + ", ".join(self)

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
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid("not a date")


def parse_instant(value: object) -> dt.datetime:
    if type(value) is str and len(value) > 10 and value[4] == "-" and value[7] == "-" and value[10] == "T":
        try:
            instant = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if instant.tzinfo is None:
                raise Invalid("no time zone offset (add Z or +01:00)")
            return instant
    raise Invalid("not an instant")


def parse_decimal(value: object) -> Decimal:
    """A finite decimal from a decimal string or a JSON number, never via float.

    Floats are only met when a caller parsed JSON without parse_float=Decimal;
    their repr is the shortest text that reads back the same, so it is used.
    """
    kind = type(value)
    if kind is str:
        # Decimal() also takes " 5", "1_000" and Arabic-Indic digits.
        if not value.isascii() or "_" in value or value != value.strip():
            raise Invalid("not a decimal number")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise Invalid("not a decimal number") from None
    elif kind is Decimal:
        number = value
    elif kind is int:
        number = Decimal(value)
    elif kind is float:
        number = Decimal(repr(value))
    else:
        raise Invalid("not a decimal number")
    if not number.is_finite():
        raise Invalid("not a finite number")
    return number


# The store keeps four decimal places: enough for any currency and for hours.
MAX_PLACES = 4


def parse_amount(value: object) -> Decimal:
    """Money or hours: a finite decimal that is not negative."""
    number = parse_decimal(value)
    if number < 0:
        raise Invalid("must not be negative")
    if number.as_tuple().exponent < -MAX_PLACES:
        raise Invalid(f"more than {MAX_PLACES} decimal places")
    return number


def parse_count(value: object) -> int:
    """A number of days: an integer that is not negative (true is not 1)."""
    if type(value) is not int:
        raise Invalid("not an integer")
    if value < 0:
        raise Invalid("must not be negative")
    return value


def parse_bool(value: object) -> bool:
    if value is True or value is False:
        return value
    raise Invalid("must be true or false")


def parse_text(value: object) -> str:
    if type(value) is str or isinstance(value, str):
        if "\x00" in value:
            # No database stores it, and no person typed it.
            raise Invalid("contains a NUL character")
        return value
    raise Invalid("must be a string")


def parse_id(value: object) -> str:
    if type(value) is str or isinstance(value, str):
        if "\x00" in value:
            raise Invalid("contains a NUL character")
        if value:
            return value
        raise Invalid("must not be empty")
    raise Invalid("must be a string")


def parse_currency(value: object) -> str:
    # ISO 4217 shape: three capital ASCII letters.
    if type(value) is str and len(value) == 3 and value.isascii() and value.isalpha() and value.isupper():
        return value
    raise Invalid("not a currency code (three capital letters, such as EUR)")


def parse_timezone(value: object) -> str:
    """An IANA time zone name known to zoneinfo; returned as given."""
    if type(value) is not str:
        raise Invalid("must be a string")
    if not _is_known_timezone(value):
        raise Invalid(f'unknown time zone "{value}"')
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
    raise Invalid(choices.message)


def parse_message_id(value: object) -> str:
    """A mail Message-ID as the file carries it: without angle brackets (one pair is dropped)."""
    text = parse_id(value).strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if not text or any(c.isspace() or c in "<>" for c in text):
        raise Invalid("not a Message-ID (such as 1234.abc@mail.example, without angle brackets)")
    return text
