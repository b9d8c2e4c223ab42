"""The demo portfolio: deterministic, valid, consistent, and showing every sign."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import statistics

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from despedida.core.demo import generator as demo
from despedida.core.demo.generator import DEFAULT_AS_OF, generate_document, write_demo
from despedida.core.portfolio.model import FORMAT, EventType

from . import evidence
from .consistency import problems


def written(clients: int, seed: int, as_of: dt.date | None = None) -> str:
    out = io.StringIO()
    write_demo(out, clients, seed, as_of)
    return out.getvalue()


@functools.cache
def demo_of(clients: int, seed: int) -> dict:
    """A shared document; tests only read it."""
    return generate_document(clients, seed)


@pytest.fixture(scope="module")
def forty() -> dict:
    return demo_of(40, 7)


# -- determinism and the two outputs


def test_the_same_seed_gives_the_same_bytes():
    assert written(25, 3) == written(25, 3)


def test_a_different_seed_gives_a_different_portfolio():
    assert written(25, 3) != written(25, 4)
    assert generate_document(25, 3) != generate_document(25, 4)


def test_the_default_date_is_fixed_so_any_day_gives_the_same_file():
    assert generate_document(5)["as_of"] == "2026-11-22" == DEFAULT_AS_OF.isoformat()
    assert written(5, 7) == written(5, 7, dt.date(2026, 11, 22))


def test_it_does_not_touch_the_global_random_state():
    import random

    random.seed(1)
    expected = random.random()
    random.seed(1)
    generate_document(3, seed=9)
    assert random.random() == expected


@pytest.mark.parametrize("clients", [0, 1, 12, 40])
def test_the_stream_is_the_generated_document(clients):
    assert json.loads(written(clients, 11)) == generate_document(clients, 11)


def test_the_stream_has_one_client_per_line():
    lines = written(6, 2).splitlines()
    assert lines[0].startswith('{"format": "despedida.portfolio/1"')
    assert len(lines) == 1 + 6 + 1
    assert lines[-1] == "]}"


def test_another_date_moves_the_whole_history():
    doc = generate_document(15, 5, as_of=dt.date(2024, 3, 1))
    assert doc["as_of"] == "2024-03-01"
    assert problems(doc) == []
    latest = max(t["on"] for c in doc["clients"] for t in c["time"])
    assert "2023-09-01" < latest <= "2024-03-01"


@pytest.mark.parametrize("clients", [0, 1, 7, 12, 40, 113])
def test_it_makes_exactly_the_clients_asked_for_with_unique_ids(clients):
    doc = generate_document(clients, 1)
    assert len(doc["clients"]) == clients
    assert len({c["id"] for c in doc["clients"]}) == clients


def test_it_refuses_a_negative_client_count_before_writing_anything():
    out = io.StringIO()
    with pytest.raises(ValueError):
        write_demo(out, -1, 7)
    assert out.getvalue() == ""
    with pytest.raises(ValueError):
        generate_document(-1)


# -- the business and the shape of the data


def test_the_business_is_a_spanish_studio(forty):
    assert forty["format"] == FORMAT
    assert forty["business"] == {
        "name": "Estudio Alameda",
        "currency": "EUR",
        "language": "es",
        "timezone": "Europe/Madrid",
        "target_hourly_rate": "45.00",
        "payment_terms_days": 30,
    }


def test_money_is_written_as_decimal_strings(forty):
    amounts = [i["amount"] for c in forty["clients"] for i in c["invoices"]]
    amounts += [p["fee"] for c in forty["clients"] for p in c["projects"]]
    assert amounts and all(isinstance(a, str) and a.count(".") == 1 and len(a.split(".")[1]) == 2 for a in amounts)


def test_event_types_are_those_of_the_format(forty):
    known = {t.value for t in EventType}
    assert {e["type"] for c in forty["clients"] for e in c["events"]} == known


def test_clients_speak_spanish_mostly_and_english_sometimes(forty):
    languages = [c["language"] for c in forty["clients"]]
    assert languages.count("es") > 30 and "en" in languages


def test_a_client_has_about_two_hundred_rows_on_average():
    doc = generate_document(300, 21)
    rows = [
        sum(len(p["milestones"]) for p in c["projects"])
        + len(c["invoices"])
        + sum(len(i["payments"]) + len(i["reminders"]) for i in c["invoices"])
        + len(c["time"])
        + len(c["messages"])
        + len(c["events"])
        for c in doc["clients"]
    ]
    assert 170 <= statistics.mean(rows) <= 260


# -- validity and consistency


def test_the_reader_accepts_the_demo_and_finds_nothing_unknown(forty):
    from despedida.core.portfolio.reader import load_document

    portfolio = load_document(forty)
    assert len(portfolio.clients) == 40
    leftovers = [
        (c.id, obj)
        for c in portfolio.clients
        for obj in [c, c.contact, c.contract, *c.projects, *c.invoices, *c.time, *c.messages, *c.events]
        if obj is not None and obj.extra
    ]
    assert leftovers == []


def test_the_reader_reads_the_written_file(tmp_path):
    from despedida.core.portfolio.reader import read_portfolio

    path = tmp_path / "demo.json"
    with path.open("w", encoding="utf-8") as stream:
        write_demo(stream, 30, 5)
    portfolio = read_portfolio(path)
    assert [c.id for c in portfolio.clients] == [c["id"] for c in generate_document(30, 5)["clients"]]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32), clients=st.integers(min_value=1, max_value=30))
def test_every_date_is_consistent_whatever_the_seed(seed, clients):
    assert problems(generate_document(clients, seed)) == []


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_every_demo_validates_whatever_the_seed(seed):
    from despedida.core.portfolio.reader import load_document

    assert len(load_document(generate_document(14, seed)).clients) == 14


def test_clients_who_are_not_ghosting_have_answered_recently(forty):
    """GIVEN a 40-client demo WHEN a client is not meant to be ghosting
    THEN no request of ours has waited on them more than two weeks."""
    as_of = evidence.day(forty["as_of"])
    silences = sorted(evidence.days_silent(c, as_of) for c in forty["clients"])
    ghosts = [d for d in silences if d >= 21]
    assert ghosts and all(d <= demo.QUIET_DAYS for d in silences[: len(silences) - len(ghosts)])


# -- the warning signs and the moderators


@pytest.mark.parametrize("sign", sorted(evidence.SIGNS))
@pytest.mark.parametrize("clients", [12, 40])
def test_every_warning_sign_shows_in_a_small_demo(sign, clients):
    for seed in (7, 8, 9):
        doc = demo_of(clients, seed)
        as_of = evidence.day(doc["as_of"])
        assert any(evidence.SIGNS[sign](c, as_of) for c in doc["clients"]), (sign, seed)


def test_the_sign_codes_are_those_of_the_domain():
    assert set(evidence.SIGNS) == set(demo.SIGNS)


@pytest.mark.parametrize("moderator", sorted(evidence.MODERATORS))
def test_every_moderator_and_variant_shows_in_a_40_client_demo(moderator):
    for seed in (7, 8, 9):
        doc = demo_of(40, seed)
        as_of, total = evidence.day(doc["as_of"]), evidence.total_revenue_12m(doc)
        assert any(evidence.MODERATORS[moderator](c, as_of, total) for c in doc["clients"]), (moderator, seed)


@pytest.mark.parametrize("clients", [40, 600])
def test_most_clients_are_healthy(clients):
    doc = demo_of(clients, 3)
    as_of = evidence.day(doc["as_of"])
    healthy = sum(1 for c in doc["clients"] if not evidence.signs_of(c, as_of))
    assert 0.58 <= healthy / clients <= 0.78


def test_the_ethics_concern_is_rare():
    doc = demo_of(600, 3)
    as_of = evidence.day(doc["as_of"])
    with_ethics_concern = sum(evidence.ethics(c, as_of) for c in doc["clients"])
    # Present (every sign appears), but in at most 2% of 600 clients.
    assert with_ethics_concern >= 1
    assert with_ethics_concern <= 12
