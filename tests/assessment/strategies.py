"""Hypothesis strategies for valid clients and portfolios (engine tests only).

Dates fall within two and a half years before AS_OF, a few after it (the
engine must ignore what had not happened yet); amounts and hours are
positive decimals; every enum value and optional field can appear.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from despedida.core.portfolio.model import (
    Business,
    Clause,
    Client,
    Contract,
    Direction,
    EthicsKind,
    Event,
    EventType,
    FeedbackQuality,
    FeeType,
    IncidentSeverity,
    Invoice,
    Message,
    Milestone,
    Payment,
    Portfolio,
    Project,
    ProjectStatus,
    Stage,
    StrategicValue,
    TimeEntry,
    TimeKind,
)
from tests.assessment.builders import AS_OF

days = st.integers(min_value=-20, max_value=900).map(lambda n: AS_OF - dt.timedelta(days=n))
maybe_day = st.none() | days
money = st.integers(min_value=1, max_value=2_000_000).map(lambda cents: Decimal(cents) / 100)
hours = st.integers(min_value=1, max_value=400).map(lambda quarters: Decimal(quarters) / 4)
offsets = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5))])


@st.composite
def instants(draw) -> dt.datetime:
    day = draw(days)
    return dt.datetime(
        day.year, day.month, day.day, draw(st.integers(0, 23)), draw(st.integers(0, 59)), tzinfo=draw(offsets)
    )


@st.composite
def invoices(draw, index: int = 0) -> Invoice:
    amount = draw(money)
    payments = draw(st.lists(st.builds(Payment, on=days, amount=money), max_size=3))
    return Invoice(
        id=f"F{index}-{draw(st.integers(0, 10**6))}",
        amount=amount,
        currency=draw(st.sampled_from(["EUR", "EUR", "EUR", "USD"])),
        issued_on=draw(maybe_day),
        due_on=draw(maybe_day),
        payments=payments,
        reminders=draw(st.lists(days, max_size=4)),
    )


@st.composite
def events(draw) -> Event:
    kind = draw(st.sampled_from(list(EventType)))
    return Event(
        on=draw(days),
        type=kind,
        priced=draw(st.booleans()),
        after_contract=draw(st.booleans()),
        quality=draw(st.none() | st.sampled_from(list(FeedbackQuality))),
        delay_days=draw(st.none() | st.integers(0, 90)),
        severity=draw(st.none() | st.sampled_from(list(IncidentSeverity))),
        core=draw(st.booleans()),
        kind=draw(st.none() | st.sampled_from(list(EthicsKind))) if kind == EventType.ETHICS_CONCERN else None,
        topic=draw(
            st.none() | st.sampled_from(["pagos", "alcance", "team", "forma de dar feedback", "tarifas", "otra cosa"])
        ),
        clause=draw(st.none() | st.sampled_from(list(Clause))),
        deadline=draw(maybe_day),
    )


milestones = st.builds(
    Milestone,
    name=st.sampled_from(["Diseño", "Desarrollo", "Lanzamiento"]),
    due_on=maybe_day,
    delivered_on=maybe_day,
    approved_on=maybe_day,
)


@st.composite
def projects(draw, index: int) -> Project:
    return Project(
        id=f"p{index}",
        name=draw(st.sampled_from(["Tienda online", "Web", "Campaña"])),
        status=draw(st.sampled_from(list(ProjectStatus))),
        started_on=draw(maybe_day),
        fee_type=draw(st.sampled_from(list(FeeType))),
        fee=draw(st.none() | money),
        milestones=draw(st.lists(milestones, max_size=4)),
    )


contracts = st.none() | st.builds(
    Contract,
    signed_on=maybe_day,
    scope_defined=st.booleans(),
    deposit_requested=st.booleans(),
    deposit_paid_on=maybe_day,
    deposit_refused=st.booleans(),
    late_fee_clause=st.booleans(),
    change_order_clause=st.booleans(),
    silence_approval_days=st.none() | st.integers(1, 30),
    notice_days=st.none() | st.integers(0, 120),
)


@st.composite
def clients(draw, index: int = 0) -> Client:
    n_invoices = draw(st.integers(0, 8))
    return Client(
        id=f"c{index}",
        name=f"Cliente {index}",
        stage=draw(st.sampled_from([Stage.ACTIVE, Stage.ACTIVE, Stage.PROSPECT, Stage.FORMER])),
        strategic_value=draw(st.sampled_from(list(StrategicValue))),
        contract=draw(contracts),
        projects=[draw(projects(n)) for n in range(draw(st.integers(0, 2)))],
        invoices=[draw(invoices(n)) for n in range(n_invoices)],
        time=draw(
            st.lists(st.builds(TimeEntry, on=days, hours=hours, kind=st.sampled_from(list(TimeKind))), max_size=8)
        ),
        messages=draw(
            st.lists(
                st.builds(
                    Message, at=instants(), direction=st.sampled_from(list(Direction)), needs_reply=st.booleans()
                ),
                max_size=8,
            )
        ),
        events=draw(st.lists(events(), max_size=10)),
    )


@st.composite
def businesses(draw) -> Business:
    return Business(
        currency="EUR",
        name="Estudio",
        language=draw(st.sampled_from(["es", "en"])),
        timezone=draw(st.sampled_from(["Europe/Madrid", "America/Bogota", "UTC"])),
        target_hourly_rate=draw(st.none() | money),
        payment_terms_days=30,
    )


@st.composite
def portfolios(draw) -> Portfolio:
    count = draw(st.integers(0, 5))
    return Portfolio(business=draw(businesses()), clients=[draw(clients(n)) for n in range(count)], as_of=AS_OF)
