"""From signals and moderators to one recommendation (domain.md, part 3).

The rules, in order (docs/signals.md says the same in plain language):

1. An ethics concern: `walk_away`, or `decline` for a prospect or a former
   client, whatever the client is worth.
2. A prospect is judged for intake only: `decline` when a signal is HIGH
   or worse (a refused deposit, repeated haggling before signing, serious
   mistreatment), else `keep`.
3. A former client: `decline` (not a future prospect) when its record
   holds a HIGH or worse signal, else `keep`.
4. An active client:
   - a signal that forces an exit (an ultimatum expired with no reply,
     mistreatment that went on after a talk and a team change): `exit`;
   - a spent ladder (the client refused what it proposed: a priced change
     order, a deposit, and no rung is left; or it haggles again and again
     over work that already pays below target): `exit` after the current
     piece of work, whatever the client is worth;
   - an exit is worth planning when a signal is CRITICAL, or HIGH with its
     ladder exhausted, or the risk points reach `exit_risk_score`, or the
     client is of low value (its work pays below target and it is not
     otherwise valuable) and another signal is HIGH;
   - moderators change that outcome, not the facts: a client one depends on
     (revenue share >= `dependency_share`), with passive income (rate >=
     `passive_rate_ratio` x target) or of high strategic value is
     protected or repaired instead while its problems are fixable (rungs
     left to try); passive income also carries a slow payer whose only
     serious signs are about payment;
   - otherwise: nothing above LOW -> `keep`; every MEDIUM-or-worse sign
     fixed by terms (payment, contract, deposit, scope, rates,
     profitability) -> `protect` (also HIGH ones for a valuable client);
     anything else -> `repair`.
"""

from __future__ import annotations

from dataclasses import dataclass

from despedida.core.assessment.results import Recommendation
from despedida.core.assessment.signals.base import Category, Severity, Signal
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import Stage

PAYMENT_CODES = frozenset({"late_payment", "unpaid_overdue"})


@dataclass(frozen=True, slots=True)
class Moderators:
    share: float | None
    dependent: bool
    passive: bool
    strategic: bool
    low_value: bool

    @property
    def valuable(self) -> bool:
        return self.dependent or self.passive or self.strategic


@dataclass(frozen=True, slots=True)
class Decision:
    recommendation: Recommendation
    reasons: tuple[Signal, ...]
    """The signals that led to it, most severe first."""
    moderated: str | None = None
    """Which moderator changed the outcome: "dependency", "passive" or "strategic"."""
    forced: bool = False


def by_severity(signals: list[Signal] | tuple[Signal, ...]) -> tuple[Signal, ...]:
    return tuple(sorted(signals, key=lambda s: -s.severity.level))


def decide(stage: str, signals: list[Signal], moderators: Moderators, thresholds: Thresholds) -> Decision:
    ethical = [s for s in signals if s.category == Category.ETHICS]
    if ethical:
        outcome = Recommendation.WALK_AWAY if stage == Stage.ACTIVE else Recommendation.DECLINE
        return Decision(outcome, tuple(ethical), forced=True)
    serious = by_severity([s for s in signals if s.severity.level >= Severity.HIGH.level])
    if stage == Stage.PROSPECT or stage == Stage.FORMER:
        if serious:
            return Decision(Recommendation.DECLINE, serious)
        return Decision(Recommendation.KEEP, by_severity(signals))

    forced = [s for s in signals if s.forces_exit]
    if forced:
        return Decision(Recommendation.EXIT, by_severity(forced), forced=True)
    # A refused remedy is a spent rung; with the ladder spent, a planned exit after the current
    # piece of work, whatever the client is worth (the summary still says to replace the income).
    spent = [s for s in signals if s.spent]
    if spent:
        return Decision(Recommendation.EXIT, by_severity(spent))

    risk = sum(s.severity.points for s in signals)
    concerning = by_severity([s for s in signals if s.severity.level >= Severity.MEDIUM.level])
    drivers = [s for s in serious if s.severity == Severity.CRITICAL or s.exhausted]
    others_high = [s for s in serious if s.code != "low_profitability"]
    exit_worthy = bool(drivers) or risk >= thresholds.exit_risk_score or (moderators.low_value and bool(others_high))
    if exit_worthy:
        reasons = by_severity(drivers or serious or signals)
        moderator = _moderator_for_exit(serious, moderators)
        if moderator is None:
            return Decision(Recommendation.EXIT, reasons)
        critical = any(s.severity == Severity.CRITICAL for s in serious)
        terms_only = all(s.category == Category.TERMS for s in serious or concerning)
        outcome = Recommendation.PROTECT if terms_only and not critical else Recommendation.REPAIR
        return Decision(outcome, reasons, moderated=moderator)

    if not concerning:
        return Decision(Recommendation.KEEP, by_severity(signals))
    terms_only = all(s.category == Category.TERMS for s in concerning)
    if terms_only and (not serious or moderators.valuable):
        moderated = _name(moderators) if serious else None
        return Decision(Recommendation.PROTECT, concerning, moderated=moderated)
    return Decision(Recommendation.REPAIR, concerning)


def _moderator_for_exit(serious: list[Signal] | tuple[Signal, ...], moderators: Moderators) -> str | None:
    """The moderator that keeps an exit-worthy client, if its problems can still be fixed."""
    if not moderators.valuable:
        return None
    if moderators.passive and serious and all(s.code in PAYMENT_CODES for s in serious):
        return "passive"
    if any(s.exhausted for s in serious):
        return None
    return _name(moderators)


def _name(moderators: Moderators) -> str | None:
    if moderators.dependent:
        return "dependency"
    if moderators.passive:
        return "passive"
    if moderators.strategic:
        return "strategic"
    return None
