"""The tone checker: a letter in, a ToneReport out. Pure Python.

All the patterns of a language run in one pass over the text (see
scanner.py), so the work grows linearly with the length of the letter.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from despedida.core.tone.classifier import LEXICON_FILE, load_lexicon, load_model, sentence_features
from despedida.core.tone.element_reader import reads_element
from despedida.core.tone.model import (
    KINDS,
    LANGUAGES,
    Finding,
    MissingElement,
    Stats,
    ToneInputError,
    ToneReport,
)
from despedida.core.tone.rulebook import RULES_DIR, Element, Rule, RuleBook, load_rulebook, stopwords
from despedida.core.tone.scanner import Prepared, merged, overlaps, scan

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _length_hits(rule: Rule, prepared: Prepared, kind: str | None) -> list[tuple[int, int, dict[str, int]]]:
    hits: list[tuple[int, int, dict[str, int]]] = []
    limit = dict(rule.max_words).get(kind) if kind else None
    if limit is not None and prepared.word_count > limit:
        start, end = prepared.word_at(limit)  # the word where the letter goes over its limit
        hits.append((start, end, {"words": prepared.word_count, "limit": limit}))
    if rule.max_sentence_words is not None:
        for sentence in prepared.sentences(rule.max_sentence_words)[1]:
            hits.append((sentence.start, sentence.end, {"words": sentence.words, "limit": rule.max_sentence_words}))
    return hits


def _format(template: str, values: dict[str, int]) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _hits(book: RuleBook, prepared: Prepared, kind: str | None) -> dict[str, list[tuple[int, int, dict[str, int]]]]:
    """What each rule flags on its own, before one category's findings are merged."""
    by_pattern = scan(book, prepared)
    hits: dict[str, list[tuple[int, int, dict[str, int]]]] = {}
    for rule in book.rules:
        if kind in rule.allowed_in:
            continue
        if rule.is_length:
            found = _length_hits(rule, prepared, kind)
        else:
            found = [(start, end, {}) for start, end in by_pattern.get(rule.id, ())]
        if found:
            hits[rule.id] = found
    return hits


def rule_hits(
    text: str, lang: str, kind: str | None = None, *, root: Path = RULES_DIR
) -> dict[str, list[tuple[int, int]]]:
    """Spans each rule flags on its own (before findings of one category are
    merged): for testing a rule against its examples, or asking why it fired."""
    validate(text, lang, kind)
    book = load_rulebook(lang if lang != "auto" else Prepared(text).detect_language(stopwords(root)), root)
    return {rule_id: [(s, e) for s, e, _ in spans] for rule_id, spans in _hits(book, Prepared(text), kind).items()}


def _findings(book: RuleBook, prepared: Prepared, kind: str | None) -> list[Finding]:
    rules = {rule.id: rule for rule in book.rules}
    found: list[Finding] = []
    for rule_id, hits in _hits(book, prepared, kind).items():
        rule = rules[rule_id]
        for start, end, values in hits:
            line, column = prepared.lines.position(start)
            found.append(
                Finding(
                    rule=rule.id,
                    category=rule.category,
                    severity=rule.severity,
                    start=start,
                    end=end,
                    line=line,
                    column=column,
                    excerpt=prepared.text[start:end],
                    message=_format(rule.message, values),
                    suggestion=_format(rule.suggestion, values),
                )
            )
    return _one_per_place(found)


def _implied(book: RuleBook, prepared: Prepared, ruled: list[Finding]) -> list[Finding]:
    """Warnings of the statistical layer: sentences it reads as a problem where no rule fired."""
    model = load_model(book.model_path) if book.model_path else None
    if model is None:
        return []
    rules = {rule.category: rule for rule in book.implied}
    lexicon = load_lexicon(book.model_path.parent / LEXICON_FILE)
    taken = merged([(f.start, f.end) for f in ruled if f.category != "length"])
    found = []
    for start, end, tokens in prepared.sentence_tokens(book):
        if not tokens or overlaps(taken, start, end):
            continue
        features = sentence_features(tokens, lexicon)
        if model.problem_probability(features) < model.threshold:
            continue
        category, _ = model.category(features)
        rule = rules.get(category)
        if rule is None:
            continue
        line, column = prepared.lines.position(start)
        found.append(
            Finding(
                rule=rule.id,
                category=category,
                severity=rule.severity,
                start=start,
                end=end,
                line=line,
                column=column,
                excerpt=prepared.text[start:end],
                message=rule.message,
                suggestion=rule.suggestion,
            )
        )
    return found


def _one_per_place(found: list[Finding]) -> list[Finding]:
    """Keep one finding per category where several rules flag the same words.

    The most severe, then the longest, wins; findings of different
    categories on the same words are all kept (an insult in capitals is
    both an attack and shouting).
    """
    kept: dict[str, list[tuple[int, int]]] = {}
    result = []
    for finding in sorted(found, key=lambda f: (_SEVERITY_RANK[f.severity], f.start - f.end, f.start, f.rule)):
        taken = kept.setdefault(finding.category, [])
        if overlaps(taken, finding.start, finding.end):
            continue
        bisect.insort(taken, (finding.start, finding.end))
        result.append(finding)
    result.sort(key=lambda f: (f.start, f.end, f.rule))
    return result


def element_status(element: Element, prepared: Prepared, book: RuleBook, *, statistical: bool = True) -> str:
    """ "present", "missing", or "not_required" (a conditional element with nothing to trigger it).

    The element's patterns are read first, a match counting unless one of the
    element's exceptions matches in its sentence; when none counts, its
    sentence classifier (element_reader.py), if the language has one, reads
    each sentence before the element is called missing.
    """
    haystack = prepared.folded
    if element.when:
        ignored = merged([m.span() for p in element.when_not for m in p.finditer(haystack)])
        triggered = any(not overlaps(ignored, m.start(), m.end()) for p in element.when for m in p.finditer(haystack))
        if not triggered:
            return "not_required"
    if _stated(element, prepared, book):
        return "present"
    if statistical and reads_element(element, prepared, book):
        return "present"
    return "missing"


def _stated(element: Element, prepared: Prepared, book: RuleBook) -> bool:
    """Whether a pattern of the element matches in a sentence none of its exceptions matches."""
    haystack = prepared.folded
    for pattern in element.patterns:
        for match in pattern.finditer(haystack, index=prepared.word_index(pattern, haystack)):
            if not _excepted(element, prepared, book, match.start()):
                return True
    if element.lemmas:
        stream = prepared.stream(book)
        for pattern in element.lemmas:
            for match in pattern.finditer(stream.text, index=prepared.word_index(pattern, stream.text)):
                span = stream.source_span(match.start(), match.end())
                if not _excepted(element, prepared, book, span[0] if span else None):
                    return True
    return False


def _excepted(element: Element, prepared: Prepared, book: RuleBook, position: int | None) -> bool:
    if not element.exceptions or position is None:
        return False
    text = " ".join(prepared.sentence_at(book, position))
    return any(exception.search(text) for exception in element.exceptions)


def _missing(book: RuleBook, prepared: Prepared, kind: str | None, statistical: bool) -> list[MissingElement]:
    if kind is None:
        return []
    result = []
    for element_id in book.kinds[kind]:
        element = book.elements[element_id]
        if element_status(element, prepared, book, statistical=statistical) == "missing":
            result.append(MissingElement(element=element.id, message=element.message))
    return result


def validate(text: str, lang: str, kind: str | None) -> None:
    if not isinstance(text, str):
        raise ToneInputError("the text must be a string")
    if lang not in (*LANGUAGES, "auto"):
        raise ToneInputError(f"unknown language code {lang!r}: use es, en or auto")
    if kind is not None and kind not in KINDS:
        raise ToneInputError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if not text.strip():
        raise ToneInputError("the text is empty")


def check(
    text: str, lang: str = "auto", kind: str | None = None, *, root: Path = RULES_DIR, statistical: bool = True
) -> ToneReport:
    """Judge the tone of a letter and, for a known kind, what it lacks.

    Raises ToneInputError for empty text, an unknown language code or an
    unknown kind. Offsets are code points into `text`; lines and columns
    are 1-based. With statistical=False only the rules and element patterns
    run (the classifiers' training uses that to know where rules already fire). Quoted lines ("> ..."), quotations and the subject a reply
    repeats after "Re:" are not judged. With lang="auto" the language is
    the one whose common words occur most often (Spanish on a tie).
    """
    validate(text, lang, kind)
    prepared = Prepared(text)
    resolved = prepared.detect_language(stopwords(root)) if lang == "auto" else lang
    book = load_rulebook(resolved, root)
    findings = _findings(book, prepared, kind)
    if statistical:
        findings = sorted(findings + _implied(book, prepared, findings), key=lambda f: (f.start, f.end, f.rule))
    return ToneReport(
        lang=resolved,
        kind=kind,
        findings=tuple(findings),
        missing=tuple(_missing(book, prepared, kind, statistical)),
        stats=Stats(words=prepared.word_count, sentences=prepared.sentence_count),
    )
