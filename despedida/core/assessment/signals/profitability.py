"""`low_profitability`: the effective hourly rate against the target.

This is the one signal judged in the second phase of an assessment: when
the business sets no target rate, the yardstick is the portfolio's median
effective rate, known only once every client's value is.
"""

from __future__ import annotations

from decimal import Decimal

from despedida.core.assessment.phrases import Words
from despedida.core.assessment.signals.base import Category, Severity, Signal
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.assessment.value import ClientValue


def low_profitability(
    value: ClientValue,
    target: Decimal,
    target_is_median: bool,
    thresholds: Thresholds,
    currency: str,
    words: Words,
) -> Signal | None:
    """Effective rate below `rate_ratio_low` of the target: LOW; below
    `rate_ratio_medium`: MEDIUM; below `rate_ratio_high`: HIGH.

    The caller checks there is enough to judge (hours and revenue in the window).
    """
    rate = value.effective_hourly_rate
    if rate is None or target <= 0:
        return None
    ratio = float(rate / target)
    if ratio >= thresholds.rate_ratio_low:
        return None
    if ratio < thresholds.rate_ratio_high:
        severity = Severity.HIGH
    elif ratio < thresholds.rate_ratio_medium:
        severity = Severity.MEDIUM
    else:
        severity = Severity.LOW
    evidence = words.say(
        "ev.rate_median" if target_is_median else "ev.rate",
        rate=words.rate(rate, currency),
        target=words.rate(target, currency),
        hours=words.hours(value.hours_12m),
        overhead=words.hours(value.hours_overhead),
    )
    return Signal(
        code="low_profitability",
        severity=severity,
        evidence=evidence,
        remedies=("propose_terms",),
        category=Category.TERMS,
        facts={
            "rate": str(rate),
            "target": str(target),
            "ratio": round(ratio, 3),
            "rate_text": words.rate(rate, currency),
            "target_text": words.rate(target, currency),
        },
    )
