"""Every rule carries examples that must and must not match, and one test
runs them all (the way proselint and LanguageTool test their rules)."""

from __future__ import annotations

import pytest

from despedida.core.tone import CATEGORIES, LANGUAGES
from despedida.core.tone.checker import element_status, rule_hits
from despedida.core.tone.rulebook import load_rulebook
from despedida.core.tone.scanner import Prepared

RULES = [rule for lang in LANGUAGES for rule in load_rulebook(lang).rules]


def _cases(attribute):
    return [
        pytest.param(rule, example, id=f"{rule.id}[{index}]")
        for rule in RULES
        for index, example in enumerate(getattr(rule, attribute))
    ]


def rules_flagging(text, lang, kind):
    """Rules that flag the text on their own, before one category's findings merge."""
    return set(rule_hits(text, lang, kind))


@pytest.mark.parametrize(("rule", "example"), _cases("must_match"))
def test_rule_flags_each_example_that_must_match(rule, example):
    assert rule.id in rules_flagging(example.text, rule.lang, example.kind), example.text


@pytest.mark.parametrize(("rule", "example"), _cases("must_not_match"))
def test_rule_leaves_alone_each_example_that_must_not_match(rule, example):
    assert rule.id not in rules_flagging(example.text, rule.lang, example.kind), example.text


def test_every_rule_has_examples_that_must_and_must_not_match():
    assert RULES
    without = [rule.id for rule in RULES if not rule.must_match or not rule.must_not_match]
    assert without == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_category_of_the_contract_has_rules_in_both_languages(lang):
    categories = {rule.category for rule in load_rulebook(lang).rules}
    assert categories == set(CATEGORIES)


def test_rule_ids_name_their_language_and_category():
    for rule in RULES:
        lang, category, name = rule.id.split(".")
        assert (lang, category) == (rule.lang, rule.category) and name


def _element_cases():
    for lang in LANGUAGES:
        for element in load_rulebook(lang).elements.values():
            for status, examples in (
                ("present", element.present),
                ("missing", element.absent),
                ("not_required", element.not_required),
            ):
                for index, text in enumerate(examples):
                    yield pytest.param(element, status, text, id=f"{lang}.{element.id}.{status}[{index}]")


@pytest.mark.parametrize(("element", "status", "text"), list(_element_cases()))
def test_element_examples_are_recognised_as_present_missing_or_not_required(element, status, text):
    assert element_status(element, Prepared(text), load_rulebook(element.lang)) == status


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_element_a_kind_needs_has_examples_of_present_and_absent(lang):
    book = load_rulebook(lang)
    for elements in book.kinds.values():
        for element_id in elements:
            element = book.elements[element_id]
            assert element.present and element.absent, element_id
