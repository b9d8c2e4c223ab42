"""The import preview says what is wrong with a file in the user's language."""

from __future__ import annotations

from django.utils import translation

from despedida.core.portfolio.problems import MESSAGES, problem
from despedida.workspace_settings.problem_texts import TEXTS, describe


def test_every_problem_the_reader_reports_has_a_translatable_sentence():
    assert TEXTS.keys() == MESSAGES.keys()


def test_in_english_the_page_says_what_the_command_line_prints():
    with translation.override("en"):
        for code, sentence in MESSAGES.items():
            assert str(TEXTS[code]) == sentence, code


def test_a_problem_is_told_in_spanish_with_its_values():
    found = problem("clients[0].invoices[0].currency", "unknown_currency", currency="XYZ")

    with translation.override("es"):
        assert describe(found) == "XYZ no es un código de moneda ISO 4217; escribe uno como EUR, USD o MXN"
    with translation.override("en"):
        assert describe(found) == found.message
