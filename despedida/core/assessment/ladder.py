"""The remedy ladders, and which rungs the record shows were already tried.

Each signal has its ladder (domain.md, part 2) as cli.md action codes, in
the order a freelancer would try them. A rung counts as tried when the
record shows it: a `conversation` on the topic, a `team_reassigned` event,
a priced change order, a clause in the contract or a `terms_changed`
event adding it. A signal's remedies are the rungs not tried yet; when
every rung was tried and the behaviour went on afterwards, the ladder is
exhausted and the decision moves towards an exit.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from despedida.core.assessment.record import ClientRecord
from despedida.core.portfolio.model import Clause, EventType

LADDERS: dict[str, tuple[str, ...]] = {
    "late_payment": ("propose_terms", "apply_late_fee", "invoice_in_advance"),
    "unpaid_overdue": ("chase_payment", "apply_late_fee", "formal_demand"),
    "no_contract": ("sign_contract",),
    "deposit_refused": ("invoice_in_advance", "propose_terms"),
    "slow_feedback": ("talk", "propose_terms"),
    "poor_feedback": ("talk",),
    "scope_creep": ("talk", "price_change_order", "propose_terms"),
    "haggling": ("talk", "propose_terms"),
    "team_mistreatment": ("talk", "reassign_team"),
    "advice_rejected": ("talk",),
    "ethics": ("walk_away",),
    "ghosting": ("silence_checkin", "silence_ultimatum", "silence_close"),
    "low_profitability": ("propose_terms",),
}

# Conversation topics are free text; these word stems (accents ignored)
# tell which problem a conversation was about. A conversation with no
# topic counts as a talk about anything that was wrong at the time.
TOPICS: dict[str, tuple[str, ...]] = {
    "payment": ("pago", "cobr", "factur", "payment", "invoice", "paying", "late_payment", "unpaid", "deuda", "debt"),
    "feedback": ("feedback", "comentari", "revision", "respuest", "response", "approval", "aprobacion"),
    "scope": ("scope", "alcance", "cambio", "change", "extra"),
    "rates": ("tarifa", "precio", "rate", "price", "descuento", "discount", "haggl", "regate"),
    "team": ("team", "equipo", "trato", "mistreat", "staff"),
    "advice": ("advice", "consejo", "recomend", "recommend"),
}

PAYMENT_CLAUSES = (Clause.LATE_FEE, Clause.INVOICE_IN_ADVANCE, Clause.DEPOSIT)

# Stands for "since the start" for protections written into the original
# contract without a signing date.
FROM_THE_START = dt.date.min


def topic_families(topic: str | None) -> frozenset[str]:
    if not topic or not topic.strip():
        return frozenset(TOPICS)
    folded = "".join(c for c in unicodedata.normalize("NFKD", topic.lower()) if not unicodedata.combining(c))
    return frozenset(family for family, stems in TOPICS.items() if any(stem in folded for stem in stems))


@dataclass(slots=True)
class RemedyHistory:
    """When each kind of remedy was tried, read once per client."""

    talks: dict[str, list[dt.date]]
    clauses: dict[Clause, dt.date]
    """Protections in place: the day each was added (FROM_THE_START if in the contract)."""
    priced_changes: list[dt.date]
    reassignments: list[dt.date]

    def last_talk(self, family: str) -> dt.date | None:
        dates = self.talks.get(family)
        return dates[-1] if dates else None

    def clause_since(self, clause: Clause) -> dt.date | None:
        return self.clauses.get(clause)


def remedy_history(record: ClientRecord) -> RemedyHistory:
    talks: dict[str, list[dt.date]] = {}
    clauses: dict[Clause, dt.date] = {}
    priced: list[dt.date] = []
    reassigned: list[dt.date] = []
    added: set[Clause] = set()
    contract = record.client.contract
    if contract is not None:
        start = contract.signed_on or FROM_THE_START
        if contract.late_fee_clause:
            clauses[Clause.LATE_FEE] = start
        if contract.change_order_clause:
            clauses[Clause.CHANGE_ORDER] = start
        if contract.silence_approval_days:
            clauses[Clause.SILENCE_APPROVAL] = start
    for event in record.events:  # already in date order
        kind = event.type
        if kind == EventType.CONVERSATION:
            for family in topic_families(event.topic):
                talks.setdefault(family, []).append(event.on)
        elif kind == EventType.TERMS_CHANGED and event.clause is not None:
            # The event says when the clause was added: it wins over the contract's flag, which
            # describes the contract as it stands now (amended), not as it was signed.
            if event.clause not in added:
                clauses[event.clause] = event.on
                added.add(event.clause)
        elif kind == EventType.SCOPE_CHANGE and event.priced:
            priced.append(event.on)
        elif kind == EventType.TEAM_REASSIGNED:
            reassigned.append(event.on)
    return RemedyHistory(talks, clauses, priced, reassigned)


@dataclass(frozen=True, slots=True)
class Climb:
    """Where a client stands on one ladder."""

    remaining: tuple[str, ...]
    last_tried_on: dt.date | None
    first_tried_on: dt.date | None

    @property
    def all_tried(self) -> bool:
        return not self.remaining


def climb(code: str, tried: dict[str, dt.date | None]) -> Climb:
    """The rungs of `code`'s ladder not in `tried` (action -> day tried, None if not)."""
    remaining = tuple(action for action in LADDERS[code] if tried.get(action) is None)
    dates = [day for day in tried.values() if day is not None]
    return Climb(remaining, max(dates) if dates else None, min(dates) if dates else None)
