"""Amounts typed by a person, read in their language: "1.250,50" and "1,250.50" both mean what they say."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Languages that write the decimal part after a comma (and group thousands with dots).
DECIMAL_COMMA = {"es"}
_SHAPE = re.compile(r"^[+-]?[\d.,\s\u00a0\u202f']+$")


def parse_amount(text: str, language: str) -> Decimal:
    """Read `text` as a number written in `language`; ValueError when it is not one.

    When a number has both separators, the last one is the decimal mark,
    whatever the language ("1.250,50" and "1,250.50"). A lone separator
    followed by one or two digits is a decimal mark ("12,5", "12.50"); when
    it is followed by exactly three digits the language decides ("1.250" is
    1250 in Spanish, 1.25 in English), and repeated ("1.250.000") it groups
    thousands.
    """
    raw = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    if not raw or not _SHAPE.match(raw):
        raise ValueError(text)
    sign = ""
    if raw[0] in "+-":
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        decimal_mark = "." if raw.rfind(".") > raw.rfind(",") else ","
    elif dots + commas == 0:
        decimal_mark = None
    else:
        mark = "." if dots else ","
        tail = raw.rsplit(mark, 1)[1]
        if raw.count(mark) > 1:
            decimal_mark = None
        elif len(tail) == 3:
            comma_language = (language or "").split("-")[0] in DECIMAL_COMMA
            decimal_mark = "," if comma_language else "."
            decimal_mark = mark if mark == decimal_mark else None
        else:
            decimal_mark = mark
    grouping = {".", ","} - {decimal_mark}
    whole, _sep, fraction = raw.partition(decimal_mark) if decimal_mark else (raw, "", "")
    if decimal_mark and (decimal_mark in fraction or any(g in fraction for g in grouping)):
        raise ValueError(text)
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (not groups[0] or any(len(g) != 3 for g in groups[1:])):
        raise ValueError(text)  # "1.25.0" is no way of writing a number
    digits = "".join(groups) + ("." + fraction if fraction else "")
    if not digits or digits == ".":
        raise ValueError(text)
    try:
        return Decimal(sign + digits)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


class AmountInput(forms.TextInput):
    """A text box for money or hours: the value shown in the page's language, the numeric keyboard on phones."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            return formats.number_format(value, decimal_pos=None, use_l10n=True, force_grouping=True)
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """A DecimalField that reads the amount as the person wrote it in their language."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Write a number, for example 1.250,50 or 1250.50."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_amount(str(value), get_language() or "es")
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number
