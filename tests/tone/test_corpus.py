"""The labelled corpus (corpus/letters/) and the targets of issue 4: recall
of at least 0.9 on annotated problems, and no error-level finding or
missing element on a clean letter. `make tone-report` prints the figures."""

from __future__ import annotations

from collections import Counter

import pytest

from despedida.tone import KINDS, LANGUAGES
from despedida.tone.evaluation import CORPUS_DIR, evaluate, load_corpus

LETTERS = load_corpus()
HOLDOUT = load_corpus(CORPUS_DIR / "holdout")


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(LETTERS)


def test_the_corpus_has_at_least_sixty_letters():
    assert len(LETTERS) >= 60


def test_every_kind_has_letters_in_both_languages_clean_and_with_problems():
    seen = Counter((letter.lang, letter.kind, letter.clean) for letter in LETTERS)
    for lang in LANGUAGES:
        for kind in KINDS:
            assert seen[(lang, kind, True)] >= 1, (lang, kind, "clean")
            assert seen[(lang, kind, False)] >= 1, (lang, kind, "with problems")


def test_about_half_the_letters_are_clean():
    clean = sum(letter.clean for letter in LETTERS)
    assert 0.4 <= clean / len(LETTERS) <= 0.6


def test_every_category_of_the_contract_is_annotated_in_both_languages():
    annotated = {(letter.lang, problem.category) for letter in LETTERS for problem in letter.problems}
    for lang in LANGUAGES:
        for category in ("attack", "absolute", "blame", "sarcasm", "shouting", "emotional", "threat", "jargon", "us_vs_them", "length"):
            assert (lang, category) in annotated


def test_the_held_out_letters_parse_and_are_kept_apart_from_the_main_corpus():
    assert HOLDOUT
    assert not {letter.path.name for letter in HOLDOUT} & {letter.path.name for letter in LETTERS}


def test_the_checker_finds_at_least_ninety_percent_of_the_annotated_problems(evaluation):
    total = evaluation.total()
    assert total.recall >= 0.9, f"recall {total.recall:.2f}"


def test_no_clean_letter_gets_an_error_level_finding_or_a_missing_element(evaluation):
    assert evaluation.errors_on_clean == []


def test_the_language_of_every_letter_is_detected(evaluation):
    assert evaluation.wrong_language == []
