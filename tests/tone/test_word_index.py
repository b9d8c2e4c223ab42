"""Long texts: a pattern that begins with known words is tried where those words start.

anchors.anchor_words reads the words every match begins with; a WordIndex
of the text says where they start. The matches must be exactly those a scan
of the whole text finds, and a whole check must not change.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from despedida.core.tone import check, scanner
from despedida.core.tone.anchors import WordIndex
from despedida.core.tone.evaluation import load_split
from despedida.core.tone.patterns import compile_pattern


@pytest.mark.parametrize(
    ("source", "anchors"),
    [
        (r"\b(?:nunca|jamas)\b", ("jamas", "nunca")),
        (r"\bno\s+podre", ("no",)),
        (r"\b(?<!te )(?:dejo|abandono)\s+el", ("abandono", "dejo")),
        (r"\bcierr[oa]\b", ("cierra", "cierro")),
        (r"\b(?:terminar|finalizar):1 (?:el|mi)", ("finalizar", "terminar")),
        # No anchor: no leading \b, a class first, a one-letter word, an alternative not literal.
        (r"(?:nunca|jamas)\b", ()),
        (r"\b[a-z]{4,}\b", ()),
        (r"\by\s+ahora", ()),
        (r"\b(?:ya|\d+)\s+no", ()),
    ],
)
def test_a_pattern_s_anchor_words_are_the_words_every_match_begins_with(source, anchors):
    assert compile_pattern(source, {}).anchors == anchors


def test_the_index_gives_every_start_of_a_word_beginning_with_an_anchor():
    index = WordIndex("no, nunca. Nunca no nuncas jamas" + " relleno" * 40)
    assert index.starts(("nunca",)) == [4, 20]
    assert index.starts(("no",)) == [0, 17]  # "no" as a word start: "nunca" does not begin with "no,"
    assert index.starts(("zz",)) == []


def test_too_many_starts_fall_back_to_a_scan():
    index = WordIndex("el " * 30_000)
    assert index.starts(("el",)) is None


PATTERNS = [
    r"\b(?:nunca|jamas)\b",
    r"\bno\s+(?:puedo|podre)\s+seguir",
    r"\b(?<!te )(?:dejo|deje)\s+el\s+(?:\w+\s+)?proyecto",
    r"\bcierr[oa]\b(?!\s+la)",
    r"\bab\s+ab",
    r"\b(?:el|la)\s+fase\b",
]
WORDS = ["nunca", "jamas", "no", "puedo", "podre", "seguir", "te", "dejo", "deje", "el", "la", "proyecto",
         "web", "cierro", "cierra", "fase", "ab", "xab", "abab", "nuncas", ",", ".", "\n"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    source=st.sampled_from(PATTERNS),
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=120),
    glue=st.sampled_from([" ", "  ", ""]),
)
def test_matches_at_the_anchor_words_are_the_matches_of_a_scan(source, words, glue):
    pattern = compile_pattern(source, {})
    text = glue.join(words)
    index = WordIndex(text)
    index.limit = 10**9  # always use the index here
    indexed = [match.span() for match in pattern.finditer(text, index=index)]
    scanned = [match.span() for match in pattern.finditer(text)]
    assert indexed == scanned


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_long_text_gets_the_same_report_with_and_without_the_index(lang, monkeypatch):
    letters = [letter.body for letter in load_split("dev") if letter.lang == lang]
    text = "\n\n".join(letters)
    assert len(text) > scanner.INDEX_FROM
    indexed = check(text, lang, "termination")
    monkeypatch.setattr(scanner, "INDEX_FROM", 10**12)
    scanned = check(text, lang, "termination")
    assert [(f.rule, f.start, f.end) for f in indexed.findings] == [(f.rule, f.start, f.end) for f in scanned.findings]
    assert len(indexed.findings) > 50
    assert [m.element for m in indexed.missing] == [m.element for m in scanned.missing]
