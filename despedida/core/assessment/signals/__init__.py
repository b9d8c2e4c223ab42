"""The warning signs of domain.md, one detector per sign (grouped by family).

Each detector reads a `ClientRecord` and returns a `Signal` or None. They
are pure and independent; `detect_signals` runs the ones that apply to the
client's stage: a prospect is judged for intake only (nothing it could be
blamed for before the work starts), a former client on its past record.
"""

from __future__ import annotations

from despedida.core.assessment.ladder import RemedyHistory
from despedida.core.assessment.phrases import Words
from despedida.core.assessment.record import ClientRecord
from despedida.core.assessment.signals.agreement import deposit_refused, no_contract
from despedida.core.assessment.signals.base import ORDER, Category, Severity, Signal
from despedida.core.assessment.signals.conduct import advice_rejected, ethics, team_mistreatment
from despedida.core.assessment.signals.feedback import poor_feedback, slow_feedback
from despedida.core.assessment.signals.ghosting import ghosting
from despedida.core.assessment.signals.payment import late_payment, unpaid_overdue
from despedida.core.assessment.signals.profitability import low_profitability
from despedida.core.assessment.signals.scope import haggling, scope_creep
from despedida.core.assessment.silence import SilenceState
from despedida.core.assessment.value import ClientValue
from despedida.core.portfolio.model import Stage

CODES = (
    "late_payment",
    "unpaid_overdue",
    "no_contract",
    "deposit_refused",
    "slow_feedback",
    "poor_feedback",
    "scope_creep",
    "haggling",
    "team_mistreatment",
    "advice_rejected",
    "ethics",
    "ghosting",
    "low_profitability",
)

__all__ = ["CODES", "ORDER", "Category", "Severity", "Signal", "detect_signals", "low_profitability"]


def detect_signals(
    record: ClientRecord, history: RemedyHistory, value: ClientValue, silence: SilenceState, words: Words
) -> list[Signal]:
    """Every signal but `low_profitability` (judged later, against the portfolio)."""
    stage = record.client.stage
    if stage == Stage.PROSPECT:
        found = [
            ethics(record, words),
            deposit_refused(record, history, words),
            haggling(record, history, words),
            team_mistreatment(record, history, words),
            no_contract(record, words),
        ]
    else:
        found = [
            ethics(record, words),
            unpaid_overdue(record, history, words),
            late_payment(record, history, value, words),
            no_contract(record, words),
            deposit_refused(record, history, words),
            slow_feedback(record, history, words),
            poor_feedback(record, history, words),
            scope_creep(record, history, words),
            haggling(record, history, words),
            team_mistreatment(record, history, words),
            advice_rejected(record, history, words),
        ]
        if stage == Stage.ACTIVE:
            found.append(ghosting(record, silence, words))
    return [signal for signal in found if signal is not None]
