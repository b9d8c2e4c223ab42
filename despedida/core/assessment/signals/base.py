"""What every signal detector returns, and the helpers they share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from statistics import median
from typing import Any


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def level(self) -> int:
        return _LEVELS[self]

    @property
    def points(self) -> int:
        """Risk points: low 1, medium 2, high 4, critical 8 (a level doubles the weight)."""
        return 1 << _LEVELS[self]

    def raised(self, steps: int, cap: Severity | None = None) -> Severity:
        top = (cap or Severity.CRITICAL).level
        return ORDER[max(0, min(self.level + steps, top))]


ORDER = (Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)
_LEVELS = {severity: index for index, severity in enumerate(ORDER)}


class Category(StrEnum):
    """What kind of fix a signal calls for; the decision treats them differently."""

    TERMS = "terms"  # fixed by changing the terms (protect)
    CONDUCT = "conduct"  # needs the relationship itself to change (repair)
    ETHICS = "ethics"  # no fix: walk away


@dataclass(frozen=True, slots=True)
class Signal:
    code: str
    severity: Severity
    evidence: str
    remedies: tuple[str, ...]
    """Rungs of the ladder not tried yet (cli.md action codes), in order."""
    category: Category = Category.TERMS
    exhausted: bool = False
    """Every rung was tried and the behaviour went on afterwards."""
    remedied: bool = False
    """A remedy worked: judged on what happened since it, the sign is history, not a current fault."""
    spent: bool = False
    """Nothing on the ladder is worth trying: the client refused what it proposed and no rung is left,
    or it haggles over work that already pays below target (a planned exit after the current piece of work)."""
    forces_exit: bool = False
    """The practice says to leave whatever the client is worth (e.g. an expired ultimatum)."""
    facts: dict[str, Any] = field(default_factory=dict, compare=False)
    """The numbers behind the evidence, for other views (web app)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "evidence": self.evidence,
            "remedies": list(self.remedies),
        }


def median_days(values: list[int]) -> int:
    return int(round(median(values))) if values else 0


def latest(dates: list[dt.date]) -> dt.date | None:
    return max(dates) if dates else None


def from_points(points: float, medium: float, high: float) -> Severity:
    """LOW below `medium` points, MEDIUM below `high`, HIGH from there."""
    if points >= high:
        return Severity.HIGH
    if points >= medium:
        return Severity.MEDIUM
    return Severity.LOW
