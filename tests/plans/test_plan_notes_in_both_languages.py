"""Every note an exit plan can carry reads wholly in the reader's language, dates and numbers included.

A note is stored as a code and its values (dates as ISO text, amounts as
plain decimals); it is worded when read. This renders every note code, in
Spanish and in English, with values like the planner's, and fails on a word
only the other language's notes use, on an ISO date or on a decimal point
where Spanish writes a comma.
"""

from __future__ import annotations

import re
import string

import pytest

from despedida.core.plans.notes import MESSAGES, Note

WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
# Values as the planner stores them: names, ISO dates, decimals written with a point, counts.
VALUES = {
    "project": "Tienda online",
    "milestone": "Desarrollo",
    "buffer_days": "14",
    "days": "7",
    "as_of": "2026-11-22",
    "last_work_on": "2026-12-20",
    "due_on": "2026-10-31",
    "since": "2026-10-02",
    "next_on": "2026-11-25",
    "deadline": "2026-12-01",
    "hours": "12.50",
    "currency": "EUR",
    "currencies": "EUR, USD",
    "next_step_es": "un mensaje amable preguntando si todo va bien",
    "next_step_en": "a friendly check-in",
}


def vocabulary(language: str) -> set[str]:
    return {w.lower() for texts in MESSAGES.values() for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", texts[language]))}


OTHER_WORDS = {"es": vocabulary("en") - vocabulary("es"), "en": vocabulary("es") - vocabulary("en")}
OWN_DATA = {w.lower() for value in ("Tienda online", "Desarrollo") for w in WORD.findall(value)}


def note(code: str) -> Note:
    fields = {name for texts in MESSAGES[code].values() for _, name, _, _ in string.Formatter().parse(texts) if name}
    return Note.of(code, **{name: VALUES[name] for name in fields})


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_plan_note_reads_in_the_readers_language(code, language):
    text = note(code).message(language)

    strays = {w.lower() for w in WORD.findall(text)} & OTHER_WORDS[language] - OWN_DATA
    assert not strays, f"{language} note {code} has words of the other language {strays}: {text}"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text  # no ISO date in a sentence
    if language == "es":
        assert not re.search(r"\d\.\d", text), text  # "12,5 h", not "12.5 h"
    if "{as_of}" in MESSAGES[code][language]:
        assert ("22 de noviembre de 2026" if language == "es" else "22 November 2026") in text
