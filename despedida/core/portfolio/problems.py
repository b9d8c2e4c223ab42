"""What can be wrong with a portfolio file: a code per problem and its English sentence.

A reader reports `Problem(path, message, code, params)`. The command line
prints the English `message`; the web shows the code's sentence in the
user's language (despedida/workspace_settings/problem_texts.py has the same
codes, with the same %(name)s placeholders, for translation). Each sentence
says what is wrong and, where it is not obvious, what is accepted.
"""

from __future__ import annotations

import json
import re

from despedida.core.portfolio.input_errors import Problem

from . import limits

_RANGE = f"from {limits.FIRST_DAY.isoformat()} to {limits.LAST_DAY.isoformat()}"

MESSAGES: dict[str, str] = {
    # The file as a whole.
    "no_such_file": "no such file",
    "is_a_directory": "is a directory, not a file",
    "permission_denied": "permission denied",
    "unreadable": "cannot read: %(reason)s",
    "binary": "binary file, not JSON text",
    "not_utf8": "not UTF-8 text (byte 0x%(byte)s at offset %(offset)s)",
    "empty_file": "empty file, not JSON",
    "syntax": "line %(line)s column %(column)s: invalid JSON: %(detail)s",
    "not_json_number": "invalid JSON: %(name)s is not a JSON number",
    "too_deep": "invalid JSON: nested too deeply",
    "not_json": "invalid JSON: %(detail)s",
    "top_level": "the top level must be a JSON object",
    "format": 'must be "%(format)s"',
    # The shape of a value.
    "required": "required",
    "not_object": "must be an object",
    "not_list": "must be a list",
    "not_string": "must be a string",
    "not_bool": "must be true or false",
    "choice": "must be one of %(choices)s",
    "duplicate_key": "the key %(key)s appears %(count)s times in this object; a key may appear only once",
    # Texts.
    "empty": "must not be empty",
    "too_long": "too long: %(length)s characters, at most %(limit)s",
    "nul": "contains a NUL character (\\u0000); a text may not hold one",
    "control": "contains a control character (\\u%(char)s); a text may hold tabs and line breaks, no other control character",
    "surrogate": (
        "contains half of a surrogate pair (\\u%(char)s) without the other half, which is no character; "
        "write the character itself"
    ),
    "client_id": "not a client id: it may not hold control characters",
    "message_id": "not a Message-ID: write it as in the mail header, such as 1234.abc@mail.example, without angle brackets",
    "duplicate_id": "duplicate id %(id)s",
    "unknown_project": "unknown project %(id)s",
    "currency": "not a currency code: write a three-letter ISO 4217 code such as EUR",
    "unknown_currency": "%(currency)s is not an ISO 4217 currency code; write one such as EUR, USD or MXN",
    "time_zone": "unknown time zone %(name)s; write an IANA name such as Europe/Madrid",
    # Dates and instants.
    "date": "not a date: write YYYY-MM-DD",
    "date_range": f"%(value)s is out of range: dates go {_RANGE}",
    "instant": "not an instant: write YYYY-MM-DDThh:mm:ss with Z or an offset such as +01:00",
    "no_offset": "no time zone offset (add Z or +01:00)",
    "instant_range": f"%(value)s is out of range: instants go {_RANGE}",
    "offset": "the offset %(offset)s is out of range: offsets are whole minutes from -15:59 to +15:59",
    # Numbers.
    "decimal": 'not a decimal number: write digits with a point, such as "1250.00"',
    "not_finite": "not a finite number",
    "negative": "must not be negative",
    "places": "too many decimal places: at most %(places)s",
    "too_big": "too big: at most %(digits)s digits before the decimal point",
    "days": "must be a whole number of days from 0 to %(max)s",
    "extra_number": (
        "a number under a key this version does not know must be 0 or between 1e-%(digits)s and 1e%(digits)s "
        "in size (write it as a string to keep it as it is)"
    ),
    "extra_depth": "nested more than %(depth)s levels deep under a key this version does not know",
    # Not a problem of the file: a bug, reported instead of a crash.
    "unexpected": "could not be read (an unexpected error: %(error)s)",
}


def problem(path: str, code: str, **params) -> Problem:
    return Problem(path, MESSAGES[code] % params, code, tuple(params.items()))


# A key that reads well after a dot; any other is written as a JSON string.
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_UNPRINTABLE = re.compile("[\ud800-\udfff]")
SHOWN_LENGTH = 60


def child_path(where: str, key: str) -> str:
    """The path of `key` in the object at `where`: `a.b`, or `a["odd key"]`."""
    if _PLAIN_KEY.fullmatch(key):
        return f"{where}.{key}" if where else key
    return f"{where}[{shown(key, limit=None)}]"


def shown(value: str, limit: int | None = SHOWN_LENGTH) -> str:
    """A text from the file, quoted for a one-line message: escaped, and cut when long."""
    if limit is not None and len(value) > limit:
        value = value[:limit] + "…"
    text = json.dumps(value, ensure_ascii=False)  # escapes quotes, line breaks and control characters
    return _UNPRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
