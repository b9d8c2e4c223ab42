"""The checker is linear in the length of the text: no pattern can backtrack
badly (the loader refuses those), and a 1 MB text is checked in seconds."""

from __future__ import annotations

import time

import pytest

from despedida.tone import check
from despedida.tone.evaluation import load_corpus


def seconds(text, lang="es"):
    """CPU seconds of one check: other jobs on a shared machine barely disturb it."""
    started = time.process_time()
    check(text, lang, "termination")
    return time.process_time() - started


@pytest.fixture(scope="module")
def letters_text():
    return "\n\n".join(letter.body for letter in load_corpus())


def test_a_one_megabyte_text_is_checked_in_a_few_seconds(letters_text):
    text = (letters_text * (1_000_000 // len(letters_text) + 1))[:1_000_000]
    check("Hola", "es")  # load and compile the rules first
    assert seconds(text) < 5  # under 1 s on a laptop


def test_ten_times_the_text_takes_about_ten_times_as_long(letters_text):
    small = (letters_text * (100_000 // len(letters_text) + 1))[:100_000]
    large = small * 10
    check("Hola", "es")
    ratio = min(seconds(large) for _ in range(2)) / min(seconds(small) for _ in range(3))
    assert ratio < 20, ratio  # linear: about 10; quadratic would be about 100


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000,
        "A" * 200_000,
        "AB " * 70_000,
        "!" * 200_000,
        "¿" * 200_000,
        "«" * 200_000,
        '"' * 200_000,
        ">" * 200_000,
        "\n> " * 70_000,
        "siempre " * 25_000,
        "nunca " * 30_000,
        "usted " * 30_000,
        "you " * 50_000,
        "pagáis " * 25_000,
        "1.000,00 € " * 20_000,
        "x" * 100_000 + " " + "y" * 100_000,
        ("HELLO," + "x" * 400) * 500,  # hits with exceptions, spaced out, and no whitespace
        ("SEO," + "x" * 400) * 500,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_adversarial_texts_are_checked_quickly(text):
    assert seconds(text) < 3
