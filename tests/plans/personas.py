"""Named clients for the exit tests, built straight from the portfolio dataclasses.

- acme: a fixed-price shop mid-job («Desarrollo» due 2026-12-15), one paid
  and one open invoice, a 30-day notice period;
- bolt: an hourly client with hours logged since its last invoice;
- nadie: a client with nothing on record (no contract, projects or invoices);
- globo: owes money in EUR and in USD;
- prospecto: a prospect who paid the deposit and signed a defined scope.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from despedida.core.portfolio.model import (
    Business,
    Client,
    Contract,
    FeeType,
    Invoice,
    Milestone,
    Payment,
    Portfolio,
    Project,
    ProjectStatus,
    Stage,
    TimeEntry,
    TimeKind,
)
from tests.dates import AS_OF


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def business(**overrides) -> Business:
    values = dict(name="Estudio Norte", currency="EUR", language="es", payment_terms_days=30)
    values.update(overrides)
    return Business(**values)


def invoice(
    id: str,
    amount: str,
    *,
    project: str | None = None,
    issued: str | None = None,
    paid: str | None = None,
    paid_on: str = "2026-01-01",
    currency: str = "EUR",
) -> Invoice:
    payments = [Payment(d(paid_on), Decimal(paid))] if paid is not None else []
    issued_on = d(issued) if issued else None
    due_on = issued_on + dt.timedelta(days=30) if issued_on else None
    return Invoice(
        id, Decimal(amount), currency, issued_on=issued_on, due_on=due_on, project=project, payments=payments
    )


def acme(notice_days: int | None = 30) -> Client:
    return Client(
        id="acme",
        name="Acme Retail SL",
        contract=Contract(
            signed_on=d("2026-02-01"),
            scope_defined=True,
            deposit_requested=True,
            deposit_paid_on=d("2026-02-03"),
            notice_days=notice_days,
        ),
        projects=[
            Project(
                "web",
                "Tienda online",
                fee_type=FeeType.FIXED,
                fee=Decimal("8000.00"),
                milestones=[
                    Milestone("Diseño", due_on=d("2026-09-01"), delivered_on=d("2026-09-01")),
                    Milestone("Desarrollo", due_on=d("2026-12-15")),
                ],
            )
        ],
        invoices=[
            invoice("F-1", "2400.00", project="web", issued="2026-02-02", paid="2400.00"),
            invoice("F-2", "600.00", project="web", issued="2026-09-02"),
        ],
    )


def bolt() -> Client:
    def work(on: str, hours: str, kind: TimeKind = TimeKind.WORK, project: str | None = "soporte") -> TimeEntry:
        return TimeEntry(d(on), Decimal(hours), kind, project)

    return Client(
        id="bolt",
        name="Bolt Logística",
        contract=Contract(signed_on=d("2026-01-10"), scope_defined=True),
        projects=[Project("soporte", "Soporte web", fee_type=FeeType.HOURLY, fee=Decimal("45.50"))],
        invoices=[invoice("B-7", "910.00", project="soporte", issued="2026-10-31", paid="910.00")],
        time=[
            work("2026-10-20", "20"),  # billed by B-7
            work("2026-10-31", "3"),  # the day of B-7: billed by it
            work("2026-11-05", "10.25"),
            work("2026-11-10", "2"),
            work("2026-11-12", "3", TimeKind.CHASING),
            work("2026-11-13", "1", TimeKind.MEETING),
            work("2026-11-30", "4"),  # after as_of: not done yet
        ],
    )


def nadie() -> Client:
    return Client(id="nadie", name="Nadie SA")


def globo() -> Client:
    return Client(
        id="globo",
        name="Globo Inc",
        invoices=[
            invoice("G-1", "500.00", issued="2026-10-01", paid="200.00"),
            invoice("G-2", "1200.00", issued="2026-10-15", currency="USD"),
        ],
    )


def prospecto() -> Client:
    return Client(
        id="prospecto",
        name="Prospecto SL",
        stage=Stage.PROSPECT,
        contract=Contract(
            signed_on=d("2026-11-20"), scope_defined=True, deposit_requested=True, deposit_paid_on=d("2026-11-21")
        ),
        projects=[Project("app", "App", status=ProjectStatus.PROPOSED)],
    )


def portfolio(*clients: Client, as_of: dt.date | None = AS_OF, **business_overrides) -> Portfolio:
    return Portfolio(business=business(**business_overrides), clients=list(clients), as_of=as_of)
