"""Each element of a letter is read in the many shapes people write it (tests/tone/element_shapes*.yaml)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import simplemma
import yaml

from despedida.core.tone.checker import element_status
from despedida.core.tone.rulebook import load_rulebook
from despedida.core.tone.scanner import Prepared

# element_shapes.yaml: the second round of issue 14; element_shapes_3.yaml: the third;
# element_shapes_4.yaml: the fourth (end statements by another hand); element_shapes_5.yaml:
# the fifth (less obvious end statements by the same other hand); element_shapes_6.yaml to
# _14.yaml: the sixth to fourteenth (by other hands; the ninth, eleventh, twelfth and thirteenth have
# other elements);
# element_shapes_team.yaml: plain shapes the team wrote. Read by the patterns and,
# where they miss, the element reader.
SHAPES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted(Path(__file__).parent.glob("element_shapes*.yaml"))
}


def _cases(expected):
    return [
        pytest.param(lang, element, text, id=f"{stem}-{lang}-{element}-{index}")
        for stem, shapes in SHAPES.items()
        for lang in ("es", "en")
        for element, cases in shapes[lang].items()
        for index, text in enumerate(cases.get(expected, ()))
    ]


# A conditional element (invoice terms) is judged as in a letter that triggers it:
# after a sentence that mentions an invoice and says nothing of its terms.
TRIGGER = {"es": "Adjunto la factura.", "en": "The invoice is attached."}


def status(lang, element, text):
    book = load_rulebook(lang)
    if book.elements[element].when:
        text = f"{TRIGGER[lang]} {text}"
    return element_status(book.elements[element], Prepared(text), book)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_trigger_sentence_asks_for_invoice_terms_and_gives_none(lang):
    book = load_rulebook(lang)
    assert element_status(book.elements["invoice_terms"], Prepared(TRIGGER[lang]), book) == "missing"


@pytest.mark.parametrize(("lang", "element", "text"), _cases("present"))
def test_each_shape_of_an_element_is_read_as_present(lang, element, text):
    assert status(lang, element, text) == "present", text


@pytest.mark.parametrize(("lang", "element", "text"), _cases("absent"))
def test_a_sentence_without_the_element_is_not_read_as_it(lang, element, text):
    assert status(lang, element, text) == "missing", text


def without_accents(text: str) -> str:
    """The text as typed on a keyboard without accents, except the accents that alone tell
    two words apart: a monosyllable's (sé / se, tú / tu) and the preterite of an -ar verb
    (tomé / tome: "ya tome la decision" may be a subjunctive)."""

    def plain(match):
        word = match.group()
        if len(word) <= 3 or (word.endswith("é") and simplemma.is_known(word[:-1] + "ar", "es")):
            return word
        kept = (c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn" or c == "\u0303")
        return unicodedata.normalize("NFC", "".join(kept))  # the ñ is a key of its own: kept

    return re.sub(r"\w+", plain, unicodedata.normalize("NFC", text))


SPANISH_PRESENT = [case for case in _cases("present") if case.values[0] == "es"]


@pytest.mark.parametrize(("lang", "element", "text"), SPANISH_PRESENT)
def test_a_spanish_shape_is_read_when_typed_without_accents(lang, element, text):
    plain = without_accents(text)
    assert status(lang, element, plain) == "present", plain
