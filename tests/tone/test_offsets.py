"""Findings point at the exact characters: offsets are code points into the
text as given, lines and columns are 1-based, whatever the alphabet."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from despedida.core.tone import check

INSULT = "Eres un incompetente."


def attack_in(text, lang="es"):
    findings = [f for f in check(text, lang).findings if f.category == "attack"]
    assert len(findings) == 1, findings
    return findings[0]


def expected_position(text, offset):
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def test_offsets_count_code_points_not_bytes_after_accents_and_emoji():
    text = "Hola, Begoña 😀: la migración está lista.\n" + INSULT
    finding = attack_in(text)
    start = text.index("incompetente")
    assert (finding.start, finding.end) == (start, start + len("incompetente"))
    assert finding.excerpt == "incompetente"
    assert (finding.line, finding.column) == (2, 9)


def test_columns_count_each_code_point_of_an_emoji_sequence_and_a_combining_accent():
    # 👩‍💻 is three code points (woman, zero-width joiner, laptop); "é" here
    # is "e" plus a combining accent: two code points.
    text = "Equipo 👩\u200d💻 y cafe\u0301. " + INSULT
    finding = attack_in(text)
    start = text.index("incompetente")
    assert finding.start == start
    assert finding.column == start + 1
    assert text[finding.start : finding.end] == finding.excerpt


def test_a_crlf_line_ending_keeps_lines_and_columns_right():
    text = "Hola, Marta:\r\n\r\n" + INSULT + "\r\nUn saludo"
    finding = attack_in(text)
    assert (finding.line, finding.column) == (3, 9)
    assert text[finding.start : finding.end] == "incompetente"


def test_an_accent_free_spelling_matches_and_keeps_the_writers_spelling_in_the_excerpt():
    text = "Ustedes jamas responden. Ustedes jamás responden."
    findings = [f for f in check(text, "es").findings if f.category == "absolute"]
    assert [f.excerpt for f in findings] == ["Ustedes jamas", "Ustedes jamás"]


def test_a_capital_i_with_a_dot_whose_lower_case_is_longer_does_not_shift_offsets():
    text = "İİİ İstanbul. " + INSULT  # "İ".lower() is two code points
    finding = attack_in(text)
    assert text[finding.start : finding.end] == "incompetente"


def test_a_letter_that_starts_with_a_byte_order_mark_counts_it_as_a_code_point():
    text = "\ufeff" + INSULT
    finding = attack_in(text)
    assert (finding.start, finding.column) == (9, 10)


_ALPHABET = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters='«»“”">',  # quotations are not judged; tested apart
)


@settings(max_examples=150, deadline=None)
@given(prefix=st.text(_ALPHABET, max_size=300))
def test_an_insult_after_any_text_is_found_at_its_exact_offset(prefix):
    text = prefix + "\n" + INSULT
    start = len(prefix) + 1 + INSULT.index("incompetente")
    finding = next(f for f in check(text, "es").findings if f.rule == "es.attack.insult" and f.start == start)
    assert finding.excerpt == "incompetente"
    assert (finding.line, finding.column) == expected_position(text, start)


@settings(max_examples=150, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400).filter(str.strip))
def test_every_finding_on_any_text_has_consistent_offsets_lines_and_excerpt(text):
    report = check(text)
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.excerpt
        assert (finding.line, finding.column) == expected_position(text, finding.start)
