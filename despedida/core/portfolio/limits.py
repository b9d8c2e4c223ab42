"""What a portfolio may hold: the ranges every value is checked against.

One place for the bounds, so the reader, the web forms and the
documentation (docs/portfolio-format.md, "Accepted ranges") agree. Each is
what the store, the engine and the renderers can all hold on both
databases, with room to spare; tests/portability/test_limits.py checks them
against the model fields.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

# Dates and instants. The engine adds its horizons (notice periods, payment
# terms, thresholds: at most DAYS_MAX days) to them and subtracts its windows,
# far inside what Python's dates (years 1..9999) and both databases keep.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)
# PostgreSQL refuses an instant whose offset is 16 hours or more.
MAX_OFFSET_MINUTES = 15 * 60 + 59


@dataclass(frozen=True)
class DecimalLimit:
    """A non-negative decimal: at most `digits` digits before the point and `places` after."""

    digits: int
    places: int

    @property
    def below(self) -> Decimal:
        return Decimal(10) ** self.digits


# SQLite keeps a decimal as a float, exact to 15 significant digits: eleven
# digits before the point and four after stay exact on both databases (the
# columns hold 18 digits, 4 places). A hundred thousand million per invoice.
MONEY = DecimalLimit(digits=11, places=4)
# TimeEntry.hours: 10 digits, 4 places.
HOURS = DecimalLimit(digits=6, places=4)
# Workspace.target_hourly_rate: 12 digits, 2 places.
RATE = DecimalLimit(digits=10, places=2)

# Numbers of days (payment terms, notice, silence, feedback delay): ten years.
DAYS_MAX = 3650

# Texts kept in columns of a fixed size (PostgreSQL refuses longer ones).
ID_LENGTH = 120
NAME_LENGTH = 200
TAX_ID_LENGTH = 40
EMAIL_LENGTH = 254
SUBJECT_LENGTH = 500
TOPIC_LENGTH = 200
TIME_ZONE_LENGTH = 64

# A client's id may be any text (the format says so); its page's address
# escapes what a path segment can't hold (despedida.web.converters). Only
# control characters are refused: no address or column can show them.
CLIENT_ID = re.compile(r"[^\x00-\x1f\x7f]+")

# Values under keys this version does not know are kept as JSON beside their
# row; a number there goes through a float, so it must be one a float holds.
EXTRA_DEPTH = 32
EXTRA_NUMBER_DIGITS = 100


def in_day_range(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY
