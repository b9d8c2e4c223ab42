"""The engine as a whole: JSON shape, missing data, as_of, streaming, both phases."""

import datetime as dt
from decimal import Decimal

from despedida.core.assessment.engine import assess_clients, assess_portfolio, default_as_of
from despedida.core.assessment.results import format_hours
from despedida.core.portfolio.model import EventType, Portfolio, Stage
from despedida.core.portfolio.reader import load_document
from tests.assessment.builders import AS_OF, assess, business, client, event, hours, invoice, on_time_invoices
from tests.portfolio.documents import example

CLIENT_KEYS = ["id", "name", "stage", "recommendation", "summary", "signals", "value", "next_actions", "exit", "notes"]


def test_the_json_has_the_shape_of_the_command_line_contract():
    portfolio = load_document(example())
    document = assess_portfolio(portfolio).to_json()
    assert list(document) == ["format", "as_of", "clients"]
    assert document["format"] == "despedida.assessment/1"
    assert document["as_of"] == "2026-11-22"
    acme = document["clients"][0]
    assert list(acme) == CLIENT_KEYS
    assert (acme["id"], acme["name"], acme["stage"]) == ("acme", "Acme Retail SL", "active")
    assert list(acme["value"]) == ["revenue_12m", "revenue_share", "effective_hourly_rate", "hours_chasing"]
    for signal in acme["signals"]:
        assert list(signal) == ["code", "severity", "evidence", "remedies"]
    for action in acme["next_actions"]:
        assert list(action) == ["action", "due_on", "why"]


def test_the_spec_example_has_single_incidents_only_and_an_old_record():
    """GIVEN the format's example on its own date (2026-11-22), whose record is all from 2025
    THEN one late invoice, one slow approval, one unpriced change and one vague comment
    are no pattern, and the empty last twelve months are noted, not guessed."""
    result = assess_portfolio(load_document(example())).clients[0]
    assert result.signals == ()
    assert result.recommendation == "keep"
    assert result.to_json()["value"] == {
        "revenue_12m": "0.00",
        "revenue_share": None,
        "effective_hourly_rate": None,
        "hours_chasing": "0.0",
    }
    assert len(result.notes) == 2


def test_a_client_with_no_invoices_time_or_messages_says_what_could_not_be_judged():
    result = assess(client(invoices=[], time=[], messages=[]), share_of="0")
    document = result.to_json()
    assert result.recommendation == "keep"
    assert document["value"] == {
        "revenue_12m": "0.00",
        "revenue_share": None,
        "effective_hourly_rate": None,
        "hours_chasing": None,
    }
    assert document["notes"] == [
        "Sin facturas: no se puede juzgar cómo paga",
        "Sin horas registradas: no se puede calcular la tarifa efectiva",
        "Sin mensajes: no se puede juzgar si responde",
        "La cartera no facturó nada en 12 meses: no hay cuota de ingresos",
    ]
    assert "faltan datos" in result.summary


def test_zero_amounts_and_zero_hours_never_divide_by_zero():
    one = client(invoices=[invoice("F0", due=10, paid=10, amount="0")], time=[hours(10, "0")])
    result = assess(one, share_of="0")
    assert result.value.effective_hourly_rate is None
    assert result.revenue_share is None


def test_the_portfolio_share_and_median_come_from_every_client():
    big = client("big", "Grande SA", invoices=on_time_invoices(3, amount="3000.00"), time=[hours(10, "100")])
    small = client("small", "Pequeña SL", invoices=on_time_invoices(1, amount="1000.00"), time=[hours(10, "100")])
    result = assess_portfolio(Portfolio(business(target=None), [big, small], as_of=AS_OF))
    assert result.revenue_12m == Decimal("10000.00")
    assert [round(c.revenue_share, 2) for c in result.clients] == [0.9, 0.1]
    assert result.median_hourly_rate == Decimal("50.00")
    assert result.clients[1].signal("low_profitability").severity == "high"


def test_assessing_one_client_from_a_stream_still_counts_everyone_for_the_share():
    clients = [client(f"c{n}", f"Cliente {n}", invoices=on_time_invoices(1)) for n in range(4)]
    result = assess_clients(business(), iter(clients), AS_OF, only="c2")
    assert [c.id for c in result.clients] == ["c2"]
    assert result.clients[0].revenue_share == 0.25
    assert assess_clients(business(), iter(clients), AS_OF, only="nobody").clients == ()


def test_an_as_of_in_the_past_ignores_what_came_later():
    one = client(
        invoices=[invoice("F1", due=60), invoice("F2", due=400, paid=300)], events=[event(EventType.ETHICS_CONCERN, 10)]
    )
    earlier = assess_clients(business(), [one], AS_OF - dt.timedelta(days=100)).clients[0]
    assert earlier.signal("ethics") is None
    assert earlier.signal("unpaid_overdue") is None


def test_the_as_of_defaults_to_the_files_date():
    assert default_as_of(Portfolio(business(), [], as_of=AS_OF)) == AS_OF
    assert isinstance(default_as_of(Portfolio(business(), [])), dt.date)


def test_urgency_puts_endings_first_then_risk():
    calm = client("calm", "Calma SL")
    ethics = client("bad", "Mala SA", events=[event(EventType.ETHICS_CONCERN, 5)])
    owing = client("owing", "Deudora SL", invoices=[invoice("F1", due=40)])
    result = assess_portfolio(Portfolio(business(), [calm, owing, ethics], as_of=AS_OF))
    assert [c.id for c in result.by_urgency()] == ["bad", "owing", "calm"]


def test_stage_is_reported_as_given():
    assert assess(client(stage=Stage.FORMER)).to_json()["stage"] == "former"


def test_hours_are_written_with_at_least_one_decimal():
    assert [format_hours(Decimal(h)) for h in ("7.5", "7", "0", "0.25", "12.50")] == [
        "7.5",
        "7.0",
        "0.0",
        "0.25",
        "12.5",
    ]
