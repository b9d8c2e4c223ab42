"""The labelled corpus (corpus/letters/): its size, its split by letter and by
sentence, the generator that writes it, and the figures on the letters the
rules were written from. `make tone-report` prints the figures of every split;
the headline (the test split) is measured there, not tuned here."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from despedida.core.tone import CATEGORIES, KINDS, LANGUAGES
from despedida.core.tone.evaluation import CORPUS_DIR, HOLDOUT, SPLITS, evaluate, load_hands, load_split
from despedida.core.tone.text import sentence_bounds

from .generator_module import load_generator, unload_generator

SPLIT_LETTERS = {split: load_split(split) for split in SPLITS}
ALL = [letter for letters in SPLIT_LETTERS.values() for letter in letters]


def long_sentences(letters, words=7):
    found = set()
    for letter in letters:
        for start, end in sentence_bounds(letter.body):
            sentence = letter.body[start:end].strip().lower()
            if len(sentence.split()) >= words:
                found.add(sentence)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_at_least_four_hundred_letters(lang):
    assert sum(1 for letter in ALL if letter.lang == lang) >= 400


def test_the_splits_share_no_letter():
    names = [letter.path.name for letter in ALL]
    bodies = [letter.body for letter in ALL]
    assert len(names) == len(set(names))
    assert len(bodies) == len(set(bodies))


@pytest.mark.parametrize("split", ["dev", "test"])
def test_no_problem_phrase_or_long_sentence_of_dev_or_test_appears_in_train(split):
    """GIVEN sentence pools written apart for each split
    THEN the dev and test figures measure sentences the rules and the model never saw."""
    train_text = "\n".join(letter.body.lower() for letter in SPLIT_LETTERS["train"])
    phrases = {p.phrase.lower() for letter in SPLIT_LETTERS[split] for p in letter.problems if p.phrase}
    assert phrases
    assert [phrase for phrase in phrases if phrase in train_text] == []
    assert long_sentences(SPLIT_LETTERS[split]) & long_sentences(SPLIT_LETTERS["train"]) == set()


def test_no_test_problem_phrase_appears_in_dev():
    dev_text = "\n".join(letter.body.lower() for letter in SPLIT_LETTERS["dev"])
    phrases = {p.phrase.lower() for letter in SPLIT_LETTERS["test"] for p in letter.problems if p.phrase}
    assert [phrase for phrase in phrases if phrase in dev_text] == []


@pytest.mark.parametrize("split", SPLITS)
def test_every_kind_has_letters_in_both_languages_clean_and_with_problems(split):
    seen = Counter((letter.lang, letter.kind, letter.clean) for letter in SPLIT_LETTERS[split])
    for lang in LANGUAGES:
        for kind in KINDS:
            assert seen[(lang, kind, True)] >= 1, (split, lang, kind, "clean")
            assert seen[(lang, kind, False)] >= 1, (split, lang, kind, "with problems")


@pytest.mark.parametrize("split", SPLITS)
def test_between_a_third_and_two_thirds_of_the_letters_are_clean(split):
    letters = SPLIT_LETTERS[split]
    clean_share = sum(letter.clean for letter in letters) / len(letters)
    assert clean_share >= 1 / 3, (split, clean_share)
    assert clean_share <= 2 / 3, (split, clean_share)


def test_every_category_of_the_contract_is_annotated_in_both_languages():
    annotated = {(letter.lang, problem.category) for letter in ALL for problem in letter.problems}
    for lang in LANGUAGES:
        for category in CATEGORIES:
            assert (lang, category) in annotated, (lang, category)


def test_the_letters_come_in_many_voices():
    voices = {letter.voice.split()[0] for letter in ALL if letter.voice}
    assert {"ES", "MX", "AR", "CO", "UK", "US"} <= voices
    addresses = {letter.voice.split()[1] for letter in ALL if letter.voice and letter.lang == "es"}
    assert {"tu", "usted", "vos", "vosotros", "ustedes"} <= addresses


def test_the_held_out_letters_parse_and_are_kept_apart_from_the_splits():
    holdout = load_split(HOLDOUT)
    assert holdout
    assert not {letter.path.name for letter in holdout} & {letter.path.name for letter in ALL}


def test_the_letters_by_other_hands_parse_and_share_no_problem_phrase_with_the_test_split():
    """corpus/hands/ teaches the model (scripts/train_tone_model.py): each letter parses with every
    annotated phrase in its body, and none of the untouched test split's problems is among them."""
    hands = load_hands()
    assert {letter.lang for letter in hands} == set(LANGUAGES)
    assert all(letter.problems or letter.clean for letter in hands)
    hands_text = "\n".join(letter.body.lower() for letter in hands)
    test_phrases = {p.phrase.lower() for letter in SPLIT_LETTERS["test"] for p in letter.problems if p.phrase}
    assert [phrase for phrase in test_phrases if phrase in hands_text] == []


def test_the_generator_writes_exactly_the_committed_letters():
    """Same sentence banks, same seeds, same letters: the corpus can be rebuilt (`make tone-corpus`)."""
    try:
        files = load_generator().generate()
    finally:
        unload_generator()
    on_disk = {
        path: path.read_text(encoding="utf-8") for split in SPLITS for path in (CORPUS_DIR / split).glob("g-*.txt")
    }
    assert set(files) == set(on_disk)
    assert [path.name for path in files if files[path] != on_disk[path]] == []


@pytest.fixture(scope="module")
def train_evaluation():
    return evaluate(SPLIT_LETTERS["train"])


def test_on_the_letters_the_rules_were_written_from_at_least_ninety_percent_of_problems_are_found(train_evaluation):
    # A regression guard, not a measure of quality: the rules were written from these letters.
    assert train_evaluation.total().recall >= 0.9


def test_no_clean_train_letter_gets_an_error_level_finding_or_a_missing_element(train_evaluation):
    assert train_evaluation.errors_on_clean == []


def test_the_language_of_every_train_letter_is_detected(train_evaluation):
    assert train_evaluation.wrong_language == []


def test_a_letter_file_names_its_split_folder():
    for split, letters in SPLIT_LETTERS.items():
        assert all(letter.path.parent == Path(CORPUS_DIR / split) for letter in letters)
