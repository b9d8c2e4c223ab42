"""The lemma stream: dictionary forms, grammatical person and the way back to
the text, so rules can be written once for every inflection and word order."""

from __future__ import annotations

import pytest

from despedida.core.tone.checker import rule_hits
from despedida.core.tone.lemmas import spanish_person
from despedida.core.tone.rulebook import load_rulebook
from despedida.core.tone.scanner import Prepared


def stream(text, lang):
    return Prepared(text).stream(load_rulebook(lang))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Te vas a arrepentir", "te ir:2 a arrepentir"),
        ("Nunca pagáis a tiempo", "nunca pagar:2 a tiempo"),
        ("Usted nunca paga", "usted nunca pagar:3"),
        ("Vos nunca pagás", "vos nunca pagar:2"),
        ("No podés seguir así", "no poder:2 seguir asi"),
        ("Entiendo tu enfado", "entender:1 tu enfado"),
        ("Las entregas llegaron tarde", "el entregar llegar:3 tarde"),
        ("Pero las haré si es necesario", "pero el hacer:1 si ser:3 necesario"),
        ("He enviado los archivos", "haber:1 enviar el archivo"),
        ("Me tiene que dedicarte tiempo", "me tener:3 que dedicar tiempo"),
    ],
)
def test_spanish_words_become_lemmas_with_the_person_of_finite_verbs(text, expected):
    assert stream(text, "es").text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Typed without accents, a first person of the future or the preterite is still one.
        ("Suspendere el trabajo", "suspender:1 el trabajo"),
        ("Lo archivare el lunes", "lo archivar:1 el lunes"),
        ("Hare lo posible y pondre al dia a tu equipo", "hacer:1 lo posible y poner:1 al dia a tu equipo"),
        ("Ya lo decidi", "ya lo decidir:1"),
        ("El contrato se dara por resuelto", "el contrato se dar:3 por resolver"),
        # ... and only where nothing else can be meant.
        ("Cuando termine la fase te aviso", "cuando terminar:3 el fase te avisar:1"),
        ("Lo pido para cada semana", "lo pedir:1 para cada semana"),
        ("Es mi ultima semana y mi vinculo termina", "ser:3 mi ultimo semana y mi vinculo terminar:3"),
        # Irregular participles are not a first person.
        ("El tema queda resuelto y el plazo abierto", "el tema quedar:3 resolver y el plazo abrir"),
        ("Te echo de menos", "te echar:1 de menos"),
    ],
)
def test_spanish_typed_without_accents_keeps_its_verbs_and_persons(text, expected):
    assert stream(text, "es").text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You'll regret it", "you will regret it"),
        ("I won't pay", "i will not pay"),
        ("It's your fault", "it be your fault"),
        ("The client's files", "the client file"),
        ("Don't make me wait", "do not make me wait"),
        ("I sued them in 2025", "i sue they in 9"),
    ],
)
def test_english_contractions_are_expanded_and_words_lemmatised(text, expected):
    assert stream(text, "en").text == expected


def test_line_breaks_are_kept_so_a_pattern_cannot_run_across_lines():
    assert stream("Un saludo\nIrene", "es").text == "uno saludo | irene"


@pytest.mark.parametrize(
    ("form", "lemma", "person"),
    [
        ("pagaste", "pagar", "2"),
        ("contestáis", "contestar", "2"),
        ("pagamos", "pagar", "1"),
        ("pagó", "pagar", "3"),
        ("pagando", "pagar", ""),
        ("pagado", "pagar", ""),
        ("insiste", "insistir", "3"),
        ("facturas", "factura", ""),
    ],
)
def test_the_person_of_a_spanish_verb_comes_from_its_ending(form, lemma, person):
    assert spanish_person(form, lemma) == person


def test_a_match_on_the_stream_maps_back_to_the_exact_words_of_the_text():
    text = "Hola:\n\nSi el viernes no has pagado, al juzgado iremos.\n"
    spans = rule_hits(text, "es")["es.threat.legal_any_order"]
    assert [text[start:end] for start, end in spans] == ["juzgado"]


@pytest.mark.parametrize(
    "text",
    [
        "Arrepentido te vas a quedar.",
        "Te arrepentirás de esto.",
        "Os vais a arrepentir.",
        "Se arrepentirá, se lo aseguro.",
    ],
)
def test_one_lemma_rule_covers_every_tense_person_and_word_order(text):
    assert "es.threat.personal_any_order" in rule_hits(text, "es")


def test_quoted_words_are_not_in_the_stream():
    assert "demandar" not in stream("Me dijo «te voy a demandar» y no contesté.", "es").text
