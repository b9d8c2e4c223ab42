"""The report: input errors, language detection, severity and kinds,
the length rule, and the JSON shape of the contract."""

from __future__ import annotations

import dataclasses

import pytest

from despedida.core.tone import Finding, ToneInputError, ToneReport, check


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_text_is_refused_with_a_tone_input_error(text):
    with pytest.raises(ToneInputError, match="empty"):
        check(text)


def test_a_tone_input_error_is_a_value_error():
    assert issubclass(ToneInputError, ValueError)


@pytest.mark.parametrize("lang", ["fr", "ES", "", "spanish"])
def test_an_unknown_language_code_is_refused(lang):
    with pytest.raises(ToneInputError, match="language"):
        check("Hola", lang)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ToneInputError, match="kind"):
        check("Hola", "es", "farewell")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Te escribo para contarte que el proyecto termina el viernes.", "es"),
        ("I'm writing to let you know that the project ends on Friday.", "en"),
        ("Gracias por todo, de verdad. Un saludo.", "es"),
        ("Thanks for the update, and have a good weekend.", "en"),
    ],
)
def test_auto_detects_the_language_by_its_common_words(text, lang):
    assert check(text).lang == lang


def test_auto_falls_back_to_spanish_when_no_common_word_decides():
    assert check("!!!").lang == "es"


def test_an_explicit_language_overrides_detection():
    assert check("You are a liar.", "es").lang == "es"


def test_has_errors_is_true_for_an_error_finding_or_a_missing_element_but_not_for_a_warning():
    assert check("Eres un incompetente.", "es").has_errors
    assert check("Hola.", "es", "checkin").has_errors  # missing question and courtesy
    warning_only = check("Por medio de la presente te escribo.", "es")
    assert [f.severity for f in warning_only.findings] == ["warning"]
    assert not warning_only.has_errors


def test_the_report_and_its_findings_are_frozen():
    report = check("Eres un incompetente.", "es")
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.lang = "en"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.findings[0].start = 0  # type: ignore[misc]


def test_to_json_follows_the_contract_shape():
    document = check("Eres un incompetente.", "es", "termination").to_json()
    assert list(document) == ["format", "lang", "kind", "findings", "missing", "stats"]
    assert document["format"] == "despedida.tone/1"
    assert list(document["findings"][0]) == [
        "rule",
        "category",
        "severity",
        "start",
        "end",
        "line",
        "column",
        "excerpt",
        "message",
        "suggestion",
    ]
    assert list(document["missing"][0]) == ["element", "message"]
    assert list(document["stats"]) == ["words", "sentences"]


def test_messages_and_suggestions_are_in_the_language_of_the_text():
    spanish = check("Eres un incompetente.", "es").findings[0]
    english = check("You are incompetent.", "en").findings[0]
    assert "persona" in spanish.message and "person" in english.message


def test_stats_count_words_and_sentences_of_the_writers_own_text():
    report = check(
        "Hola, Marta:\n\nTe escribo por el proyecto. ¿Va todo bien?\n\n> Texto citado largo aquí.\nUn saludo", "es"
    )
    assert report.stats.words == 12
    assert report.stats.sentences == 4


def test_a_letter_over_its_kinds_word_limit_gets_a_length_finding_at_the_first_word_over():
    sentence = "Solo quería saber si va todo bien por vuestra parte. "
    text = sentence * 16  # 160 words, the limit of a check-in is 150
    findings = [f for f in check(text, "es", "checkin").findings if f.rule == "es.length.letter_too_long"]
    assert len(findings) == 1
    assert findings[0].start == text.index("Solo", len(sentence) * 15)  # the 151st word
    assert "160" in findings[0].message and "150" in findings[0].message


def test_without_a_kind_a_long_letter_gets_no_letter_length_finding():
    text = "Solo quería saber si va todo bien por vuestra parte. " * 40
    assert not [f for f in check(text, "es").findings if f.rule == "es.length.letter_too_long"]


def test_a_very_long_sentence_gets_a_length_finding_spanning_the_sentence():
    sentence = "I am writing because " + "the scope changed again and " * 10 + "so I stop."
    text = "Hi Ana,\n\n" + sentence + "\n\nBest,"
    findings = [f for f in check(text, "en").findings if f.rule == "en.length.sentence_too_long"]
    assert [(f.start, f.end) for f in findings] == [(text.index(sentence), text.index(sentence) + len(sentence))]


def test_legal_steps_are_a_threat_in_a_termination_but_information_in_a_formal_demand():
    text = "Si no se recibe el pago antes del 10 de diciembre, iniciaré la vía judicial."
    assert "threat" in [f.category for f in check(text, "es", "termination").findings]
    assert "threat" not in [f.category for f in check(text, "es", "formal_demand").findings]


def test_personal_threats_stay_threats_even_in_a_formal_demand():
    assert "threat" in [f.category for f in check("Pay this week or you'll regret it.", "en", "formal_demand").findings]


def test_rules_of_one_category_that_flag_the_same_words_give_one_finding():
    # "Y tú nunca contestas" is flagged by two absolute rules; the reader sees one.
    findings = [f for f in check("Y tú nunca contestas.", "es").findings if f.category == "absolute"]
    assert len(findings) == 1


def test_findings_of_different_categories_on_the_same_words_are_all_kept():
    categories = {f.category for f in check("ERES UN INCOMPETENTE Y UN MENTIROSO", "es").findings}
    assert {"attack", "shouting"} <= categories


def test_findings_come_sorted_by_position():
    report = check("Sin otro particular. Eres un incompetente. Os vais a enterar.", "es")
    assert [f.start for f in report.findings] == sorted(f.start for f in report.findings)
    assert all(isinstance(f, Finding) for f in report.findings) and isinstance(report, ToneReport)
