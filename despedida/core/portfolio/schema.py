"""The vocabulary of the portfolio format: the keys each object knows and
the closed lists of words, as lookup tables for the decoder.

Keys not listed here are unknown: a reader keeps them in the object's
`extra`, never refuses them.
"""

from __future__ import annotations

from typing import Any

from .model import (
    EVENT_FIELDS,
    Clause,
    Direction,
    EthicsKind,
    EventType,
    FeedbackQuality,
    FeeType,
    IncidentSeverity,
    ProjectStatus,
    Stage,
    StrategicValue,
    TimeKind,
)
from .values import Choices, parse_bool, parse_date, parse_days, parse_topic

LANGUAGES = Choices(("es", "en"))
STAGES = Choices(Stage)
STRATEGIC_VALUES = Choices(StrategicValue)
PROJECT_STATUSES = Choices(ProjectStatus)
FEE_TYPES = Choices(FeeType)
TIME_KINDS = Choices(TimeKind)
DIRECTIONS = Choices(Direction)
EVENT_TYPES = Choices(EventType)
FEEDBACK_QUALITIES = Choices(FeedbackQuality)
SEVERITIES = Choices(IncidentSeverity)
ETHICS_KINDS = Choices(EthicsKind)
CLAUSES = Choices(Clause)

TIME_KIND_OR_WORK = TIME_KINDS.or_default(TimeKind.WORK)

# The keys each object understands; anything else goes to its `extra`.
PORTFOLIO_KEYS = frozenset({"format", "as_of", "business", "clients"})
BUSINESS_KEYS = frozenset({"name", "currency", "language", "timezone", "target_hourly_rate", "payment_terms_days"})
CLIENT_KEYS = frozenset(
    {
        "id",
        "name",
        "tax_id",
        "stage",
        "language",
        "contact",
        "strategic_value",
        "contract",
        "projects",
        "invoices",
        "time",
        "messages",
        "events",
    }
)
CONTACT_KEYS = frozenset({"name", "email"})
CONTRACT_KEYS = frozenset(
    {
        "signed_on",
        "scope_defined",
        "deposit_requested",
        "deposit_paid_on",
        "deposit_refused",
        "late_fee_clause",
        "change_order_clause",
        "silence_approval_days",
        "notice_days",
    }
)
PROJECT_KEYS = frozenset({"id", "name", "status", "started_on", "fee_type", "fee", "milestones"})
MILESTONE_KEYS = frozenset({"name", "due_on", "delivered_on", "approved_on"})
INVOICE_KEYS = frozenset({"id", "project", "issued_on", "due_on", "amount", "currency", "payments", "reminders"})
PAYMENT_KEYS = frozenset({"on", "amount"})
TIME_KEYS = frozenset({"on", "hours", "kind", "project", "note"})
MESSAGE_KEYS = frozenset({"at", "direction", "subject", "body", "needs_reply", "message_id", "in_reply_to"})
EVENT_BASE_KEYS = frozenset({"on", "type", "project", "note"})
EVENT_KEYS = {kind: EVENT_BASE_KEYS | fields.keys() for kind, fields in EVENT_FIELDS.items()}

# How each type-specific event field is read (its default is in EVENT_FIELDS).
EVENT_FIELD_PARSERS: dict[str, Any] = {
    "priced": parse_bool,
    "after_contract": parse_bool,
    "quality": FEEDBACK_QUALITIES.parse,
    "delay_days": parse_days,
    "severity": SEVERITIES.parse,
    "core": parse_bool,
    "kind": ETHICS_KINDS.parse,
    "topic": parse_topic,
    "clause": CLAUSES.parse,
    "deadline": parse_date,
}
