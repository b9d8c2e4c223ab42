"""Durations as time trackers write them: `1:30:00`, `01:30` or decimal hours `1.5` / `1,5`."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .problems import Invalid

CLOCK = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d)(?:[.,]\d+)?)?$")
DECIMAL = re.compile(r"^\d+(?:[.,]\d+)?$|^[.,]\d+$")
PLACES = Decimal("0.0001")
SECONDS_PER_HOUR = Decimal(3600)


def parse_hours(text: str) -> Decimal:
    """Hours as a decimal (four places): `1:30:00` and `1.5` are both 1.5."""
    value = text.strip()
    match = CLOCK.match(value)
    if match:
        hours, minutes, seconds = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
        total = hours * 3600 + minutes * 60 + seconds
        return (Decimal(total) / SECONDS_PER_HOUR).quantize(PLACES)
    if DECIMAL.match(value):
        try:
            return Decimal(value.replace(",", ".")).quantize(PLACES)
        except InvalidOperation:
            pass
    raise Invalid("not_a_duration", value=text)
