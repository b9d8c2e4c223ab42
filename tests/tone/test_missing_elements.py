"""What each kind of letter must contain (rules/kinds.yaml), in both languages."""

from __future__ import annotations

import pytest

from despedida.tone import KINDS, LANGUAGES, check
from despedida.tone.evaluation import load_corpus
from despedida.tone.rulebook import load_rulebook

TERMINATION_ES = """Hola, Lucía:

He decidido dar por terminada nuestra colaboración. Mi último día será el 18 de diciembre de 2026.
Te enviaré los archivos de Figma y la documentación para quien continúe.
Adjunto la factura 2026-041, de 1.850 €, con vencimiento a 30 días.

Gracias por la confianza. Un saludo,
Irene"""

TERMINATION_EN = """Hi Rachel,

I've decided to end our working relationship. My last day will be December 11, 2026.
I'll hand over the Figma files and the staging credentials.
The final invoice, for $2,150, is attached and due within 30 days.

Thank you for your trust. Best regards,
Daniel"""


def missing(text, lang, kind):
    return [m.element for m in check(text, lang, kind).missing]


@pytest.mark.parametrize(("text", "lang"), [(TERMINATION_ES, "es"), (TERMINATION_EN, "en")])
def test_a_complete_termination_misses_nothing(text, lang):
    assert missing(text, lang, "termination") == []


@pytest.mark.parametrize(
    ("lang", "old", "new", "element"),
    [
        ("es", "He decidido dar por terminada nuestra colaboración. Mi último día será", "Hablamos", "end_statement"),
        ("es", " el 18 de diciembre de 2026", "", "effective_date"),
        ("es", "Te enviaré los archivos de Figma y la documentación para quien continúe.\n", "", "handover"),
        ("es", ", con vencimiento a 30 días", "", "invoice_terms"),
        ("es", "Gracias por la confianza. Un saludo,", "", "courtesy"),
        ("en", "I've decided to end our working relationship. My last day will be", "We spoke on", "end_statement"),
        ("en", " December 11, 2026", "", "effective_date"),
        ("en", "I'll hand over the Figma files and the staging credentials.\n", "", "handover"),
        ("en", " and due within 30 days", "", "invoice_terms"),
        ("en", "Thank you for your trust. Best regards,", "", "courtesy"),
    ],
)
def test_a_termination_without_one_element_reports_exactly_that_element(lang, old, new, element):
    text = TERMINATION_ES if lang == "es" else TERMINATION_EN
    assert old in text
    assert missing(text.replace(old, new), lang, "termination") == [element]


def test_invoice_terms_are_only_required_when_an_invoice_or_amount_is_mentioned():
    without_invoice = TERMINATION_ES.replace("Adjunto la factura 2026-041, de 1.850 €, con vencimiento a 30 días.\n", "")
    assert missing(without_invoice, "es", "termination") == []
    no_debt = without_invoice + "\nNo hay facturas pendientes."
    assert missing(no_debt, "es", "termination") == []


def test_quoted_text_does_not_count_as_an_element_the_writer_wrote():
    text = "Hola:\n\n> Gracias por todo, un saludo\n\nDoy por terminado el contrato el 1 de marzo."
    assert "courtesy" in missing(text, "es", "termination")


def test_without_a_kind_nothing_is_reported_missing():
    assert check("Hola.", "es").missing == ()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_bare_greeting_misses_every_element_its_kind_requires(kind, lang):
    required = load_rulebook(lang).kinds[kind]
    expected = [element for element in required if element != "invoice_terms"]  # nothing to trigger it
    assert missing("Hola." if lang == "es" else "Hello.", lang, kind) == expected


CLEAN_LETTERS = {(letter.kind, letter.lang): letter for letter in load_corpus() if letter.clean}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_clean_corpus_letter_of_every_kind_misses_nothing(kind, lang):
    letter = CLEAN_LETTERS[(kind, lang)]
    assert missing(letter.body, lang, kind) == [], letter.path.name


def test_every_kind_of_the_contract_has_its_elements_defined_in_both_languages():
    assert set(load_rulebook("es").kinds) == set(KINDS)
    for lang in LANGUAGES:
        book = load_rulebook(lang)
        assert all(element in book.elements for elements in book.kinds.values() for element in elements)
