"""The loader validates the rule files and refuses what could break the
checker: a rule without examples, a pattern that backtracks badly, an
unknown field or kind."""

from __future__ import annotations

import shutil

import pytest
import yaml

from despedida.core.tone.rulebook import RULES_DIR, RuleFileError, load_rulebook


@pytest.fixture
def rules_copy(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    return root


def edit_first_rule(root, lang, category, change):
    path = root / lang / f"{category}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["rules"][0])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_shipped_rule_files_load_in_both_languages():
    assert load_rulebook("es").rules and load_rulebook("en").rules


def test_a_rule_without_examples_is_refused(rules_copy):
    edit_first_rule(rules_copy, "es", "attack", lambda rule: rule.pop("examples"))
    with pytest.raises(RuleFileError, match="examples"):
        load_rulebook("es", rules_copy)


def test_a_rule_without_an_example_that_must_not_match_is_refused(rules_copy):
    edit_first_rule(rules_copy, "en", "threat", lambda rule: rule["examples"].update(no_match=[]))
    with pytest.raises(RuleFileError, match="no_match"):
        load_rulebook("en", rules_copy)


def test_an_unknown_field_is_refused(rules_copy):
    edit_first_rule(rules_copy, "es", "blame", lambda rule: rule.update(colour="red"))
    with pytest.raises(RuleFileError, match="unknown field colour"):
        load_rulebook("es", rules_copy)


def test_a_bad_severity_is_refused(rules_copy):
    edit_first_rule(rules_copy, "es", "blame", lambda rule: rule.update(severity="fatal"))
    with pytest.raises(RuleFileError, match="severity"):
        load_rulebook("es", rules_copy)


def test_an_id_that_does_not_match_its_file_is_refused(rules_copy):
    edit_first_rule(rules_copy, "en", "sarcasm", lambda rule: rule.update(id="en.attack.oops"))
    with pytest.raises(RuleFileError, match="id must look like en.sarcasm"):
        load_rulebook("en", rules_copy)


def test_a_pattern_with_nested_unbounded_repetition_is_refused(rules_copy):
    edit_first_rule(rules_copy, "en", "attack", lambda rule: rule.update(patterns=[r"\b(?:a+)+b"]))
    with pytest.raises(RuleFileError, match="nested unbounded repetition"):
        load_rulebook("en", rules_copy)


def test_an_unbounded_run_of_any_character_is_refused(rules_copy):
    edit_first_rule(rules_copy, "en", "attack", lambda rule: rule.update(patterns=[r"\byou\b.*\bidiot\b"]))
    with pytest.raises(RuleFileError, match="unbounded repetition of a broad pattern"):
        load_rulebook("en", rules_copy)


def test_a_pattern_that_starts_with_an_optional_part_is_refused(rules_copy):
    edit_first_rule(rules_copy, "es", "attack", lambda rule: rule.update(patterns=[r"\b(?:muy\s+)?tonto\b"]))
    with pytest.raises(RuleFileError, match="optional part"):
        load_rulebook("es", rules_copy)


def test_an_unknown_kind_in_allowed_in_is_refused(rules_copy):
    edit_first_rule(rules_copy, "es", "threat", lambda rule: rule.update(allowed_in=["lawsuit"]))
    with pytest.raises(RuleFileError, match="unknown kind"):
        load_rulebook("es", rules_copy)


def test_a_missing_category_file_is_refused(rules_copy):
    (rules_copy / "en" / "jargon.yaml").unlink()
    with pytest.raises(RuleFileError, match="every category needs rules"):
        load_rulebook("en", rules_copy)


def test_a_file_for_a_category_outside_the_contract_is_refused(rules_copy):
    shutil.copy(rules_copy / "en" / "jargon.yaml", rules_copy / "en" / "rudeness.yaml")
    with pytest.raises(RuleFileError, match="not a category"):
        load_rulebook("en", rules_copy)


def test_an_unknown_vocabulary_entry_is_refused(rules_copy):
    edit_first_rule(rules_copy, "es", "attack", lambda rule: rule.update(patterns=[r"\b{{nonexistent}}\b"]))
    with pytest.raises(RuleFileError, match="unknown vocabulary entry"):
        load_rulebook("es", rules_copy)


@pytest.mark.parametrize("flag", ["case_sensitive", "accent_tolerant", "dictionary_words"])
def test_a_flag_that_is_not_true_or_false_is_refused(rules_copy, flag):
    edit_first_rule(rules_copy, "en", "shouting", lambda rule: rule.update({flag: "yes"}))
    with pytest.raises(RuleFileError, match="dictionary_words are true or false"):
        load_rulebook("en", rules_copy)


def test_an_element_exception_that_could_backtrack_badly_is_refused_and_named(rules_copy):
    path = rules_copy / "es" / "_elements.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    handover = next(element for element in data["elements"] if element["id"] == "handover")
    handover["exceptions"].append(r"\b(?:a+)+b")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"element handover\.exceptions\[1\].*nested unbounded repetition"):
        load_rulebook("es", rules_copy)
