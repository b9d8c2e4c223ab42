"""What an assessment returns: plain frozen dataclasses, and their JSON
(`despedida.assessment/1`, the shape of cli.md; keys are only ever added)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from despedida.core.assessment.signals.base import Signal
from despedida.core.assessment.silence import SilenceState
from despedida.core.assessment.value import ClientValue

FORMAT = "despedida.assessment/1"


class Recommendation(StrEnum):
    KEEP = "keep"
    PROTECT = "protect"  # keep, but change the terms
    REPAIR = "repair"  # try the ladder first
    EXIT = "exit"  # a planned ending
    WALK_AWAY = "walk_away"  # end now
    DECLINE = "decline"  # a prospect (or a former client) not to take on

    @property
    def rank(self) -> int:
        """How far from "keep": used to sort by urgency and to compare outcomes."""
        return _RANK[self]


_RANK = {
    Recommendation.KEEP: 0,
    Recommendation.PROTECT: 1,
    Recommendation.REPAIR: 2,
    Recommendation.DECLINE: 3,
    Recommendation.EXIT: 4,
    Recommendation.WALK_AWAY: 5,
}


@dataclass(frozen=True, slots=True)
class NextAction:
    action: str  # a cli.md action code
    due_on: dt.date
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "due_on": self.due_on.isoformat(), "why": self.why}


@dataclass(frozen=True, slots=True)
class ExitAdvice:
    earliest_on: dt.date
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"earliest_on": self.earliest_on.isoformat(), "why": self.why}


@dataclass(frozen=True, slots=True)
class ClientAssessment:
    id: str
    name: str
    stage: str
    recommendation: Recommendation
    summary: str
    signals: tuple[Signal, ...]
    value: ClientValue
    revenue_share: float | None
    next_actions: tuple[NextAction, ...]
    exit: ExitAdvice | None
    notes: tuple[str, ...]
    """What could not be judged, and why (business language)."""
    silence: SilenceState
    language: str

    @property
    def risk(self) -> int:
        """Risk points: the sum of the signals' points (low 1, medium 2, high 4, critical 8);
        a sign whose remedy worked is history and adds none."""
        return sum(signal.severity.points for signal in self.signals if not signal.remedied)

    def signal(self, code: str) -> Signal | None:
        return next((s for s in self.signals if s.code == code), None)

    def urgency_key(self) -> tuple:
        """Most urgent first: recommendation, then risk, then the earliest action."""
        first_due = min((a.due_on for a in self.next_actions), default=dt.date.max)
        return (-self.recommendation.rank, -self.risk, first_due, self.name, self.id)

    def to_json(self) -> dict[str, Any]:
        value = self.value
        rate = value.effective_hourly_rate
        return {
            "id": self.id,
            "name": self.name,
            "stage": self.stage,
            "recommendation": str(self.recommendation),
            "summary": self.summary,
            "signals": [signal.to_json() for signal in self.signals],
            "value": {
                "revenue_12m": f"{value.revenue_12m:.2f}",
                "revenue_share": round(self.revenue_share, 4) if self.revenue_share is not None else None,
                "effective_hourly_rate": f"{rate:.2f}" if rate is not None else None,
                "hours_chasing": format_hours(value.hours_chasing) if value.has_time else None,
            },
            "next_actions": [action.to_json() for action in self.next_actions],
            "exit": self.exit.to_json() if self.exit is not None else None,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class PortfolioAssessment:
    as_of: dt.date
    revenue_12m: Decimal
    median_hourly_rate: Decimal | None
    clients: tuple[ClientAssessment, ...]

    def by_urgency(self) -> list[ClientAssessment]:
        return sorted(self.clients, key=ClientAssessment.urgency_key)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "as_of": self.as_of.isoformat(), "clients": [c.to_json() for c in self.clients]}


def format_hours(hours: Decimal) -> str:
    """Hours as in cli.md ("7.5"): at most two decimals, at least one."""
    text = f"{hours.quantize(Decimal('0.01')):f}".rstrip("0")
    return text + "0" if text.endswith(".") else text
