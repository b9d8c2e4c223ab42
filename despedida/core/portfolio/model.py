"""Plain dataclasses for a portfolio (format `despedida.portfolio/1`).

These are what the pure engines (assessment, letters, plans, tone) take as
input. The Django store loads its rows into them; `despedida assess FILE`
reads them straight from a file. Money is `Decimal` (currency alongside),
dates are `datetime.date`, instants are time-zone aware `datetime`.

Every object keeps the keys it did not understand in `extra`, so a round
trip through the store gives back the same document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

FORMAT = "despedida.portfolio/1"


class Stage(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    FORMER = "former"


class StrategicValue(StrEnum):
    NONE = "none"
    LOW = "low"
    HIGH = "high"


class ProjectStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


class FeeType(StrEnum):
    FIXED = "fixed"
    HOURLY = "hourly"
    RETAINER = "retainer"


class TimeKind(StrEnum):
    WORK = "work"
    CHASING = "chasing"
    MEETING = "meeting"
    ADMIN = "admin"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class EventType(StrEnum):
    SCOPE_CHANGE = "scope_change"
    CHANGE_ORDER_REFUSED = "change_order_refused"
    RATE_RENEGOTIATION = "rate_renegotiation"
    DEPOSIT_REFUSED = "deposit_refused"
    FEEDBACK = "feedback"
    TEAM_MISTREATMENT = "team_mistreatment"
    ADVICE_REJECTED = "advice_rejected"
    ETHICS_CONCERN = "ethics_concern"
    CONTACT_CHANGE = "contact_change"
    CONVERSATION = "conversation"
    TEAM_REASSIGNED = "team_reassigned"
    TERMS_CHANGED = "terms_changed"
    ULTIMATUM_SENT = "ultimatum_sent"


class FeedbackQuality(StrEnum):
    CONSTRUCTIVE = "constructive"
    VAGUE = "vague"
    ACCUSATORY = "accusatory"


class IncidentSeverity(StrEnum):
    MINOR = "minor"
    SERIOUS = "serious"


class EthicsKind(StrEnum):
    ILLEGAL = "illegal"
    UNCOMFORTABLE = "uncomfortable"


class Clause(StrEnum):
    LATE_FEE = "late_fee"
    DEPOSIT = "deposit"
    CHANGE_ORDER = "change_order"
    SILENCE_APPROVAL = "silence_approval"
    INVOICE_IN_ADVANCE = "invoice_in_advance"


# The extra fields each event type carries, with their defaults. Anything
# else on an event is kept in `Event.extra`.
EVENT_FIELDS: dict[EventType, dict[str, Any]] = {
    EventType.SCOPE_CHANGE: {"priced": False},
    EventType.CHANGE_ORDER_REFUSED: {},
    EventType.RATE_RENEGOTIATION: {"after_contract": True},
    EventType.DEPOSIT_REFUSED: {},
    EventType.FEEDBACK: {"quality": None, "delay_days": None},
    EventType.TEAM_MISTREATMENT: {"severity": None},
    EventType.ADVICE_REJECTED: {"core": False},
    EventType.ETHICS_CONCERN: {"kind": None},
    EventType.CONTACT_CHANGE: {},
    EventType.CONVERSATION: {"topic": None},
    EventType.TEAM_REASSIGNED: {},
    EventType.TERMS_CHANGED: {"clause": None},
    EventType.ULTIMATUM_SENT: {"deadline": None},
}


@dataclass(slots=True)
class Business:
    currency: str
    name: str = ""
    language: str = "es"
    timezone: str = "UTC"
    target_hourly_rate: Decimal | None = None
    payment_terms_days: int = 30
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Contact:
    name: str | None = None
    email: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Contract:
    signed_on: dt.date | None = None
    scope_defined: bool = False
    deposit_requested: bool = False
    deposit_paid_on: dt.date | None = None
    deposit_refused: bool = False
    late_fee_clause: bool = False
    change_order_clause: bool = False
    silence_approval_days: int | None = None
    notice_days: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Milestone:
    name: str
    due_on: dt.date | None = None
    delivered_on: dt.date | None = None
    approved_on: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Project:
    id: str
    name: str
    status: ProjectStatus = ProjectStatus.ACTIVE
    started_on: dt.date | None = None
    fee_type: FeeType = FeeType.FIXED
    fee: Decimal | None = None
    milestones: list[Milestone] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_mid_job(self) -> bool:
        """Active with a milestone not yet delivered (the spec's definition)."""
        return self.status == ProjectStatus.ACTIVE and any(m.delivered_on is None for m in self.milestones)

    def current_milestone(self) -> Milestone | None:
        """The first milestone not yet delivered, if any."""
        return next((m for m in self.milestones if m.delivered_on is None), None)


@dataclass(slots=True)
class Payment:
    on: dt.date
    amount: Decimal
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Invoice:
    id: str
    amount: Decimal
    currency: str
    issued_on: dt.date | None = None
    due_on: dt.date | None = None
    project: str | None = None
    payments: list[Payment] = field(default_factory=list)
    reminders: list[dt.date] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def paid_amount(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal(0))

    @property
    def balance(self) -> Decimal:
        return self.amount - self.paid_amount

    def paid_on(self) -> dt.date | None:
        """The date of the payment that completed the invoice, or None if open."""
        total = Decimal(0)
        for payment in sorted(self.payments, key=lambda p: p.on):
            total += payment.amount
            if total >= self.amount:
                return payment.on
        return None

    def days_late(self, as_of: dt.date) -> int:
        """Days from due date to completing payment (or to `as_of` while open); never negative."""
        if self.due_on is None:
            return 0
        end = self.paid_on() or as_of
        return max(0, (end - self.due_on).days)


@dataclass(slots=True)
class TimeEntry:
    on: dt.date
    hours: Decimal
    kind: TimeKind = TimeKind.WORK
    project: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Message:
    at: dt.datetime
    direction: Direction
    subject: str | None = None
    body: str | None = None
    needs_reply: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # Mail thread headers, without angle brackets (after `extra`, so rows built by position keep working).
    message_id: str | None = None
    in_reply_to: str | None = None


@dataclass(slots=True)
class Event:
    on: dt.date
    type: EventType
    project: str | None = None
    note: str | None = None
    # Type-specific fields (see EVENT_FIELDS); None/default where not relevant.
    priced: bool = False
    after_contract: bool = True
    quality: FeedbackQuality | None = None
    delay_days: int | None = None
    severity: IncidentSeverity | None = None
    core: bool = False
    kind: EthicsKind | None = None
    topic: str | None = None
    clause: Clause | None = None
    deadline: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Client:
    id: str
    name: str
    stage: Stage = Stage.ACTIVE
    language: str | None = None
    contact: Contact | None = None
    tax_id: str | None = None  # NIF/CIF, RFC, RUT, CUIT, VAT number, as written by the client
    strategic_value: StrategicValue = StrategicValue.NONE
    contract: Contract | None = None
    projects: list[Project] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    time: list[TimeEntry] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def language_or(self, business: Business) -> str:
        return self.language or business.language

    def project_by_id(self, project_id: str | None) -> Project | None:
        return next((p for p in self.projects if p.id == project_id), None)


@dataclass(slots=True)
class Portfolio:
    business: Business
    clients: list[Client] = field(default_factory=list)
    as_of: dt.date | None = None
    format: str = FORMAT
    extra: dict[str, Any] = field(default_factory=dict)

    def client_by_id(self, client_id: str) -> Client | None:
        return next((c for c in self.clients if c.id == client_id), None)
