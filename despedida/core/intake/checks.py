"""Intake: should this prospect become a client? ("derecho de admisión")

Four checks read from the client's contract and events: the deposit, the
contract and its scope, no ethics concern, no reopening of agreed rates.
Any failed check declines the prospect; every check passed accepts it;
otherwise the decision is pending, and each open item says what to do next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from despedida.core.portfolio.model import Client, Event, EventType


class Decision(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    PENDING = "pending"


class Status(StrEnum):
    OK = "ok"
    PENDING = "pending"
    FAILED = "failed"


class Check(StrEnum):
    DEPOSIT = "deposit"
    CONTRACT = "contract"
    SCOPE = "scope"
    ETHICS = "ethics"
    HAGGLING = "haggling"


# What each reason code means, for the pages that show the checklist.
REASONS: dict[str, dict[str, str]] = {
    "deposit_paid": {"es": "Anticipo pagado", "en": "Deposit paid"},
    "deposit_refused": {"es": "Se negó a pagar el anticipo", "en": "Refused to pay a deposit"},
    "deposit_awaited": {"es": "Anticipo pedido, aún sin pagar", "en": "Deposit asked for, not yet paid"},
    "deposit_not_requested": {"es": "Aún no has pedido anticipo", "en": "No deposit asked for yet"},
    "contract_signed": {"es": "Contrato firmado", "en": "Contract signed"},
    "no_contract": {"es": "Sin contrato", "en": "No contract"},
    "contract_unsigned": {"es": "Contrato sin firmar", "en": "Contract not signed"},
    "scope_defined": {"es": "Alcance acordado por escrito", "en": "Scope agreed in writing"},
    "scope_undefined": {"es": "Alcance sin definir", "en": "Scope not defined"},
    "no_ethics_concern": {"es": "Ningún reparo ético", "en": "No ethics concern"},
    "ethics_illegal": {"es": "Pidió algo ilegal", "en": "Asked for something illegal"},
    "ethics_uncomfortable": {
        "es": "Pidió algo que no harías en conciencia",
        "en": "Asked for work you can't do in good conscience",
    },
    "no_haggling": {"es": "Sin regateo", "en": "No haggling"},
    "negotiated_before_agreeing": {
        "es": "Negoció antes de acordar (normal)",
        "en": "Negotiated before agreeing (normal)",
    },
    "agreed_rates_reopened": {"es": "Quiso rebajar tarifas ya acordadas", "en": "Tried to lower rates already agreed"},
}


def reason_label(reason: str, language: str = "es") -> str:
    labels = REASONS[reason]
    return labels.get(language, labels["en"])


@dataclass(frozen=True, slots=True)
class IntakeItem:
    check: Check
    status: Status
    reason: str  # a stable code: "deposit_paid", "deposit_refused", ...
    action: str | None = None  # what to do next while pending: "request_deposit", ...

    def to_json(self) -> dict[str, str | None]:
        return {"check": str(self.check), "status": str(self.status), "reason": self.reason, "action": self.action}


@dataclass(frozen=True, slots=True)
class IntakeResult:
    decision: Decision
    items: tuple[IntakeItem, ...]

    @property
    def letter_kind(self) -> str | None:
        """The letter to draft (`despedida letter --kind`), if any."""
        return "decline" if self.decision == Decision.DECLINE else None

    def to_json(self) -> dict[str, object]:
        return {
            "decision": str(self.decision),
            "letter": self.letter_kind,
            "items": [item.to_json() for item in self.items],
        }


def events_of(client: Client, kind: EventType, as_of: dt.date | None) -> list[Event]:
    return [e for e in client.events if e.type == kind and (as_of is None or e.on <= as_of)]


def check_deposit(client: Client, as_of: dt.date | None) -> IntakeItem:
    contract = client.contract
    if (contract and contract.deposit_refused) or events_of(client, EventType.DEPOSIT_REFUSED, as_of):
        return IntakeItem(Check.DEPOSIT, Status.FAILED, "deposit_refused")
    if contract and contract.deposit_paid_on and (as_of is None or contract.deposit_paid_on <= as_of):
        return IntakeItem(Check.DEPOSIT, Status.OK, "deposit_paid")
    if contract and contract.deposit_requested:
        return IntakeItem(Check.DEPOSIT, Status.PENDING, "deposit_awaited", "await_deposit")
    return IntakeItem(Check.DEPOSIT, Status.PENDING, "deposit_not_requested", "request_deposit")


def check_contract(client: Client, as_of: dt.date | None) -> IntakeItem:
    contract = client.contract
    if contract is None:
        return IntakeItem(Check.CONTRACT, Status.PENDING, "no_contract", "sign_contract")
    if contract.signed_on and (as_of is None or contract.signed_on <= as_of):
        return IntakeItem(Check.CONTRACT, Status.OK, "contract_signed")
    return IntakeItem(Check.CONTRACT, Status.PENDING, "contract_unsigned", "sign_contract")


def check_scope(client: Client) -> IntakeItem:
    if client.contract and client.contract.scope_defined:
        return IntakeItem(Check.SCOPE, Status.OK, "scope_defined")
    return IntakeItem(Check.SCOPE, Status.PENDING, "scope_undefined", "define_scope")


def check_ethics(client: Client, as_of: dt.date | None) -> IntakeItem:
    concerns = events_of(client, EventType.ETHICS_CONCERN, as_of)
    if any(str(e.kind) == "illegal" for e in concerns):
        return IntakeItem(Check.ETHICS, Status.FAILED, "ethics_illegal")
    if concerns:
        return IntakeItem(Check.ETHICS, Status.FAILED, "ethics_uncomfortable")
    return IntakeItem(Check.ETHICS, Status.OK, "no_ethics_concern")


def check_haggling(client: Client, as_of: dt.date | None) -> IntakeItem:
    """Negotiating before agreeing is normal; reopening rates already agreed,
    before any work is done, is the early sign of a client who will haggle."""
    renegotiations = events_of(client, EventType.RATE_RENEGOTIATION, as_of)
    if any(e.after_contract for e in renegotiations):
        return IntakeItem(Check.HAGGLING, Status.FAILED, "agreed_rates_reopened")
    if renegotiations:
        return IntakeItem(Check.HAGGLING, Status.OK, "negotiated_before_agreeing")
    return IntakeItem(Check.HAGGLING, Status.OK, "no_haggling")


def assess_intake(client: Client, as_of: dt.date | None = None) -> IntakeResult:
    """The intake checklist for a prospect; events after `as_of` are ignored."""
    items = (
        check_deposit(client, as_of),
        check_contract(client, as_of),
        check_scope(client),
        check_ethics(client, as_of),
        check_haggling(client, as_of),
    )
    if any(item.status == Status.FAILED for item in items):
        decision = Decision.DECLINE
    elif all(item.status == Status.OK for item in items):
        decision = Decision.ACCEPT
    else:
        decision = Decision.PENDING
    return IntakeResult(decision, items)
