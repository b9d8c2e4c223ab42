"""Dates as exports write them: ISO `2025-03-04`, `04/03/2025` (day first) or `03/04/2025` (month first).

Whether a column is day-first or month-first is never guessed: a value such
as `25/03/2025` settles it; when every date of the file fits both orders the
reading stops and asks (`--date-order dmy|mdy`, or the preview's question).
A time after the date (`2025-03-04 10:30:00`) is ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from .problems import Invalid


class DateOrder(StrEnum):
    DMY = "dmy"
    MDY = "mdy"


ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ T,].*)?$")


def order_votes(text: str) -> DateOrder | None | bool:
    """DMY or MDY when `text` fits only that order; None when it fits both; False when not numeric."""
    match = NUMERIC.match(text.strip())
    if not match:
        return False
    first, second = int(match.group(1)), int(match.group(2))
    if first > 12 >= second:
        return DateOrder.DMY
    if second > 12 >= first:
        return DateOrder.MDY
    return None


def column_order(values) -> tuple[set[DateOrder], bool]:
    """The orders a column's values settle, and whether any value was day/month numeric."""
    settled: set[DateOrder] = set()
    numeric = False
    for value in values:
        vote = order_votes(value)
        if vote is False:
            continue
        numeric = True
        if vote is not None:
            settled.add(vote)
    return settled, numeric


def parse_date(text: str, order: DateOrder | None) -> dt.date:
    """The date in `text`; `order` is needed for day/month dates."""
    value = text.strip()
    match = ISO.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = NUMERIC.match(value)
        if not match:
            raise Invalid("not_a_date", value=text)
        if order is None:
            raise Invalid("date_order_unknown", value=text)
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        day, month = (first, second) if order == DateOrder.DMY else (second, first)
        if len(match.group(3)) == 2:
            year += 2000 if year < 70 else 1900
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid("not_a_date", value=text) from None
