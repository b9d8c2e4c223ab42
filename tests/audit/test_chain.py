"""The hash chain on its own (pure): what it proves and what it catches."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from despedida.audit.chain import GENESIS, Link, link_hash, verify
from despedida.audit.values import as_text, diff


def chain(n: int) -> list[Link]:
    links, previous = [], GENESIS
    for i in range(1, n + 1):
        link = Link(
            workspace=1,
            sequence=i,
            at=f"2026-11-22T09:00:0{i % 10}+00:00",
            actor="user:alice",
            action="edited",
            kind="invoice",
            object_id=i,
            client_id=7,
            changes={"amount": [str(i), str(i + 1)]},
            previous_hash=previous,
        )
        link = dataclasses.replace(link, hash=link_hash(link))
        links.append(link)
        previous = link.hash
    return links


def test_an_untouched_chain_is_intact_and_reports_its_head_and_length():
    links = chain(5)
    verdict = verify(links, expected_count=5, expected_head=links[-1].hash)
    assert verdict.intact and verdict.count == 5 and verdict.head == links[-1].hash


def test_changing_what_an_entry_says_breaks_the_chain_at_that_entry():
    links = chain(5)
    links[2] = dataclasses.replace(links[2], changes={"amount": ["3", "300"]})
    verdict = verify(links)
    assert (verdict.broken_at, verdict.reason, verdict.count) == (3, "altered", 2)


def test_rehashing_a_changed_entry_still_breaks_the_next_one():
    links = chain(5)
    forged = dataclasses.replace(links[2], actor="user:mallory")
    links[2] = dataclasses.replace(forged, hash=link_hash(forged))
    verdict = verify(links)
    assert (verdict.broken_at, verdict.reason) == (4, "relinked")


def test_a_removed_entry_is_named_by_its_number():
    links = chain(5)
    del links[1]
    assert (verify(links).broken_at, verify(links).reason) == (2, "missing")


def test_removing_the_last_entries_is_caught_against_the_recorded_head():
    links = chain(5)
    verdict = verify(links[:3], expected_count=5, expected_head=links[-1].hash)
    assert (verdict.broken_at, verdict.reason) == (4, "truncated")


def test_values_are_written_the_same_from_a_form_and_from_the_database():
    assert as_text(Decimal("1250.5")) == as_text(Decimal("1250.5000")) == "1250.5"
    assert as_text(Decimal("100.0000")) == "100"
    assert (
        as_text(dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
        == "2026-11-22T09:00:00+00:00"
    )
    assert as_text(True) == "true" and as_text(None) is None and as_text(dt.date(2026, 1, 2)) == "2026-01-02"
    assert diff({"a": "1", "b": "2"}, {"a": "1", "b": "3", "c": "x"}) == {"b": ["2", "3"], "c": [None, "x"]}
