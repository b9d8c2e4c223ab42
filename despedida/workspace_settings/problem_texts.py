"""The problems of a portfolio file in the user's language, for the import preview.

The reader (Django-free) reports each problem as a code and its values,
with an English sentence for the command line (despedida.core.portfolio.problems).
The web shows the same sentence translated: one entry per code here, with
the same %(name)s placeholders. tests/settings_pages/test_problem_texts.py
checks that every code has one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from despedida.core.portfolio.input_errors import Problem

TEXTS = {
    "no_such_file": _("no such file"),
    "is_a_directory": _("is a directory, not a file"),
    "permission_denied": _("permission denied"),
    "unreadable": _("cannot read: %(reason)s"),
    "binary": _("binary file, not JSON text"),
    "not_utf8": _("not UTF-8 text (byte 0x%(byte)s at offset %(offset)s)"),
    "empty_file": _("empty file, not JSON"),
    "syntax": _("line %(line)s column %(column)s: invalid JSON: %(detail)s"),
    "not_json_number": _("invalid JSON: %(name)s is not a JSON number"),
    "too_deep": _("invalid JSON: nested too deeply"),
    "not_json": _("invalid JSON: %(detail)s"),
    "top_level": _("the top level must be a JSON object"),
    "format": _('must be "%(format)s"'),
    "required": _("required"),
    "not_object": _("must be an object"),
    "not_list": _("must be a list"),
    "not_string": _("must be a string"),
    "not_bool": _("must be true or false"),
    "choice": _("must be one of %(choices)s"),
    "duplicate_key": _("the key %(key)s appears %(count)s times in this object; a key may appear only once"),
    "empty": _("must not be empty"),
    "too_long": _("too long: %(length)s characters, at most %(limit)s"),
    "nul": _("contains a NUL character (\\u0000); a text may not hold one"),
    "control": _(
        "contains a control character (\\u%(char)s); a text may hold tabs and line breaks, no other control character"
    ),
    "surrogate": _(
        "contains half of a surrogate pair (\\u%(char)s) without the other half, which is no character; "
        "write the character itself"
    ),
    "client_id": _("not a client id: it may not hold control characters"),
    "message_id": _(
        "not a Message-ID: write it as in the mail header, such as 1234.abc@mail.example, without angle brackets"
    ),
    "duplicate_id": _("duplicate id %(id)s"),
    "unknown_project": _("unknown project %(id)s"),
    "currency": _("not a currency code: write a three-letter ISO 4217 code such as EUR"),
    "unknown_currency": _("%(currency)s is not an ISO 4217 currency code; write one such as EUR, USD or MXN"),
    "time_zone": _("unknown time zone %(name)s; write an IANA name such as Europe/Madrid"),
    "date": _("not a date: write YYYY-MM-DD"),
    "date_range": _("%(value)s is out of range: dates go from 1900-01-01 to 2200-12-31"),
    "instant": _("not an instant: write YYYY-MM-DDThh:mm:ss with Z or an offset such as +01:00"),
    "no_offset": _("no time zone offset (add Z or +01:00)"),
    "instant_range": _("%(value)s is out of range: instants go from 1900-01-01 to 2200-12-31"),
    "offset": _("the offset %(offset)s is out of range: offsets are whole minutes from -15:59 to +15:59"),
    "decimal": _('not a decimal number: write digits with a point, such as "1250.00"'),
    "not_finite": _("not a finite number"),
    "negative": _("must not be negative"),
    "places": _("too many decimal places: at most %(places)s"),
    "too_big": _("too big: at most %(digits)s digits before the decimal point"),
    "days": _("must be a whole number of days from 0 to %(max)s"),
    "extra_number": _(
        "a number under a key this version does not know must be 0 or between 1e-%(digits)s and 1e%(digits)s "
        "in size (write it as a string to keep it as it is)"
    ),
    "extra_depth": _("nested more than %(depth)s levels deep under a key this version does not know"),
    "unexpected": _("could not be read (an unexpected error: %(error)s)"),
}


def describe(problem: Problem) -> str:
    """The problem's sentence in the active language (its English one if the code is unknown)."""
    text = TEXTS.get(problem.code)
    if text is None:
        return problem.message
    return str(text) % dict(problem.params)
