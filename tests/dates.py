"""The one date the test builders write their stories around: a Sunday in November 2026, 10:00 in Madrid.

Builders and fixtures date their records from here (chosen, never "today"); the suite's
clock itself is frozen by tests/conftest.py. Two story sets keep dates of their own, for
reasons of their story: tests/letters/personas.py (June 2026, inside a published
late-payment rate period) and tests/assessment/practice.py (the practice cases' June).
"""

from __future__ import annotations

import datetime as dt

AS_OF = dt.date(2026, 11, 22)
TODAY = AS_OF
NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)  # 10:00 in Madrid
