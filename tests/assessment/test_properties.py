"""Properties that hold for any valid record (hypothesis)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from despedida.core.assessment.engine import assess_client, assess_portfolio
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import EthicsKind, Event, EventType, Payment, Stage
from tests.assessment import strategies as ours
from tests.assessment.builders import AS_OF
from tests.portfolio.strategies import portfolios

RECOMMENDATIONS = {"keep", "protect", "repair", "exit", "walk_away", "decline"}
CLIENT_KEYS = {"id", "name", "stage", "recommendation", "summary", "signals", "value", "next_actions", "exit", "notes"}
PROPERTY_SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Drawing whole portfolios of the file format's full range is slower: fewer examples.
FORMAT_SETTINGS = settings(PROPERTY_SETTINGS, max_examples=max(10, PROPERTY_SETTINGS.max_examples // 2))


def check_document(document: dict, as_of: dt.date) -> None:
    json.dumps(document)  # plain JSON types only
    assert document["format"] == "despedida.assessment/1"
    for client in document["clients"]:
        assert set(client) == CLIENT_KEYS
        assert client["recommendation"] in RECOMMENDATIONS
        assert isinstance(client["summary"], str) and client["summary"]
        assert (client["exit"] is not None) == (client["recommendation"] in {"exit", "walk_away"})
        if client["exit"] is not None:
            assert client["exit"]["earliest_on"] > as_of.isoformat()
        for action in client["next_actions"]:
            assert action["due_on"] >= as_of.isoformat()
        for signal in client["signals"]:
            assert signal["severity"] in {"low", "medium", "high", "critical"}
            assert signal["evidence"]


@FORMAT_SETTINGS
@given(portfolios(), st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_it_assesses_any_valid_portfolio_without_crashing(portfolio, as_of):
    result = assess_portfolio(portfolio, as_of)
    check_document(result.to_json(), as_of)
    assert [c.id for c in result.clients] == [c.id for c in portfolio.clients]


@PROPERTY_SETTINGS
@given(ours.portfolios())
def test_it_assesses_any_busy_recent_portfolio_without_crashing(portfolio):
    check_document(assess_portfolio(portfolio, AS_OF).to_json(), AS_OF)


@PROPERTY_SETTINGS
@given(ours.portfolios(), st.randoms(use_true_random=False))
def test_the_output_is_deterministic_for_a_given_as_of_whatever_the_order_of_records(portfolio, rng):
    first = assess_portfolio(portfolio, AS_OF).to_json()
    shuffled = copy.deepcopy(portfolio)
    for client in shuffled.clients:
        for rows in (client.invoices, client.time, client.messages, client.events):
            rng.shuffle(rows)
    assert assess_portfolio(copy.deepcopy(portfolio), AS_OF).to_json() == first
    assert assess_portfolio(shuffled, AS_OF).to_json() == first


def open_invoices_payable_on_time(client):
    """Open invoices that a payment today-or-at-due-date would complete on time."""
    payable = []
    for invoice in client.invoices:
        if invoice.due_on is None or invoice.amount <= 0:
            continue
        if invoice.issued_on is not None and invoice.issued_on > AS_OF:
            continue
        seen = [p for p in invoice.payments if p.on <= AS_OF]
        if sum((p.amount for p in seen), Decimal(0)) >= invoice.amount:
            continue
        pay_on = min(invoice.due_on, AS_OF)
        if any(p.on > pay_on for p in seen):
            continue  # an earlier-dated payment would not complete it first
        payable.append((invoice, pay_on))
    return payable


@PROPERTY_SETTINGS
@given(ours.clients(), ours.businesses(), st.data())
def test_paying_an_open_invoice_on_time_never_raises_the_risk(client, business, data):
    payable = open_invoices_payable_on_time(client)
    if not payable:
        return
    invoice, pay_on = data.draw(st.sampled_from(payable))
    before = assess_client(client, business, AS_OF, Thresholds(), Decimal("100000"))
    invoice.payments.append(
        Payment(
            on=pay_on, amount=invoice.amount - sum((p.amount for p in invoice.payments if p.on <= AS_OF), Decimal(0))
        )
    )
    after = assess_client(client, business, AS_OF, Thresholds(), Decimal("100000"))
    assert after.risk <= before.risk
    assert after.recommendation.rank <= before.recommendation.rank


@PROPERTY_SETTINGS
@given(ours.clients(), ours.businesses(), st.sampled_from(list(EthicsKind)), st.integers(0, 800))
def test_adding_an_ethics_concern_always_gives_walk_away_or_decline(client, business, kind, days_ago):
    client.events.append(Event(on=AS_OF - dt.timedelta(days=days_ago), type=EventType.ETHICS_CONCERN, kind=kind))
    result = assess_client(client, business, AS_OF, Thresholds(), Decimal("1000"))
    expected = "walk_away" if client.stage == Stage.ACTIVE else "decline"
    assert result.recommendation == expected


@PROPERTY_SETTINGS
@given(ours.clients(), ours.businesses())
def test_moderators_never_change_the_signals(client, business):
    small = assess_client(client, business, AS_OF, Thresholds(), Decimal("100000000"))
    big = assess_client(client, business, AS_OF, Thresholds(), Decimal("1"))
    assert [s.to_json() for s in small.signals] == [s.to_json() for s in big.signals]
