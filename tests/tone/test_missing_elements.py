"""What each kind of letter must contain (rules/kinds.yaml), in both languages."""

from __future__ import annotations

import pytest

from despedida.core.tone import KINDS, LANGUAGES, check
from despedida.core.tone.evaluation import load_corpus
from despedida.core.tone.rulebook import load_rulebook

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
    without_invoice = TERMINATION_ES.replace(
        "Adjunto la factura 2026-041, de 1.850 €, con vencimiento a 30 días.\n", ""
    )
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


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Le recuerdo las facturas F-101, F-102 y F-103, por un total de 4.200 €.", "es"),
        ("Facturas pendientes: F-101, F-102 y F-103, que suman 4.200 €.", "es"),
        ("Siguen sin pagar las facturas números 101 y 102, por 900 €.", "es"),
        ("A reminder about invoices INV-101, INV-102 and INV-103, totalling $4,200.", "en"),
        ("Outstanding invoices: #101, #102 and #103, for $4,200 in total.", "en"),
    ],
)
def test_invoice_numbers_written_as_a_list_are_an_invoice_reference(text, lang):
    assert "invoice_reference" not in missing(text, lang, "payment_reminder")


@pytest.mark.parametrize(
    "amount",
    [
        "S/ 4,500",
        "S/. 4,500.00",
        "4,500 soles",
        "PEN 4,500",
        "US$ 1.200",
        "MX$12,500",
        "$12,500 MXN",
        "COP 2.400.000",
        "$2.400.000 COP",
        "ARS 350.000",
        "CLP 850.000",
        "1.850 €",
        "EUR 1.850",
        "£1,200",
        "GBP 1,200",
        "CHF 900",
        "R$ 3.000",
        "CA$1,800",
        "12,500 pesos",
        # Local symbols and prefixes (issue 14, eighth round).
        "₦350,000",
        "₹45,000",
        "₱30,000",
        "Gs. 1.500.000",
        "$U 12.000",
        "B/. 900",
        "Bs. 3.000",
        "zł 1200",
        "1200 zł",
        "kr 5000",
    ],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_amount_in_any_currency_or_symbol_is_an_amount(amount, lang):
    text = (
        f"La factura 2026-041, de {amount}, vence el 3 de mayo."
        if lang == "es"
        else f"Invoice 2026-041, for {amount}, is due on May 3."
    )
    assert "amount" not in missing(text, lang, "payment_reminder")


def test_an_amount_needs_a_number_next_to_the_currency():
    assert "amount" in missing("La factura en soles sigue pendiente.", "es", "payment_reminder")
    assert "amount" in missing("The top 3 priorities are unchanged.", "en", "payment_reminder")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Mi decisión está tomada: termino el 15 de enero.", "es"),
        ("Mi último día será el 15 de enero.", "es"),
        ("El proyecto queda cerrado a partir de hoy.", "es"),
        ("Mantengo la fecha que te di: el 15 de enero.", "es"),
        ("Cerraré el proyecto el 15 de enero si no tengo noticias.", "es"),
        ("My decision stands: I finish on January 15.", "en"),
        ("I'll be wrapping up my work on January 15.", "en"),
        ("The project is closed as of today.", "en"),
        ("My answer hasn't changed.", "en"),
        ("I'll consider the project finished on January 15.", "en"),
    ],
)
def test_end_statements_in_their_common_shapes_are_recognised(text, lang):
    assert "end_statement" not in missing(text, lang, "termination")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Te escribo para saber si va todo bien.", "es"),
        ("Terminaré el informe el viernes y te lo envío.", "es"),
        ("I just wanted to check that everything is okay.", "en"),
    ],
)
def test_a_letter_that_ends_nothing_has_no_end_statement(text, lang):
    assert "end_statement" in missing(text, lang, "termination")


@pytest.mark.parametrize(
    ("lang", "for_review", "handed_over"),
    [
        (
            "en",
            "I've put the final logo files in the shared folder for your review.",
            "I've put the final logo files in the shared folder. The new icon is attached for your review.",
        ),
        (
            "es",
            "Te dejo los archivos finales en la carpeta compartida para que los revises.",
            "Te dejo los archivos finales en la carpeta compartida. El icono nuevo va adjunto para que lo revises.",
        ),
    ],
)
def test_what_a_sentence_sends_for_review_is_not_handed_over_but_the_next_sentence_still_counts(
    lang, for_review, handed_over
):
    # An element's exceptions (rules/<lang>/_elements.yaml) void the matches of the sentence they match in, only.
    assert "handover" in missing(f"Ana,\n\n{for_review}\n\nLeo", lang, "termination")
    assert "handover" not in missing(f"Ana,\n\n{handed_over}\n\nLeo", lang, "termination")
