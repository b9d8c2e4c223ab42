"""Form validators for the ranges a portfolio may hold (despedida.core.portfolio.limits).

The web forms that write the record check the same bounds as the file
reader, so that nothing typed in a page can break the engine, an export or
a later import of that export.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from despedida.core.portfolio import limits
from despedida.core.portfolio.values import known_currencies


def validate_day(value: dt.date) -> None:
    if value is not None and not limits.in_day_range(value):
        raise ValidationError(
            _("Dates go from %(first)s to %(last)s."),
            code="date_range",
            params={"first": limits.FIRST_DAY.isoformat(), "last": limits.LAST_DAY.isoformat()},
        )


def validate_instant(value: dt.datetime) -> None:
    if value is not None:
        validate_day(value.date())


def validate_days(value: int) -> None:
    if value is not None and not 0 <= value <= limits.DAYS_MAX:
        raise ValidationError(
            _("Enter a number of days from 0 to %(max)s."), code="days", params={"max": limits.DAYS_MAX}
        )


def decimal_validator(limit: limits.DecimalLimit):
    def validate(value: Decimal) -> None:
        if value is not None and value and abs(value).adjusted() >= limit.digits:
            raise ValidationError(
                _("Enter a number with at most %(digits)s digits before the decimal point."),
                code="too_big",
                params={"digits": limit.digits},
            )

    return validate


validate_money = decimal_validator(limits.MONEY)
validate_hours = decimal_validator(limits.HOURS)


def validate_currency(code: str) -> None:
    """One list of currencies for the forms and the file reader: Babel's ISO 4217 codes."""
    if code not in known_currencies():
        raise ValidationError(_("Unknown currency: use a three-letter ISO 4217 code, e.g. EUR."), code="currency")
