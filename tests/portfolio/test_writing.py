"""The writer produces the canonical document of the portfolio format."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

from despedida.core.portfolio.model import (
    Business,
    Client,
    Direction,
    Event,
    EventType,
    FeedbackQuality,
    Invoice,
    Message,
    Portfolio,
    TimeEntry,
)
from despedida.core.portfolio.reader import load_document, read_portfolio
from despedida.core.portfolio.writer import dump_document, iter_json_chunks, write_portfolio

from .documents import example

MADRID_SUMMER = dt.timezone(dt.timedelta(hours=2))


def _portfolio(*clients: Client, **fields) -> Portfolio:
    fields.setdefault("business", Business(currency="EUR"))
    return Portfolio(clients=list(clients), **fields)


def test_it_writes_keys_in_the_order_of_the_format_example():
    document = dump_document(load_document(example()))
    client = document["clients"][0]

    assert list(document) == ["format", "as_of", "business", "clients"]
    assert list(document["business"]) == [
        "name",
        "currency",
        "language",
        "timezone",
        "target_hourly_rate",
        "payment_terms_days",
    ]
    assert list(client) == [
        "id",
        "name",
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
    ]
    assert list(client["projects"][0]) == ["id", "name", "status", "started_on", "fee_type", "fee", "milestones"]
    assert list(client["invoices"][0]) == [
        "id",
        "project",
        "issued_on",
        "due_on",
        "amount",
        "currency",
        "payments",
        "reminders",
    ]
    assert list(client["events"][1]) == ["on", "type", "project", "quality", "delay_days", "note"]


def test_it_writes_the_example_with_every_known_key_filled_in():
    """GIVEN the example of the format, which leaves some keys out
    WHEN it is read and written
    THEN the output is the example plus those keys at their defaults."""
    expected = example()
    client = expected["clients"][0]
    client["contract"] = {
        "signed_on": "2025-02-01",
        "scope_defined": True,
        "deposit_requested": True,
        "deposit_paid_on": "2025-02-03",
        "deposit_refused": False,  # not in the example
        "late_fee_clause": False,
        "change_order_clause": False,
        "silence_approval_days": None,
        "notice_days": 30,
    }
    for entry in client["time"]:
        entry["note"] = None
    client["messages"][0] = {**client["messages"][0], "body": None, "needs_reply": True}
    client["messages"][1] = {**client["messages"][1], "body": None, "needs_reply": False}
    client["events"][1] = {**client["events"][1], "delay_days": None}

    written = dump_document(load_document(example()))

    assert written == expected
    assert list(written["clients"][0]["contract"]) == list(client["contract"])
    assert list(written["clients"][0]["messages"][0]) == ["at", "direction", "subject", "body", "needs_reply"]


def test_it_writes_money_with_two_places_or_as_many_as_it_has():
    """GIVEN amounts as a store gives them back (four places) or as computed
    THEN the text depends on the value alone, so export after import is stable."""
    client = Client(
        id="acme",
        name="Acme",
        invoices=[
            Invoice(id="F-1", amount=Decimal("2400.0000"), currency="EUR"),
            Invoice(id="F-2", amount=Decimal("0.125"), currency="EUR"),
            Invoice(id="F-3", amount=Decimal("1E+3"), currency="EUR"),
            Invoice(id="F-4", amount=Decimal("12345678901234567890123456789.5"), currency="EUR"),
        ],
    )

    document = dump_document(_portfolio(client, business=Business(currency="EUR", target_hourly_rate=Decimal("45"))))

    assert document["business"]["target_hourly_rate"] == "45.00"
    assert [invoice["amount"] for invoice in document["clients"][0]["invoices"]] == [
        "2400.00",
        "0.125",
        "1000.00",
        "12345678901234567890123456789.50",
    ]


def test_it_writes_hours_as_people_write_them():
    hours = [Decimal("6"), Decimal("0.50"), Decimal("1.2500"), Decimal("1E+1")]
    client = Client(id="acme", name="Acme", time=[TimeEntry(on=dt.date(2025, 3, 10), hours=h) for h in hours])

    document = dump_document(_portfolio(client))

    assert [entry["hours"] for entry in document["clients"][0]["time"]] == ["6", "0.5", "1.25", "10"]


def test_it_writes_null_for_absent_optional_values():
    document = dump_document(_portfolio(Client(id="acme", name="Acme")))

    assert document["as_of"] is None
    assert document["business"]["target_hourly_rate"] is None
    client = document["clients"][0]
    assert (client["language"], client["contact"], client["contract"]) == (None, None, None)
    assert (client["stage"], client["strategic_value"]) == ("active", "none")


def test_it_writes_dates_and_instants_in_iso_8601_with_their_offset():
    client = Client(
        id="acme",
        name="Acme",
        messages=[Message(at=dt.datetime(2025, 6, 1, 18, 40, tzinfo=MADRID_SUMMER), direction=Direction.OUT)],
    )

    document = dump_document(_portfolio(client, as_of=dt.date(2026, 11, 22)))

    assert document["as_of"] == "2026-11-22"
    assert document["clients"][0]["messages"][0]["at"] == "2025-06-01T18:40:00+02:00"


def test_it_writes_only_the_fields_of_an_events_own_type():
    events = [
        Event(on=dt.date(2025, 4, 15), type=EventType.CONTACT_CHANGE),
        Event(
            on=dt.date(2025, 5, 2),
            type=EventType.FEEDBACK,
            quality=FeedbackQuality.VAGUE,
            project=None,
            note="«No me convence»",
        ),
        Event(on=dt.date(2025, 5, 3), type=EventType.RATE_RENEGOTIATION),
    ]

    written = dump_document(_portfolio(Client(id="acme", name="Acme", events=events)))["clients"][0]["events"]

    assert written == [
        {"on": "2025-04-15", "type": "contact_change"},
        {"on": "2025-05-02", "type": "feedback", "quality": "vague", "delay_days": None, "note": "«No me convence»"},
        {"on": "2025-05-03", "type": "rate_renegotiation", "after_contract": True},
    ]


def test_it_writes_unknown_keys_back_after_the_known_ones():
    client = Client(id="acme", name="Acme", extra={"sector": "retail", "name": "ignored: known keys win"})

    written = dump_document(_portfolio(client, extra={"generator": "demo"}))

    assert list(written) == ["format", "as_of", "business", "generator", "clients"]  # clients last, for streaming
    assert written["clients"][0]["name"] == "Acme"
    assert list(written["clients"][0])[-1] == "sector"


def test_it_writes_pretty_utf8_json_that_reads_back():
    portfolio = load_document(example())
    stream = io.BytesIO()

    write_portfolio(portfolio, stream)

    text = stream.getvalue().decode("utf-8")
    assert "Laura Gómez" in text and "«No me convence»" in text  # not \u escapes
    assert text.startswith('{\n  "format": "despedida.portfolio/1",\n')
    assert text.endswith("}\n")
    assert read_portfolio(io.BytesIO(stream.getvalue())) == portfolio


def test_it_writes_the_same_text_to_a_text_stream():
    portfolio = load_document(example())
    as_bytes, as_text = io.BytesIO(), io.StringIO()

    write_portfolio(portfolio, as_bytes)
    write_portfolio(portfolio, as_text)

    assert as_bytes.getvalue().decode("utf-8") == as_text.getvalue()


def test_it_writes_utf8_under_a_text_stream_in_another_encoding():
    raw = io.BytesIO()
    terminal = io.TextIOWrapper(raw, encoding="ascii")

    write_portfolio(load_document(example()), terminal)

    terminal.flush()
    assert "Laura Gómez" in raw.getvalue().decode("utf-8")


def test_its_chunks_are_the_text_of_the_whole_document():
    portfolio = load_document(example())
    portfolio.clients.append(Client(id="beta", name="Beta"))

    chunks = list(iter_json_chunks(portfolio))

    assert len(chunks) >= 3  # the head, then one piece per client
    assert "".join(chunks) == json.dumps(dump_document(portfolio), indent=2, ensure_ascii=False) + "\n"


def test_its_chunks_write_an_empty_client_list():
    text = "".join(iter_json_chunks(_portfolio()))

    assert json.loads(text)["clients"] == []
    assert text == json.dumps(dump_document(_portfolio()), indent=2, ensure_ascii=False) + "\n"


def test_it_writes_a_decimal_among_unknown_keys_as_a_json_number():
    portfolio = _portfolio(extra={"weights": [Decimal("0.25"), Decimal("1E+2")], "label": "0.5"})

    text = "".join(iter_json_chunks(portfolio))

    assert '"weights": [\n    0.25,\n    1E+2\n  ]' in text
    assert json.loads(text, parse_float=Decimal)["weights"] == [Decimal("0.25"), Decimal("1E+2")]
    assert '"label": "0.5"' in text
