"""Someone else's words are not judged: quoted reply lines ("> ..."),
quotations in «», “” or "", and the subject a reply repeats after "Re:".
Offsets of what is judged stay relative to the original text."""

from __future__ import annotations

from despedida.core.tone import check


def categories(text, lang="es"):
    return [f.category for f in check(text, lang).findings]


def test_quoted_reply_lines_are_not_judged():
    text = "Hola, Ramón:\n\n> Sois unos incompetentes. NO PIENSO PAGAR!!!\n> Os vais a enterar.\n\nUn saludo."
    assert categories(text) == []


def test_a_quoted_line_may_be_indented():
    assert categories("Gracias.\n   > You are a liar and a crook.\nBest,", "en") == []


def test_quotations_in_angle_quotes_curly_quotes_and_straight_quotes_are_not_judged():
    assert categories("Me escribiste «esto tiene que estar PERFECTO o no sale» y lo entiendo.") == []
    assert categories("You wrote “you are useless” and I understand the frustration.", "en") == []
    assert categories('You wrote "this has to be PERFECT or it does not ship", so I checked.', "en") == []


def test_a_reply_subject_after_re_is_not_judged_but_the_body_is():
    text = "Asunto: Re: Esto es una vergüenza\n\nHola:\n\nEsto es una vergüenza."
    findings = check(text, "es").findings
    assert [f.line for f in findings] == [5]


def test_offsets_after_a_quotation_stay_relative_to_the_original_text():
    text = "Me dijo «eres un inútil, un incompetente» y después: eres un incompetente."
    findings = [f for f in check(text, "es").findings if f.category == "attack"]
    assert [f.start for f in findings] == [text.rindex("incompetente")]


def test_an_unclosed_quotation_mark_does_not_hide_the_rest_of_the_letter():
    text = "Empiezo una cita «sin cerrar\n\nEres un incompetente."
    assert "attack" in categories(text)


def test_text_between_two_quotations_is_judged():
    text = 'He said "fine" and then, frankly, you are a liar, and then "ok".'
    assert categories(text, "en") == ["attack"]
