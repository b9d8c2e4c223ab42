"""The missing-element checks' statistical layer: before "the work ends" is
reported missing, a sentence classifier reads what the patterns did not.
Coefficients come from JSON, scored in plain Python; the shipped files match
what they were trained from."""

from __future__ import annotations

import importlib.util
import json
import math
import shutil
import sys
from pathlib import Path

import pytest

from despedida.core.tone import check
from despedida.core.tone.checker import element_status
from despedida.core.tone.classifier import ModelFileError
from despedida.core.tone.element_reader import (
    ELEMENT_MODEL_FILE,
    FORMAT,
    clauses,
    element_lexicon,
    load_element_models,
)
from despedida.core.tone.rulebook import RULES_DIR, load_rulebook
from despedida.core.tone.scanner import Prepared

ROOT = Path(__file__).resolve().parents[2]


def rules_with_model(tmp_path: Path, document: dict | None) -> Path:
    """A copy of the shipped rules whose English element model is `document` (None: no file)."""
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    path = root / "en" / ELEMENT_MODEL_FILE
    if document is None:
        path.unlink()
    else:
        path.write_text(json.dumps(document), encoding="utf-8")
    load_element_models.cache_clear()
    return root


def toy(threshold=0.5, weights=None, clauses=None) -> dict:
    # Reads a sentence with the lemma "garden" as the end of the work, nothing else.
    model = {"threshold": threshold, "bias": -2.0, "weights": weights or {"garden": 4.0}}
    if clauses is not None:
        model["clauses"] = clauses
    return {"format": FORMAT, "lang": "en", "elements": {"end_statement": model}}


LETTER = "Hi Ana,\n\nFrom May I will devote myself to gardening.\n\nThanks for everything,\nLeo"


def test_a_sentence_only_the_reader_takes_for_an_end_keeps_the_element_from_being_missing(tmp_path):
    root = rules_with_model(tmp_path, toy())
    report = check(LETTER, "en", "reply_plead", root=root)
    assert "end_statement" not in [m.element for m in report.missing]
    # The rules alone do not read it: without the statistical layer, or over the threshold, it is missing.
    alone = check(LETTER, "en", "reply_plead", root=root, statistical=False)
    assert "end_statement" in [m.element for m in alone.missing]
    strict = check(LETTER, "en", "reply_plead", root=rules_with_model(tmp_path / "strict", toy(threshold=0.99)))
    assert "end_statement" in [m.element for m in strict.missing]


def test_a_sentence_divides_into_its_clauses_of_three_words_or_more():
    tokens = "sadly , i will not be able to continue , and i will send the invoice .".split()
    assert clauses(tokens) == [
        ["i", "will", "not", "be", "able", "to", "continue"],
        ["and", "i", "will", "send", "the", "invoice", "."],
    ]
    assert clauses("i will not continue .".split()) == []  # one clause: the sentence itself


def test_a_reader_that_reads_clauses_takes_an_element_said_in_one_clause_of_a_long_sentence(tmp_path):
    # "office" weighs against: over the whole sentence the score falls under the threshold.
    weights = {"garden": 4.0, "office": -3.0}
    letter = "Hi Ana,\n\nFrom May I will devote myself to gardening, and the office keeps your files.\n\nThanks,\nLeo"
    by_sentence = check(letter, "en", "reply_plead", root=rules_with_model(tmp_path / "a", toy(weights=weights)))
    assert "end_statement" in [m.element for m in by_sentence.missing]
    document = toy(weights=weights, clauses=True)
    by_clause = check(letter, "en", "reply_plead", root=rules_with_model(tmp_path / "b", document))
    assert "end_statement" not in [m.element for m in by_clause.missing]
    load_element_models.cache_clear()


def test_without_an_element_model_the_patterns_decide(tmp_path):
    root = rules_with_model(tmp_path, None)
    assert load_element_models(root / "en" / ELEMENT_MODEL_FILE) == {}
    assert "end_statement" in [m.element for m in check(LETTER, "en", "reply_plead", root=root).missing]


def test_the_reader_scores_the_logistic_probability(tmp_path):
    root = rules_with_model(tmp_path, toy(weights={"garden": 4.0, "may": 0.5}))
    model = load_element_models(root / "en" / ELEMENT_MODEL_FILE)["end_statement"]
    assert model.probability({"garden", "may"}) == pytest.approx(1 / (1 + math.exp(-2.5)))
    assert model.probability({"other"}) == pytest.approx(1 / (1 + math.exp(2.0)))


def test_a_model_file_in_another_format_or_broken_is_refused(tmp_path):
    with pytest.raises(ModelFileError, match="format"):
        load_element_models(rules_with_model(tmp_path / "a", {**toy(), "format": "pickle"}) / "en" / ELEMENT_MODEL_FILE)
    broken = {"format": FORMAT, "elements": {"end_statement": {"bias": 0.0}}}
    with pytest.raises(ModelFileError, match="cannot read"):
        load_element_models(rules_with_model(tmp_path / "b", broken) / "en" / ELEMENT_MODEL_FILE)
    load_element_models.cache_clear()


def test_the_element_lexicon_adds_its_classes_to_the_tone_lexicons():
    lexicon = element_lexicon(RULES_DIR / "en")
    assert "tie" in lexicon["retainer"] and "minor" in lexicon["sprint"]
    assert "me" in lexicon["our"]  # the tone lexicon's classes are kept


# Sentences written for these tests, in shapes no element pattern lists: the
# shipped reader must take the first ones for an end of the work, and must
# not take a smaller thing that ends for one.
SHAPES = [
    ("en", "After this month I'll be handing the keys of the account back to you for good.", True),
    ("en", "Consider this my farewell to the account once the spring campaign ships.", True),
    ("es", "Os devuelvo las llaves de la cuenta a final de mes y ahí se queda mi parte.", True),
    ("en", "The sprint review ends at five.", False),
    ("en", "Our office is closed for the holidays until the 3rd.", False),
    ("es", "La reunión de seguimiento termina a las cinco.", False),
    ("es", "La oficina cierra por vacaciones hasta el día 3.", False),
]


@pytest.mark.parametrize(("lang", "sentence", "is_end"), SHAPES)
def test_the_shipped_reader_reads_an_end_the_patterns_miss_and_not_a_smaller_thing_ending(lang, sentence, is_end):
    book = load_rulebook(lang)
    element = book.elements["end_statement"]
    prepared = Prepared(sentence)
    assert element_status(element, prepared, book, statistical=False) == "missing"
    assert (element_status(element, prepared, book) == "present") is is_end


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_shipped_element_model_is_plain_json_with_a_threshold(lang):
    document = json.loads((RULES_DIR / lang / ELEMENT_MODEL_FILE).read_text(encoding="utf-8"))
    assert document["format"] == FORMAT and document["lang"] == lang
    models = load_element_models(RULES_DIR / lang / ELEMENT_MODEL_FILE)
    assert "end_statement" in models and set(models) <= set(load_rulebook(lang).elements)
    for model in models.values():
        assert 0 < model.threshold < 1 and model.weights


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_shipped_element_model_was_trained_on_the_banks_as_they_are(lang):
    """Change the sentence banks, the element shapes, the lemma table or a lexicon, and `make tone-train` must follow."""
    script = ROOT / "scripts" / "train_element_model.py"
    spec = importlib.util.spec_from_file_location("train_element_model", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_element_model", module)
    spec.loader.exec_module(module)
    document = json.loads((RULES_DIR / lang / ELEMENT_MODEL_FILE).read_text(encoding="utf-8"))
    assert document["trained_on"] == module.fingerprint(lang)


def test_a_sentence_the_elements_reader_veto_matches_is_never_taken_for_it(tmp_path):
    # The toy reader takes "garden" for an end; the shipped veto of end_statement
    # refuses any sentence where a phase (a smaller thing) is what closes.
    root = rules_with_model(tmp_path, toy())
    letter = "Hi Ana,\n\nI will close the garden phase in May.\n\nThanks for everything,\nLeo"
    assert "end_statement" in [m.element for m in check(letter, "en", "reply_plead", root=root).missing]
    assert "end_statement" not in [m.element for m in check(LETTER, "en", "reply_plead", root=root).missing]


def test_a_sentence_one_of_the_elements_exceptions_matches_is_never_taken_for_it(tmp_path):
    # The toy reader takes "garden" for a handover; the shipped exceptions of the
    # handover refuse a sentence that sends something for review.
    document = toy()
    document["elements"] = {"handover": document["elements"]["end_statement"]}
    book = load_rulebook("en", rules_with_model(tmp_path, document))
    handover = book.elements["handover"]
    assert element_status(handover, Prepared("The garden is yours from May."), book) == "present"
    assert element_status(handover, Prepared("The garden is yours from May."), book, statistical=False) == "missing"
    assert element_status(handover, Prepared("The garden is yours from May, for your review."), book) == "missing"
