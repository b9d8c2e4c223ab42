"""A clean letter written in shapes the corpus does not use gets no error and no missing element (tests/tone/clean_letters.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from despedida.core.tone import check

DATA = yaml.safe_load(Path(__file__).with_name("clean_letters.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "letter", DATA["letters"], ids=[f"{item['lang']}-{item['kind']}-{i}" for i, item in enumerate(DATA["letters"])]
)
def test_a_clean_letter_gets_no_error_and_misses_nothing(letter):
    report = check(letter["text"], lang=letter["lang"], kind=letter["kind"])
    assert [f.rule for f in report.findings if f.severity == "error"] == []
    assert [m.element for m in report.missing] == []


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [(lang, sentence) for lang, sentences in DATA["firm_sentences"].items() for sentence in sentences],
)
def test_a_firm_but_professional_sentence_is_not_an_error(lang, sentence):
    assert [f.rule for f in check(sentence, lang=lang).findings if f.severity == "error"] == []
