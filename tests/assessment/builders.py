"""Small builders for client records, dated relative to one fixed day.

Every date is "N days before AS_OF" (`ago(N)`), so a test reads as a
story told from today: `invoice("F1", due=40, paid=5)` fell due 40 days ago
and was paid 5 days ago.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from despedida.core.assessment.engine import assess_client
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import (
    Business,
    Client,
    Contract,
    Direction,
    Event,
    EventType,
    Invoice,
    Message,
    Milestone,
    Payment,
    Project,
    ProjectStatus,
    Stage,
    TimeEntry,
    TimeKind,
)
from tests.dates import AS_OF

MADRID = dt.timezone(dt.timedelta(hours=1))


def ago(days: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days)


def business(language: str = "es", target: str | None = "45.00", **extra) -> Business:
    return Business(
        currency="EUR",
        name="Estudio Norte",
        language=language,
        timezone="Europe/Madrid",
        target_hourly_rate=Decimal(target) if target is not None else None,
        **extra,
    )


def invoice(
    id: str,
    due: int,
    paid: int | None = None,
    amount: str = "1000.00",
    reminders: tuple[int, ...] = (),
    issued: int | None = None,
    currency: str = "EUR",
) -> Invoice:
    """An invoice due `due` days ago, paid in full `paid` days ago (None: open)."""
    payments = [Payment(ago(paid), Decimal(amount))] if paid is not None else []
    return Invoice(
        id=id,
        amount=Decimal(amount),
        currency=currency,
        issued_on=ago(issued if issued is not None else due + 30),
        due_on=ago(due),
        payments=payments,
        reminders=[ago(r) for r in reminders],
    )


def event(type: EventType | str, days_ago: int, **fields) -> Event:
    return Event(on=ago(days_ago), type=EventType(type), **fields)


def message(direction: str, days_ago: int, needs_reply: bool = False, hour: int = 10) -> Message:
    day = ago(days_ago)
    return Message(
        at=dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=MADRID),
        direction=Direction(direction),
        needs_reply=needs_reply,
    )


def signed_contract(**fields) -> Contract:
    values = {"signed_on": ago(400), "scope_defined": True, "notice_days": 30}
    values.update(fields)
    return Contract(**values)


def project(
    milestones: list[Milestone] | None = None, status: ProjectStatus = ProjectStatus.ACTIVE, id: str = "web"
) -> Project:
    return Project(
        id=id,
        name="Tienda online",
        status=status,
        started_on=ago(300),
        fee=Decimal("8000"),
        milestones=milestones or [],
    )


def milestone(name: str, due: int | None, delivered: int | None = None, approved: int | None = None) -> Milestone:
    return Milestone(
        name=name,
        due_on=ago(due) if due is not None else None,
        delivered_on=ago(delivered) if delivered is not None else None,
        approved_on=ago(approved) if approved is not None else None,
    )


def hours(days_ago: int, amount: str, kind: TimeKind = TimeKind.WORK) -> TimeEntry:
    return TimeEntry(on=ago(days_ago), hours=Decimal(amount), kind=kind)


def client(id: str = "acme", name: str = "Acme Retail SL", **fields) -> Client:
    """An active client with a signed contract and scope, unless told otherwise."""
    fields.setdefault("contract", signed_contract())
    return Client(id=id, name=name, **fields)


def prospect(id: str = "nuevo", name: str = "Nuevo Cliente SL", **fields) -> Client:
    fields.setdefault("contract", None)
    return Client(id=id, name=name, stage=Stage.PROSPECT, **fields)


def on_time_invoices(count: int, start: int = 300, step: int = 30, amount: str = "1000.00") -> list[Invoice]:
    """`count` invoices paid on their due date, the first `start` days ago."""
    return [invoice(f"OK-{n}", due=start - n * step, paid=start - n * step, amount=amount) for n in range(count)]


def assess(
    one: Client, *, language: str = "es", target: str | None = "45.00", share_of: str | None = None, **overrides
):
    """Assess `one` on AS_OF; `share_of` is the portfolio's revenue (default: the client's own)."""
    thresholds = Thresholds.from_mapping(overrides)
    biz = business(language, target)
    total = Decimal(share_of) if share_of is not None else None
    if total is None:
        from despedida.core.assessment.value import client_value

        total = client_value(one, biz, AS_OF, thresholds).revenue_12m * 10  # a 10 % client by default
    return assess_client(one, biz, AS_OF, thresholds, total)


def codes(result) -> dict[str, str]:
    return {s.code: str(s.severity) for s in result.signals}
