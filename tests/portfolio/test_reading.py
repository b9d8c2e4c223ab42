"""The reader applies every rule of the portfolio format (portfolio-format.md)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.model import (
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
from despedida.core.portfolio.problems import MESSAGES
from despedida.core.portfolio.reader import load_document

from .documents import example, minimal, problems, with_client

NOT_A_DECIMAL = MESSAGES["decimal"]

# -- the example and the document as a whole ----------------------------------


def test_it_reads_the_example_of_the_format():
    portfolio = load_document(example())

    assert portfolio.as_of == dt.date(2026, 11, 22)
    assert portfolio.business.name == "Estudio Norte"
    assert portfolio.business.timezone == "Europe/Madrid"
    assert portfolio.business.target_hourly_rate == Decimal("45.00")
    acme = portfolio.client_by_id("acme")
    assert acme.contact.name == "Laura Gómez"
    assert acme.contract.notice_days == 30
    assert acme.contract.silence_approval_days is None
    web = acme.project_by_id("web")
    assert web.fee == Decimal("8000.00")
    assert [m.name for m in web.milestones] == ["Diseño", "Desarrollo"]
    assert web.is_mid_job
    invoice = acme.invoices[0]
    assert invoice.paid_on() == dt.date(2025, 5, 10)
    assert invoice.days_late(portfolio.as_of) == 39
    assert [entry.kind for entry in acme.time] == [TimeKind.CHASING, TimeKind.WORK]
    assert acme.messages[0].at == dt.datetime(2025, 6, 1, 16, 40, tzinfo=dt.UTC)
    assert acme.messages[0].needs_reply and not acme.messages[1].needs_reply
    assert acme.events[1].quality == FeedbackQuality.VAGUE


def test_it_refuses_a_top_level_that_is_not_an_object():
    with pytest.raises(InputError) as error:
        load_document([minimal()], source="list.json")

    assert error.value.lines() == ["list.json: the top level must be a JSON object"]


@pytest.mark.parametrize(
    ("value", "message"),
    [(None, "format: required"), ("despedida.portfolio/2", 'format: must be "despedida.portfolio/1"')],
)
def test_it_refuses_a_document_of_another_format(value, message):
    document = minimal()
    if value is None:
        del document["format"]
    else:
        document["format"] = value

    assert problems(document) == [message]


def test_it_reads_a_document_without_as_of_or_clients():
    document = minimal()
    del document["clients"]

    portfolio = load_document(document)

    assert portfolio.as_of is None
    assert portfolio.clients == []


def test_it_refuses_clients_that_are_not_a_list():
    assert problems(minimal(clients={"acme": {}})) == ["clients: must be a list"]


def test_it_lists_every_problem_with_its_path_in_file_order():
    document = example()
    client = document["clients"][0]
    client["invoices"][0]["due_on"] = "01/04/2025"
    client["time"][1]["hours"] = "six"
    client["events"][0]["type"] = "complaint"

    assert problems(document) == [
        "clients[0].invoices[0].due_on: not a date: write YYYY-MM-DD",
        "clients[0].time[1].hours: " + NOT_A_DECIMAL,
        "clients[0].events[0].type: must be one of " + ", ".join(EventType),
    ]


def test_it_names_the_source_in_each_error_line():
    with pytest.raises(InputError) as error:
        load_document(minimal(as_of="ayer"), source="cartera.json")

    assert error.value.lines() == ["cartera.json: as_of: not a date: write YYYY-MM-DD"]


def test_it_reports_a_row_that_is_not_an_object():
    assert problems(with_client(time=["6 horas"])) == ["clients[0].time[0]: must be an object"]


# -- dates, instants and money -------------------------------------------------


@pytest.mark.parametrize(
    "value", ["22/11/2026", "20261122", "2026-W47-7", "2026-02-30", "2026-11-22T10:00:00Z", "", 20261122]
)
def test_it_refuses_a_date_that_is_not_iso(value):
    assert problems(minimal(as_of=value)) == ["as_of: not a date: write YYYY-MM-DD"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-01T18:40:00+02:00", dt.datetime(2025, 6, 1, 16, 40, tzinfo=dt.UTC)),
        ("2025-06-01T16:40:00Z", dt.datetime(2025, 6, 1, 16, 40, tzinfo=dt.UTC)),
        ("2025-06-01T11:10:00.250-05:30", dt.datetime(2025, 6, 1, 16, 40, 0, 250000, tzinfo=dt.UTC)),
    ],
)
def test_it_reads_an_instant_with_an_offset(value, expected):
    portfolio = load_document(with_client(messages=[{"at": value, "direction": "in"}]))

    assert portfolio.clients[0].messages[0].at == expected


def test_it_refuses_an_instant_without_an_offset():
    document = with_client(messages=[{"at": "2025-06-01T18:40:00", "direction": "in"}])

    assert problems(document) == ["clients[0].messages[0].at: no time zone offset (add Z or +01:00)"]


@pytest.mark.parametrize("value", ["2025-06-01", "2025-06-01 18:40:00Z", "mañana", 1748796000])
def test_it_refuses_an_instant_that_is_not_iso(value):
    document = with_client(messages=[{"at": value, "direction": "in"}])

    assert problems(document) == ["clients[0].messages[0].at: " + MESSAGES["instant"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2400.00", "2400.00"),
        ("0.5", "0.5"),
        (Decimal("1250.50"), "1250.50"),  # a JSON number, parsed with parse_float=Decimal
        (1250, "1250"),
        ("1E+3", "1E+3"),
    ],
)
def test_it_reads_money_as_a_decimal_keeping_its_exponent(value, expected):
    portfolio = load_document(with_client(invoices=[{"id": "F-1", "amount": value}]))

    amount = portfolio.clients[0].invoices[0].amount
    assert type(amount) is Decimal
    assert str(amount) == expected


def test_it_reads_a_float_from_a_careless_caller_by_its_shortest_text():
    portfolio = load_document(with_client(invoices=[{"id": "F-1", "amount": 0.1}]))

    assert portfolio.clients[0].invoices[0].amount == Decimal("0.1")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.250,00", NOT_A_DECIMAL),
        (" 12", NOT_A_DECIMAL),
        ("1_000", NOT_A_DECIMAL),
        ("", NOT_A_DECIMAL),
        ("١٢٣", NOT_A_DECIMAL),
        (True, NOT_A_DECIMAL),
        ("NaN", "not a finite number"),
        ("-Infinity", "not a finite number"),
        (Decimal("NaN"), "not a finite number"),
        (float("inf"), "not a finite number"),
        ("-10.00", "must not be negative"),
        ("0.00001", "too many decimal places: at most 4"),  # what the store keeps
    ],
)
def test_it_refuses_money_that_is_not_a_finite_decimal(value, message):
    document = with_client(invoices=[{"id": "F-1", "amount": value}])

    assert problems(document) == [f"clients[0].invoices[0].amount: {message}"]


def test_it_refuses_negative_hours():
    document = with_client(time=[{"on": "2025-03-10", "hours": "-2"}])

    assert problems(document) == ["clients[0].time[0].hours: must not be negative"]


# -- business --------------------------------------------------------------


def test_it_gives_the_business_the_defaults_of_the_format():
    business = load_document(minimal()).business

    assert (business.name, business.language, business.timezone) == ("", "es", "UTC")
    assert business.target_hourly_rate is None
    assert business.payment_terms_days == 30


def test_it_requires_a_business_with_a_currency():
    assert problems(minimal(business={"name": "Estudio"})) == ["business.currency: required"]
    assert problems(minimal(business=None)) == ["business: required"]


@pytest.mark.parametrize("value", ["eur", "EURO", "E1R", "€", 978])
def test_it_refuses_a_currency_that_is_not_an_iso_4217_code(value):
    assert problems(minimal(business={"currency": value})) == [
        "business.currency: not a currency code: write a three-letter ISO 4217 code such as EUR"
    ]


def test_it_checks_the_business_language_time_zone_and_terms():
    business = {
        "currency": "EUR",
        "language": "fr",
        "timezone": "Europe/Madird",
        "payment_terms_days": "30",
    }

    assert problems(minimal(business=business)) == [
        "business.language: must be one of es, en",
        'business.timezone: unknown time zone "Europe/Madird"; write an IANA name such as Europe/Madrid',
        "business.payment_terms_days: must be a whole number of days from 0 to 3650",
    ]


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (30.0, "must be a whole number of days from 0 to 3650"),
        (True, "must be a whole number of days from 0 to 3650"),
        (-1, "must be a whole number of days from 0 to 3650"),
        (3651, "must be a whole number of days from 0 to 3650"),
    ],
)
def test_it_refuses_payment_terms_that_are_not_a_number_of_days(days, message):
    document = minimal(business={"currency": "EUR", "payment_terms_days": days})

    assert problems(document) == [f"business.payment_terms_days: {message}"]


# -- clients, contracts and projects ---------------------------------------------


def test_it_gives_a_client_the_defaults_of_the_format():
    client = load_document(minimal(clients=[{"id": "acme", "name": "Acme"}])).clients[0]

    assert client.stage == Stage.ACTIVE
    assert client.strategic_value == StrategicValue.NONE
    assert client.language is None
    assert client.contract is None  # nothing signed, nothing agreed
    assert client.contact is None
    assert client.projects == client.invoices == client.time == client.messages == client.events == []


def test_it_requires_a_client_id_and_name():
    assert problems(minimal(clients=[{"stage": "former"}, {"id": "", "name": 7}])) == [
        "clients[0].id: required",
        "clients[0].name: required",
        "clients[1].id: must not be empty",
        "clients[1].name: must be a string",
    ]


def test_it_refuses_two_clients_with_the_same_id():
    document = minimal(clients=[{"id": "acme", "name": "A"}, {"id": "acme", "name": "B"}])

    assert problems(document) == ['clients[1].id: duplicate id "acme"']


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("stage", "lost", "must be one of prospect, active, former"),
        ("strategic_value", "medium", "must be one of none, low, high"),
        ("language", "fr", "must be one of es, en"),
        ("contract", "signed", "must be an object"),
        ("projects", {"web": {}}, "must be a list"),
    ],
)
def test_it_refuses_a_client_field_outside_its_rules(key, value, message):
    assert problems(with_client(**{key: value})) == [f"clients[0].{key}: {message}"]


def test_it_reads_a_contract_with_the_defaults_of_nothing_agreed():
    contract = load_document(with_client(contract={"deposit_refused": True})).clients[0].contract

    assert contract.deposit_refused is True
    assert contract.signed_on is None
    assert not (contract.scope_defined or contract.deposit_requested or contract.late_fee_clause)
    assert contract.notice_days is None


def test_it_refuses_contract_values_of_the_wrong_type():
    contract = {"scope_defined": "yes", "notice_days": "30", "signed_on": "2025-13-01"}

    assert problems(with_client(contract=contract)) == [
        "clients[0].contract.signed_on: not a date: write YYYY-MM-DD",
        "clients[0].contract.scope_defined: must be true or false",
        "clients[0].contract.notice_days: must be a whole number of days from 0 to 3650",
    ]


def test_it_gives_a_project_the_defaults_of_the_format():
    project = load_document(with_client()).clients[0].projects[0]

    assert project.status == ProjectStatus.ACTIVE
    assert project.fee_type == FeeType.FIXED
    assert project.fee is None and project.started_on is None and project.milestones == []


def test_it_checks_projects_and_their_milestones():
    projects = [
        {"id": "web", "name": "Web", "status": "finished", "fee_type": "daily"},
        {"id": "web", "name": "Otra", "milestones": [{"due_on": "2025-03-01"}]},
    ]

    assert problems(with_client(projects=projects)) == [
        "clients[0].projects[0].status: must be one of proposed, active, paused, done, cancelled",
        "clients[0].projects[0].fee_type: must be one of fixed, hourly, retainer",
        'clients[0].projects[1].id: duplicate id "web"',
        "clients[0].projects[1].milestones[0].name: required",
    ]


# -- invoices, time, messages ---------------------------------------------------


def test_it_bills_an_invoice_without_currency_in_the_business_currency():
    document = with_client(invoices=[{"id": "F-1", "amount": "10"}, {"id": "F-2", "amount": "5", "currency": "USD"}])
    document["business"]["currency"] = "MXN"

    invoices = load_document(document).clients[0].invoices

    assert [invoice.currency for invoice in invoices] == ["MXN", "USD"]


def test_it_checks_invoices_their_payments_and_reminders():
    invoices = [
        {"id": "F-1", "project": "app", "amount": "100", "currency": "euros"},
        {
            "id": "F-1",
            "payments": [{"on": "2025-05-10"}, {"amount": "5"}],
            "reminders": ["2025-04-08", "8 de abril"],
        },
    ]

    assert problems(with_client(invoices=invoices)) == [
        'clients[0].invoices[0].project: unknown project "app"',
        "clients[0].invoices[0].currency: not a currency code: write a three-letter ISO 4217 code such as EUR",
        'clients[0].invoices[1].id: duplicate id "F-1"',
        "clients[0].invoices[1].amount: required",
        "clients[0].invoices[1].payments[0].amount: required",
        "clients[0].invoices[1].payments[1].on: required",
        "clients[0].invoices[1].reminders[1]: not a date: write YYYY-MM-DD",
    ]


def test_it_counts_time_as_work_unless_told_otherwise():
    time = [
        {"on": "2025-03-10", "hours": "6"},
        {"on": "2025-03-11", "hours": "1", "kind": "meeting", "note": "kick-off"},
    ]

    entries = load_document(with_client(time=time)).clients[0].time

    assert [(entry.kind, entry.note, entry.project) for entry in entries] == [
        (TimeKind.WORK, None, None),
        (TimeKind.MEETING, "kick-off", None),
    ]


def test_it_checks_time_entries():
    time = [{"hours": "1", "kind": "travel", "project": "app", "note": 5}]

    assert problems(with_client(time=time)) == [
        "clients[0].time[0].on: required",
        "clients[0].time[0].kind: must be one of work, chasing, meeting, admin",
        'clients[0].time[0].project: unknown project "app"',
        "clients[0].time[0].note: must be a string",
    ]


def test_it_reads_a_message_with_headers_alone():
    message = load_document(with_client(messages=[{"at": "2025-06-19T10:05:00+02:00", "direction": "in"}]))
    message = message.clients[0].messages[0]

    assert message.direction == Direction.IN
    assert (message.subject, message.body, message.needs_reply) == (None, None, False)


def test_it_checks_messages():
    messages = [{"at": "2025-06-19T10:05:00Z", "direction": "inbound", "needs_reply": 1, "subject": ["Re:"]}]

    assert problems(with_client(messages=messages)) == [
        "clients[0].messages[0].direction: must be one of in, out",
        "clients[0].messages[0].subject: must be a string",
        "clients[0].messages[0].needs_reply: must be true or false",
    ]


# -- events -----------------------------------------------------------------


def _event(**fields) -> dict:
    return {"on": "2025-04-15", **fields}


@pytest.mark.parametrize(
    ("event", "field", "expected"),
    [
        (_event(type="scope_change", priced=True), "priced", True),
        (_event(type="scope_change"), "priced", False),
        (_event(type="rate_renegotiation"), "after_contract", True),
        (_event(type="rate_renegotiation", after_contract=False), "after_contract", False),
        (_event(type="feedback", quality="accusatory", delay_days=12), "quality", FeedbackQuality.ACCUSATORY),
        (_event(type="feedback", quality="vague", delay_days=12), "delay_days", 12),
        (_event(type="team_mistreatment", severity="serious"), "severity", IncidentSeverity.SERIOUS),
        (_event(type="advice_rejected", core=True), "core", True),
        (_event(type="ethics_concern", kind="illegal"), "kind", EthicsKind.ILLEGAL),
        (_event(type="conversation", topic="retrasos"), "topic", "retrasos"),
        (_event(type="terms_changed", clause="invoice_in_advance"), "clause", Clause.INVOICE_IN_ADVANCE),
        (_event(type="ultimatum_sent", deadline="2025-07-01"), "deadline", dt.date(2025, 7, 1)),
    ],
)
def test_it_reads_the_fields_of_each_event_type(event, field, expected):
    read = load_document(with_client(events=[event])).clients[0].events[0]

    assert getattr(read, field) == expected
    assert read.extra == {}


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (_event(type="feedback", quality="rude"), "quality: must be one of constructive, vague, accusatory"),
        (_event(type="feedback", delay_days="3"), "delay_days: must be a whole number of days from 0 to 3650"),
        (_event(type="team_mistreatment", severity="grave"), "severity: must be one of minor, serious"),
        (_event(type="advice_rejected", core="yes"), "core: must be true or false"),
        (_event(type="ethics_concern", kind="immoral"), "kind: must be one of illegal, uncomfortable"),
        (_event(type="conversation", topic=3), "topic: must be a string"),
        (_event(type="terms_changed", clause="nda"), "clause: must be one of " + ", ".join(Clause)),
        (_event(type="ultimatum_sent", deadline="julio"), "deadline: not a date: write YYYY-MM-DD"),
        (_event(type="deposit_refused", project="app"), 'project: unknown project "app"'),
        ({"type": "contact_change"}, "on: required"),
        (_event(), "type: required"),
    ],
)
def test_it_checks_the_fields_of_each_event_type(event, message):
    assert problems(with_client(events=[event])) == [f"clients[0].events[0].{message}"]


def test_it_keeps_a_field_of_another_event_type_as_an_unknown_key():
    event = _event(type="scope_change", quality="accusatory", project="web", note="Quiere un blog")

    read = load_document(with_client(events=[event])).clients[0].events[0]

    assert read.quality is None
    assert read.extra == {"quality": "accusatory"}
    assert (read.project, read.note) == ("web", "Quiere un blog")


# -- unknown keys -------------------------------------------------------------


def test_it_keeps_unknown_keys_at_every_level():
    document = example()
    document["generator"] = "hoja de cálculo"
    document["business"]["vat_id"] = "B12345678"
    client = document["clients"][0]
    client["sector"] = "retail"
    client["contact"]["phone"] = "+34 600 000 000"
    client["contract"]["jurisdiction"] = "Madrid"
    client["projects"][0]["repo"] = {"url": "https://example.com"}
    client["projects"][0]["milestones"][0]["weight"] = Decimal("0.25")
    client["invoices"][0]["pdf"] = "F-2025-014.pdf"
    client["invoices"][0]["payments"][0]["method"] = "transfer"
    client["time"][0]["billable"] = False
    client["messages"][0]["channel"] = "email"
    client["events"][0]["mood"] = ["tense"]

    portfolio = load_document(document)
    acme = portfolio.clients[0]

    assert portfolio.extra == {"generator": "hoja de cálculo"}
    assert portfolio.business.extra == {"vat_id": "B12345678"}
    assert acme.extra == {"sector": "retail"}
    assert acme.contact.extra == {"phone": "+34 600 000 000"}
    assert acme.contract.extra == {"jurisdiction": "Madrid"}
    assert acme.projects[0].extra == {"repo": {"url": "https://example.com"}}
    assert acme.projects[0].milestones[0].extra == {"weight": Decimal("0.25")}
    assert acme.invoices[0].extra == {"pdf": "F-2025-014.pdf"}
    assert acme.invoices[0].payments[0].extra == {"method": "transfer"}
    assert acme.time[0].extra == {"billable": False}
    assert acme.messages[0].extra == {"channel": "email"}
    assert acme.events[0].extra == {"mood": ["tense"]}


# -- the process ------------------------------------------------------------


def test_it_leaves_the_garbage_collector_as_it_found_it():
    import gc

    load_document(example())
    with pytest.raises(InputError):
        load_document(minimal(as_of="ayer"))
    assert gc.isenabled()

    gc.disable()
    try:
        load_document(example())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_it_refuses_a_nul_character_in_any_text_with_its_path():
    """No database keeps a NUL character, and no person types one: it is refused like any bad value."""
    document = json.loads((Path(__file__).parent / "example.json").read_text(encoding="utf-8"))
    client = document["clients"][0]
    client["name"] = "Acme\x00"
    client["time"][0]["note"] = "a\x00b"
    client["messages"][0]["subject"] = "x\x00"
    client["invoices"][0]["id"] = "F\x00"
    with pytest.raises(InputError) as error:
        load_document(document)
    paths = {problem.path for problem in error.value.problems}
    assert {
        "clients[0].name",
        "clients[0].time[0].note",
        "clients[0].messages[0].subject",
        "clients[0].invoices[0].id",
    } <= paths
