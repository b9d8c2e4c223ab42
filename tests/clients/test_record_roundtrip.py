"""The store-to-core adapter (clients.record) gives back every field of every record kind as it went in.

A portfolio with every field of the format set (and unknown keys on every
object) is imported and read back with `iter_clients`, `load_client` and
`portfolio_for`; the dataclasses must be equal, and what equality does not
see must match too: an instant's offset, a Decimal's digits as the ORM
reads them (the export writes them). Hypothesis then tries any valid portfolio.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from despedida.accounts.models import Workspace
from despedida.clients import models as db
from despedida.clients.record import header_of, iter_clients, load_client, portfolio_for
from despedida.core.portfolio import model as pf
from despedida.portability.importer import import_portfolio
from tests.portfolio.strategies import portfolios

AS_OF = dt.date(2026, 11, 22)
MADRID_SUMMER = dt.timezone(dt.timedelta(hours=2))
KATHMANDU = dt.timezone(dt.timedelta(hours=5, minutes=45))
BUENOS_AIRES = dt.timezone(dt.timedelta(hours=-3))

EVENT_VALUES = {
    "priced": True,
    "after_contract": False,
    "quality": pf.FeedbackQuality.ACCUSATORY,
    "delay_days": 9,
    "severity": pf.IncidentSeverity.SERIOUS,
    "core": True,
    "kind": pf.EthicsKind.ILLEGAL,
    "topic": "Precio del mantenimiento",
    "clause": pf.Clause.SILENCE_APPROVAL,
    "deadline": dt.date(2026, 12, 1),
}


def extra(tag: str) -> dict:
    """Unknown keys of every JSON kind, a decimal with its own digits among them."""
    return {f"x-{tag}": {"peso": Decimal("1.50"), "lista": [1, "dos", None, True], "vacío": {}}}


def every_event(project: str) -> list[pf.Event]:
    """One event of each type, each with its own fields set away from their defaults."""
    return [
        pf.Event(
            on=dt.date(2026, 10, 1) + dt.timedelta(days=n),
            type=event_type,
            project=project if n % 2 else None,
            note=f"nota {n} — ñ",
            extra=extra(f"event-{n}"),
            **{name: EVENT_VALUES[name] for name in pf.EVENT_FIELDS[event_type]},
        )
        for n, event_type in enumerate(pf.EventType)
    ]


def rich_client(key: str) -> pf.Client:
    return pf.Client(
        id=key,
        name=f"Cliente {key} «Ñandú»",
        stage=pf.Stage.FORMER,
        language="en",
        contact=pf.Contact(name="Ana Pérez", email="ana@example.com", extra=extra("contact")),
        tax_id="B-12345678",
        strategic_value=pf.StrategicValue.HIGH,
        contract=pf.Contract(
            signed_on=dt.date(2025, 1, 15),
            scope_defined=True,
            deposit_requested=True,
            deposit_paid_on=dt.date(2025, 1, 20),
            deposit_refused=True,
            late_fee_clause=True,
            change_order_clause=True,
            silence_approval_days=7,
            notice_days=30,
            extra=extra("contract"),
        ),
        projects=[
            pf.Project(
                id="web",
                name="Web nueva",
                status=pf.ProjectStatus.PAUSED,
                started_on=dt.date(2025, 2, 1),
                fee_type=pf.FeeType.HOURLY,
                fee=Decimal("0.125"),
                milestones=[
                    pf.Milestone("Diseño", dt.date(2025, 3, 1), dt.date(2025, 3, 3), dt.date(2025, 3, 9), extra("m1")),
                    pf.Milestone("Entrega", dt.date(2025, 6, 1), None, None, {}),
                ],
                extra=extra("project"),
            ),
            pf.Project(id="soporte", name="Soporte", status=pf.ProjectStatus.CANCELLED, fee_type=pf.FeeType.RETAINER),
        ],
        invoices=[
            pf.Invoice(
                id="F-2025/001",
                amount=Decimal("12345678901.2345"),
                currency="USD",
                issued_on=dt.date(2025, 3, 10),
                due_on=dt.date(2025, 4, 9),
                project="web",
                payments=[
                    pf.Payment(dt.date(2025, 4, 20), Decimal("0.01"), extra("payment")),
                    pf.Payment(dt.date(2025, 5, 1), Decimal("2400"), {}),
                ],
                reminders=[dt.date(2025, 4, 12), dt.date(2025, 4, 16)],
                extra=extra("invoice"),
            ),
            pf.Invoice(id="F-2025/002", amount=Decimal("0"), currency="EUR"),
        ],
        time=[
            pf.TimeEntry(dt.date(2025, 3, 2), Decimal("0.25"), pf.TimeKind.CHASING, "web", "llamada", extra("time")),
            pf.TimeEntry(dt.date(2025, 3, 3), Decimal("7"), pf.TimeKind.ADMIN),
        ],
        messages=[
            pf.Message(
                at=dt.datetime(2025, 4, 12, 9, 30, 15, 250000, tzinfo=KATHMANDU),
                direction=pf.Direction.IN,
                subject="¿Factura?",
                body="Línea uno\nLínea dos",
                needs_reply=True,
                extra=extra("message"),
                message_id="abc@mail.example",
                in_reply_to="xyz@mail.example",
            ),
            pf.Message(at=dt.datetime(2025, 4, 13, 23, 59, tzinfo=BUENOS_AIRES), direction=pf.Direction.OUT),
            pf.Message(at=dt.datetime(2025, 7, 1, 0, 0, tzinfo=MADRID_SUMMER), direction=pf.Direction.IN),
        ],
        events=every_event("web"),
        extra=extra("client"),
    )


def rich_portfolio() -> pf.Portfolio:
    return pf.Portfolio(
        business=pf.Business(
            currency="EUR",
            name="Estudio Prueba",
            language="en",
            timezone="America/Mexico_City",
            target_hourly_rate=Decimal("65.50"),
            payment_terms_days=45,
            extra=extra("business"),
        ),
        clients=[rich_client("rica"), pf.Client(id="minima", name="Mínima")],
        as_of=AS_OF,
        extra=extra("portfolio"),
    )


def imported(portfolio: pf.Portfolio, slug: str = "prueba") -> Workspace:
    workspace = Workspace.objects.create(name="Prueba", slug=slug)
    import_portfolio(portfolio, portfolio.clients, workspace=workspace)
    return workspace


def offsets(client: pf.Client) -> list[str]:
    """What dataclass equality does not see: an instant compares equal in any zone."""
    return [message.at.isoformat() for message in client.messages]


@pytest.mark.django_db
def test_every_field_of_every_record_kind_reads_back_equal():
    portfolio = rich_portfolio()
    workspace = imported(portfolio)
    loaded = list(iter_clients(workspace))
    assert loaded == portfolio.clients
    assert [offsets(c) for c in loaded] == [offsets(c) for c in portfolio.clients]
    header = header_of(workspace, AS_OF)
    assert (header.business, header.extra) == (portfolio.business, portfolio.extra)


@pytest.mark.django_db
def test_one_client_reads_back_the_same_alone_as_in_the_whole_workspace():
    portfolio = rich_portfolio()
    workspace = imported(portfolio)
    row = db.Client.objects.get(workspace=workspace, key="rica")
    assert load_client(row) == portfolio.clients[0]
    one, record = portfolio_for(row, AS_OF)
    assert one.clients == [record] == [portfolio.clients[0]]
    assert (one.as_of, one.business) == (AS_OF, portfolio.business)
    assert list(iter_clients(workspace, client_ids=[row.pk])) == [portfolio.clients[0]]


@pytest.mark.django_db
def test_the_adapter_reads_each_value_exactly_as_the_orm_does():
    """Same digits (the export writes a Decimal's own), same instants, same dates, on either database."""
    workspace = imported(rich_portfolio())
    loaded = {c.id: c for c in iter_clients(workspace)}["rica"]
    invoice = db.Invoice.objects.in_workspace(workspace).get(number="F-2025/001")
    assert str(loaded.invoices[0].amount) == str(invoice.amount)
    payments = db.Payment.objects.filter(invoice=invoice).order_by("position")
    assert [str(p.amount) for p in loaded.invoices[0].payments] == [str(p.amount) for p in payments]
    times = db.TimeEntry.objects.in_workspace(workspace).order_by("position")
    assert [str(t.hours) for t in loaded.time] == [str(t.hours) for t in times]
    project = db.Project.objects.in_workspace(workspace).get(key="web")
    assert str(loaded.projects[0].fee) == str(project.fee)
    messages = db.Message.objects.in_workspace(workspace).order_by("position")
    assert [m.at for m in loaded.messages] == [m.at for m in messages]
    events = db.Event.objects.in_workspace(workspace).order_by("position")
    assert [(e.on, e.deadline) for e in loaded.events] == [(e.on, e.deadline) for e in events]


@pytest.mark.django_db
def test_automatic_replies_stay_out_of_the_record_the_engines_read():
    portfolio = rich_portfolio()
    workspace = imported(portfolio)
    first = db.Message.objects.in_workspace(workspace).order_by("position").first()
    first.auto_reply = db.AutoReply.AUTO_REPLY
    first.save(update_fields=["auto_reply"])
    loaded = {c.id: c for c in iter_clients(workspace)}["rica"]
    assert loaded.messages == portfolio.clients[0].messages[1:]


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(portfolio=portfolios(max_clients=4))
def test_any_valid_portfolio_reads_back_as_equal_dataclasses(portfolio):
    workspace = imported(portfolio, slug=f"p-{Workspace.objects.count()}")
    loaded = list(iter_clients(workspace))
    assert loaded == portfolio.clients
    assert [offsets(c) for c in loaded] == [offsets(c) for c in portfolio.clients]
