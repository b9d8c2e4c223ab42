"""Every number the judgement depends on, in one place.

`Thresholds()` holds the defaults documented in docs/signals.md. A
workspace may override any of them: `Thresholds.from_mapping({...})` takes
the stored overrides, refuses unknown keys and bad values (listing every
problem at once), and fills the rest with defaults.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


class InvalidThresholds(ValueError):
    """Overrides that cannot be used; `problems` lists (key, reason) for each."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{key}: {reason}" for key, reason in problems))


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The judgement's settings. Days are calendar days; ratios are 0..1."""

    # Windows and recency.
    revenue_window_days: int = 365
    """Revenue, hours and the effective rate look at this many days up to as_of."""
    behaviour_window_days: int = 730
    """Behaviour (late payments, incidents, feedback) older than this is ignored."""
    recent_days: int = 90
    """Occurrences this recent count in full."""
    recency_half_life_days: int = 180
    """Past `recent_days`, an occurrence's weight halves every this many days."""

    # Payments.
    late_grace_days: int = 5
    """A payment this many days after the due date still counts as on time."""
    late_pattern_min: int = 2
    """Late invoices needed before lateness is a pattern."""
    late_share_medium: float = 0.5
    """Recency-weighted share of late invoices that raises late_payment a level."""
    late_median_days_high: int = 30
    """Median days late that raises late_payment a level."""
    protection_proof_invoices: int = 2
    """Invoices paid on time after a protection before it counts as having worked."""
    overdue_grace_days: int = 7
    """An open invoice becomes unpaid_overdue this many days after its due date."""
    overdue_medium_days: int = 30
    overdue_high_days: int = 60
    overdue_critical_days: int = 90
    formal_demand_after_days: int = 60
    """Days overdue after which a formal demand is on the ladder (signed contract only)."""
    deposit_wait_days: int = 14
    """A deposit asked for and unpaid this long after signing counts as not paid."""

    # Feedback, scope and conduct.
    slow_feedback_days: int = 10
    """A response to a delivery slower than this is slow."""
    slow_feedback_pattern_min: int = 2
    poor_feedback_pattern_min: int = 2
    scope_creep_pattern_min: int = 2
    haggling_pattern_min: int = 2
    advice_core_pattern_min: int = 2

    # Silence protocol.
    silence_days: int = 7
    """A message needing a reply unanswered this long makes the check-in due."""
    ultimatum_after_days: int = 7
    """Days after the check-in without a reply before the ultimatum is due."""
    ultimatum_deadline_days: int = 7
    """Deadline given in an ultimatum, when the event does not record one."""

    # Value.
    target_hourly_rate: Decimal | None = None
    """Overrides the business's target rate; without either, the portfolio median is used."""
    min_hours_for_rate: Decimal = Decimal(10)
    """Hours needed in the revenue window before profitability is judged."""
    min_history_days: int = 60
    """A client whose first work or invoice is more recent than this is too new to judge its profitability."""
    rate_ratio_low: float = 0.85
    rate_ratio_medium: float = 0.70
    rate_ratio_high: float = 0.50
    """Effective rate below these fractions of the target gives low / medium / high."""
    passive_rate_ratio: float = 1.5
    """An effective rate this many times the target counts as passive income."""
    dependency_share: float = 0.25
    """A client with this share of revenue (or more) is one you depend on."""

    # Decision and exit timing.
    exit_risk_score: int = 12
    """Risk points (low 1, medium 2, high 4, critical 8) that make an exit worth planning."""
    milestone_overdue_buffer_days: int = 14
    """When the current milestone is already late, the exit allows this long to deliver it."""
    cool_off_days: int = 1
    """A termination letter waits this long before it is sent (re-read, second opinion)."""
    walk_away_days: int = 3
    """Walking away (ethics): the work stops at once and ends within this many days; no notice period."""

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, Any] | None) -> Thresholds:
        """Defaults with `overrides` applied; InvalidThresholds lists every bad key or value."""
        if not overrides:
            return cls()
        known = {f.name: f for f in dataclasses.fields(cls)}
        problems: list[tuple[str, str]] = []
        values: dict[str, Any] = {}
        for key in sorted(overrides):
            if key not in known:
                problems.append((key, "unknown setting"))
                continue
            try:
                values[key] = _coerce(key, overrides[key], known[key].default)
            except ValueError as error:
                problems.append((key, str(error)))
        if not problems:
            problems.extend(_check_order({**dataclasses.asdict(cls()), **values}))
        if problems:
            raise InvalidThresholds(problems)
        return cls(**values)

    def overrides(self) -> dict[str, Any]:
        """The settings that differ from the defaults, JSON-friendly (for storing)."""
        default = Thresholds()
        changed: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value != getattr(default, f.name):
                changed[f.name] = str(value) if isinstance(value, Decimal) else value
        return changed


_RATIOS = {"late_share_medium", "rate_ratio_low", "rate_ratio_medium", "rate_ratio_high", "dependency_share"}


def _coerce(key: str, value: Any, default: Any) -> Any:
    if key == "target_hourly_rate":
        if value is None:
            return None
        return _positive_decimal(value)
    if isinstance(default, Decimal):
        return _positive_decimal(value, allow_zero=True)
    if isinstance(default, bool) or isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    if isinstance(default, int):
        if not isinstance(value, int):
            raise ValueError("expected a whole number of days or occurrences")
        if value < 0:
            raise ValueError("must not be negative")
        if key.endswith("_min") or key in {"recency_half_life_days", "protection_proof_invoices"}:
            if value < 1:
                raise ValueError("must be at least 1")
        return value
    if isinstance(default, float):
        if not isinstance(value, (int, float)):
            raise ValueError("expected a number")
        number = float(value)
        if number != number or number < 0:
            raise ValueError("must be a non-negative number")
        if key in _RATIOS and number > 1:
            raise ValueError("must be between 0 and 1")
        return number
    raise ValueError("cannot be overridden")  # pragma: no cover - every field is typed above


def _positive_decimal(value: Any, allow_zero: bool = False) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValueError('expected a decimal amount such as "45.00"')
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError('expected a decimal amount such as "45.00"') from None
    if not number.is_finite() or number < 0 or (number == 0 and not allow_zero):
        raise ValueError("must be a positive amount")
    return number


def _check_order(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Settings that only make sense in a given order (a high level stricter than a low one)."""
    problems = []
    if not values["overdue_medium_days"] <= values["overdue_high_days"] <= values["overdue_critical_days"]:
        problems.append(("overdue_medium_days", "overdue levels must grow: medium <= high <= critical"))
    if not values["rate_ratio_high"] <= values["rate_ratio_medium"] <= values["rate_ratio_low"]:
        problems.append(("rate_ratio_low", "rate ratios must shrink: low >= medium >= high"))
    return problems
