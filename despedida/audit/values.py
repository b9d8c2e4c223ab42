"""How a field's value is written into an audit entry (pure): a string, or None for empty.

The same value always gives the same text, whether it comes from a form or
back from the database (a decimal loses its trailing zeros, an instant is
written in UTC), so an edit that changes nothing records nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal


def as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in {"-0", ""} else text
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return str(value)


def diff(old: dict[str, str | None], new: dict[str, str | None]) -> dict[str, list[str | None]]:
    """Field → [old, new] for the fields whose text differs."""
    return {
        name: [old.get(name), new.get(name)]
        for name in sorted(new.keys() | old.keys())
        if old.get(name) != new.get(name)
    }
