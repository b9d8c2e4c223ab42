"""The rules kept as data carry their own examples; every example is checked here."""

from __future__ import annotations

import pytest
import yaml

from despedida.mailbox import asks, automatic
from despedida.mailbox.addresses import is_public, public_domains
from despedida.mailbox.automatic import Automatic, by_subject

AUTOMATIC = yaml.safe_load(automatic.RULES.read_text(encoding="utf-8"))
RULES = asks.rules()


@pytest.mark.parametrize("kind", [Automatic.BOUNCE, Automatic.AUTO_REPLY])
def test_every_automatic_subject_example_is_judged_as_it_says(kind):
    examples = AUTOMATIC[kind]["examples"]
    assert examples["match"] and examples["no_match"]
    for subject in examples["match"]:
        assert by_subject(subject) == kind, subject
    for subject in examples["no_match"]:
        assert by_subject(subject) != kind, subject


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_needs_reply_rule_meets_its_examples(rule):
    cases = rule.examples
    assert cases.get("match") and cases.get("no_match"), f"{rule.code} needs examples both ways"
    for example in cases["match"]:
        found = asks.asks(example["subject"], example.get("snippet", ""), example.get("attachments", False))
        assert rule.code in found, example
    for example in cases["no_match"]:
        found = asks.asks(example["subject"], example.get("snippet", ""), example.get("attachments", False))
        assert rule.code not in found, example


def test_the_four_kinds_of_asking_are_all_there_in_both_languages():
    assert [r.code for r in RULES] == ["question", "delivery", "invoice", "approval"]
    spanish_invoice = asks.asks("Factura F-7")
    english_invoice = asks.asks("Invoice INV-7")
    assert spanish_invoice == english_invoice == ("invoice",)


def test_a_reply_subject_is_the_clients_wording_and_is_not_read():
    assert asks.needs_reply("¿Reunión el martes?")
    assert not asks.needs_reply("Re: ¿Reunión el martes?", "Perfecto, allí estaré.")
    assert asks.needs_reply("RE: Reunión", "¿Te viene bien a las diez?")


def test_the_public_mail_domains_are_data_and_include_the_big_ones():
    assert {"gmail.com", "outlook.com", "yahoo.es", "hotmail.com"} <= public_domains()
    assert is_public("Gmail.COM") and not is_public("acme.example")
