"""A clean letter written in shapes the corpus does not use gets no error and no missing element.

tests/tone/clean_letters.yaml: the third round of issue 14 (letters and firm
sentences); clean_letters_4.yaml to _13.yaml: the fourth to thirteenth (letters by
other hands).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from despedida.core.tone import check

FILES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted(Path(__file__).parent.glob("clean_letters*.yaml"))
}
LETTERS = [
    pytest.param(letter, id=f"{stem}-{letter['lang']}-{letter['kind']}-{i}")
    for stem, data in FILES.items()
    for i, letter in enumerate(data["letters"])
]
FIRM = [
    (lang, sentence)
    for data in FILES.values()
    for lang, sentences in data.get("firm_sentences", {}).items()
    for sentence in sentences
]


@pytest.mark.parametrize("letter", LETTERS)
def test_a_clean_letter_gets_no_error_and_misses_nothing(letter):
    report = check(letter["text"], lang=letter["lang"], kind=letter["kind"])
    assert [f.rule for f in report.findings if f.severity == "error"] == []
    assert [m.element for m in report.missing] == []


@pytest.mark.parametrize(
    ("lang", "sentence"),
    FIRM,
)
def test_a_firm_but_professional_sentence_is_not_an_error(lang, sentence):
    assert [f.rule for f in check(sentence, lang=lang).findings if f.severity == "error"] == []
