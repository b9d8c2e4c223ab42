"""The statistical layer: coefficients read from JSON and scored in plain
Python (no scikit-learn, no pickle), its warnings where no rule fired, and
the shipped models matching the corpus they were trained on."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

from despedida.core.tone import check
from despedida.core.tone.classifier import (
    FORMAT,
    MODEL_FILE,
    ModelFileError,
    load_lexicon,
    load_model,
    sentence_features,
)
from despedida.core.tone.rulebook import IMPLIED_CATEGORIES, RULES_DIR, load_rulebook
from despedida.core.tone.sarif import to_sarif
from despedida.core.tone.scanner import Prepared

ROOT = Path(__file__).resolve().parents[2]


def tiny_model(tmp_path, **changes):
    document = {
        "format": FORMAT,
        "lang": "en",
        "threshold": 0.5,
        "problem": {"bias": -1.0, "weights": {"late": 0.75, "you": 0.5, "thank": -2.0}},
        "category": {
            "classes": ["blame", "sarcasm"],
            "bias": [0.0, 0.0],
            "weights": {"late": [1.0, 0.0], "thank": [0.0, 3.0]},
        },
    }
    document.update(changes)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    load_model.cache_clear()
    return path


def test_the_scorer_computes_the_logistic_probability_of_the_features(tmp_path):
    model = load_model(tiny_model(tmp_path))
    assert model.problem_probability({"late", "you"}) == pytest.approx(1 / (1 + math.exp(-0.25)))
    assert model.problem_probability({"unknown"}) == pytest.approx(1 / (1 + math.exp(1.0)))
    assert model.problem_probability({"late", "you", "thank"}) < model.threshold


def test_the_category_is_the_class_with_the_highest_score_and_its_softmax_probability(tmp_path):
    model = load_model(tiny_model(tmp_path))
    category, probability = model.category({"late"})
    assert category == "blame" and probability == pytest.approx(math.e / (math.e + 1))
    assert model.category({"thank"})[0] == "sarcasm"
    assert model.category(set())[0] == "blame"  # a tie goes to the first class


def test_a_model_file_in_another_format_or_with_ragged_rows_is_refused(tmp_path):
    with pytest.raises(ModelFileError, match="format"):
        load_model(tiny_model(tmp_path, format="pickle"))
    ragged = {"classes": ["blame", "sarcasm"], "bias": [0.0, 0.0], "weights": {"late": [1.0]}}
    with pytest.raises(ModelFileError, match="one weight per class"):
        load_model(tiny_model(tmp_path, category=ragged))
    load_model.cache_clear()


def test_without_a_model_file_only_the_rules_run(tmp_path):
    assert load_model(tmp_path / "absent.json") is None


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_shipped_model_is_plain_json_for_the_contract_categories(lang):
    path = RULES_DIR / lang / MODEL_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT and document["lang"] == lang
    model = load_model(path)
    assert 0 < model.threshold < 1
    assert set(model.classes) <= set(IMPLIED_CATEGORIES)


# Sentences of the train split: the shipped model must still read them the way
# it was taught (a retraining that forgets them fails here).
KNOWN = [
    ("es", "Mucha gente me pregunta por su empresa, y de momento no he dicho nada.", True),
    ("es", "He estado ahí cada vez que me has necesitado; ojalá hubiera sido recíproco.", True),
    ("es", "Gracias por la confianza durante este tiempo.", False),
    ("es", "Las fotos nuevas quedan muy bien en las fichas de producto.", False),
    ("en", "It's fascinating how a small tweak always turns into three weeks of work.", True),
    ("en", "You know how these things end when they're left to drift.", True),
    ("en", "Thank you for your trust over these months.", False),
    ("en", "The new photos look great on the product pages.", False),
]


@pytest.mark.parametrize(("lang", "sentence", "problem"), KNOWN)
def test_the_shipped_model_scores_known_sentences_on_the_right_side_of_its_threshold(lang, sentence, problem):
    book = load_rulebook(lang)
    model = load_model(book.model_path)
    tokens = Prepared(sentence).stream(book).text.split(" ")
    features = sentence_features(tokens, load_lexicon(book.model_path.parent / "_lexicon.yaml"))
    assert (model.problem_probability(features) >= model.threshold) is problem


def test_a_sentence_only_the_model_flags_becomes_an_implied_warning_with_a_contract_category():
    text = "Hi Emma,\n\nIt's fascinating how a small tweak always turns into three weeks of work.\n\nBest,\nJake"
    report = check(text, "en")
    implied = [f for f in report.findings if f.rule.endswith(".implied")]
    assert implied, report.findings
    finding = implied[0]
    assert finding.severity == "warning"
    assert finding.rule == f"en.{finding.category}.implied" and finding.category in IMPLIED_CATEGORIES
    assert finding.excerpt == "It's fascinating how a small tweak always turns into three weeks of work."
    assert text[finding.start : finding.end] == finding.excerpt
    assert not report.has_errors  # the model only warns
    assert not [f for f in check(text, "en", statistical=False).findings if f.rule.endswith(".implied")]


def test_implied_rules_are_described_in_sarif_and_reported_with_their_index():
    text = "Hi Emma,\n\nIt's fascinating how a small tweak always turns into three weeks of work.\n\nBest,\nJake"
    report = check(text, "en")
    log = to_sarif(report, load_rulebook("en"), text, "letter.txt")
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert {f"en.{category}.implied" for category in IMPLIED_CATEGORIES} <= set(ids)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"].endswith(".implied"))
    assert ids[result["ruleIndex"]] == result["ruleId"]


def test_no_model_warning_where_a_rule_already_fired():
    text = "Usted nunca paga a tiempo y es un incompetente."
    assert [f.rule for f in check(text, "es").findings if f.rule.endswith(".implied")] == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_shipped_model_was_trained_on_the_corpus_as_it_is(lang):
    """Change the train or dev letters, the lemma table or the lexicon, and `make tone-train` must follow."""
    script = ROOT / "scripts" / "train_tone_model.py"
    spec = importlib.util.spec_from_file_location("train_tone_model", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_tone_model", module)
    spec.loader.exec_module(module)
    document = json.loads((RULES_DIR / lang / MODEL_FILE).read_text(encoding="utf-8"))
    assert document["trained_on"] == module.fingerprint(lang)
