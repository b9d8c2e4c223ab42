"""Running the patterns of a rule book over a prepared text.

Each pattern scans the text once (finditer), so the work is linear in the
length of the text times the number of patterns. Joining all patterns
into one alternation was measured and is several times slower: Python's
re loses its fast skip to a pattern's first letters in a big alternation.
What keeps each scan fast is in patterns.compile_pattern (lower-cased text,
no re.IGNORECASE, leading \\b checked outside the engine when that lets
re jump ahead to a literal prefix). On a long text (INDEX_FROM characters
or more), a pattern that begins with known words (Pattern.anchors) is not
scanned: it is tried only where those words start (anchors.WordIndex),
with the same matches.
"""

from __future__ import annotations

import bisect
import re

from despedida.core.tone.anchors import WordIndex
from despedida.core.tone.lemmas import Stream, build_stream, lemmatizer, sentence_spans
from despedida.core.tone.patterns import Pattern
from despedida.core.tone.rulebook import BEFORE_REACH, Rule, RuleBook
from despedida.core.tone.text import (
    WORD,
    LineIndex,
    Sentence,
    blank_quotes,
    detect_language,
    fold,
    sentence_bounds,
    sentences,
)

# How far around a match an exception is looked for: exceptions are short
# phrases, and only those overlapping the match count. The window is
# widened to whole words, but by no more than _WORD_REACH characters.
_EXCEPTION_REACH = 200
_WORD_REACH = 40
# From this length, patterns with anchor words are tried where those words start
# rather than scanned over the whole text (anchors.WordIndex).
INDEX_FROM = 20_000


def lower_same_length(text: str) -> str:
    """text.lower(), except for the rare letters whose lower case is longer."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


class Prepared:
    """The text in the forms the rules read, each computed once per check."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.judged = blank_quotes(text)  # quotations are someone else's words
        self._forms: dict[tuple[bool, bool], str] = {(False, True): self.judged}
        self._word_count: int | None = None
        self._sentences: dict[int | None, tuple[int, list[Sentence]]] = {}
        self._lines: LineIndex | None = None
        self._streams: dict[str, Stream] = {}
        self._memo: dict[object, object] = {}
        self._indexes: dict[int, tuple[str, WordIndex]] = {}

    def memo(self, key: object, compute):
        """What compute() returns, computed once per check (for the layers that
        read the same sentences several times: the element reader's features)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def word_index(self, pattern: Pattern, haystack: str) -> WordIndex | None:
        """Where each word of one of this text's forms starts (anchors.WordIndex), when
        `pattern` can use it: it has anchor words, and the text is long (a letter is
        scanned faster than it is indexed). Built once per form."""
        if not pattern.anchors or len(haystack) < INDEX_FROM:
            return None
        entry = self._indexes.get(id(haystack))
        if entry is None or entry[0] is not haystack:
            entry = self._indexes[id(haystack)] = (haystack, WordIndex(haystack))
        return entry[1]

    def stream(self, book: RuleBook) -> Stream:
        """The lemma stream of the judged text in the book's language (lemmas.py)."""
        if book.lang not in self._streams:
            assert book.lemma_table is not None
            self._streams[book.lang] = build_stream(self.judged, lemmatizer(book.lang, book.lemma_table))
        return self._streams[book.lang]

    def sentence_tokens(self, book: RuleBook) -> list[tuple[int, int, list[str]]]:
        """Each sentence of the judged text (start, end) with its lemma-stream tokens, in
        the book's language: what the statistical layers and the element exceptions read."""
        return self.memo(
            ("sentence-tokens", book.lang),
            lambda: list(sentence_spans(self.stream(book), sentence_bounds(self.judged))),
        )

    def sentence_at(self, book: RuleBook, position: int) -> list[str]:
        """The lemma-stream tokens of the sentence that holds `position` (none between sentences)."""
        sentences = self.sentence_tokens(book)
        starts = self.memo(("sentence-starts", book.lang), lambda: [start for start, _, _ in sentences])
        index = bisect.bisect_right(starts, position) - 1
        if index < 0 or position >= sentences[index][1]:
            return []
        return sentences[index][2]

    def form(self, *, accent_tolerant: bool, case_sensitive: bool) -> str:
        """The judged text, folded and/or lower-cased; always the same length."""
        key = (accent_tolerant, case_sensitive)
        if key not in self._forms:
            if case_sensitive:
                self._forms[key] = fold(self.judged)
            else:
                self._forms[key] = lower_same_length(self.form(accent_tolerant=accent_tolerant, case_sensitive=True))
        return self._forms[key]

    @property
    def folded(self) -> str:
        """Folded and lower-cased: what element patterns and most rules read."""
        return self.form(accent_tolerant=True, case_sensitive=False)

    @property
    def word_count(self) -> int:
        if self._word_count is None:
            self._word_count = len(WORD.findall(self.judged))
        return self._word_count

    def word_at(self, index: int) -> tuple[int, int]:
        """Span of the word number `index` (0-based) of the judged text."""
        for number, match in enumerate(WORD.finditer(self.judged)):
            if number == index:
                return match.span()
        raise IndexError(index)

    def sentences(self, long_after: int | None = 0) -> tuple[int, list[Sentence]]:
        """Sentence count, and the sentences with more than `long_after` words."""
        if long_after not in self._sentences:
            self._sentences[long_after] = sentences(self.judged, long_after)
        return self._sentences[long_after]

    @property
    def sentence_count(self) -> int:
        if self._sentences:  # any earlier pass counted them already
            return next(iter(self._sentences.values()))[0]
        return self.sentences(None)[0]

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def detect_language(self, stopwords: dict[str, frozenset[str]]) -> str:
        return detect_language(self.judged, stopwords)


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same code points."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if result and start < result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True if [start, end) overlaps a span of a sorted, non-overlapping list."""
    index = bisect.bisect_left(spans, (end, end))
    return index > 0 and spans[index - 1][1] > start


def _with_before(before: re.Pattern[str], spans: list[tuple[int, int]], haystack: str) -> list[tuple[int, int]]:
    """Spans preceded by `before`, widened to start where `before` matches."""
    kept = []
    for start, end in spans:
        match = before.search(haystack, max(0, start - BEFORE_REACH), start)
        if match is not None:
            kept.append((match.start(), end))
    return kept


def _without_exceptions(rule: Rule, spans: list[tuple[int, int]], haystack: str) -> list[tuple[int, int]]:
    """Spans that no exception of the rule overlaps.

    Exceptions are looked for near each span; when the spans are so many
    that their neighbourhoods would cover the text more than once, one scan
    of the whole text is cheaper.
    """
    if len(spans) * 2 * _EXCEPTION_REACH > len(haystack):
        excepted = merged([m.span() for exception in rule.exceptions for m in exception.finditer(haystack)])
        return [(start, end) for start, end in spans if not overlaps(excepted, start, end)]
    kept = []
    for start, end in spans:
        low, high = max(0, start - _EXCEPTION_REACH), min(len(haystack), end + _EXCEPTION_REACH)
        floor, ceiling = max(0, low - _WORD_REACH), min(len(haystack), high + _WORD_REACH)
        while low > floor and not haystack[low - 1].isspace():  # do not cut a word in two
            low -= 1
        while high < ceiling and not haystack[high].isspace():
            high += 1
        if not any(
            m.start() < end and start < m.end()
            for exception in rule.exceptions
            for m in exception.finditer(haystack, low, high)
        ):
            kept.append((start, end))
    return kept


def _with_dictionary_words(book: RuleBook, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans with a word the language's dictionary knows (read in the text as written)."""
    assert book.lemma_table is not None
    knows = lemmatizer(book.lang, book.lemma_table).knows
    return [(start, end) for start, end in spans if any(knows(w.lower()) for w in WORD.findall(text[start:end]))]


def _spans(pattern: Pattern, haystack: str, prepared: Prepared) -> list[tuple[int, int]]:
    """Match spans; a group named "hit" narrows the span to the words to show."""
    hit = "hit" if "hit" in pattern.groupindex else 0
    spans = []
    for match in pattern.finditer(haystack, index=prepared.word_index(pattern, haystack)):
        start, end = match.span(hit)
        if end > start >= 0:
            spans.append((start, end))
    return spans


def scan(book: RuleBook, prepared: Prepared) -> dict[str, list[tuple[int, int]]]:
    """Spans of text each pattern rule flags, exceptions applied, by rule id."""
    by_rule: dict[str, list[tuple[int, int]]] = {}
    for rule in book.rules:
        if rule.is_length:
            continue
        haystack = prepared.form(accent_tolerant=rule.accent_tolerant, case_sensitive=rule.case_sensitive)
        found = {span for pattern in rule.patterns for span in _spans(pattern, haystack, prepared)}
        if rule.lemmas:
            stream = prepared.stream(book)
            for pattern in rule.lemmas:
                for start, end in _spans(pattern, stream.text, prepared):
                    span = stream.source_span(start, end)
                    if span is not None:
                        found.add(span)
        spans = sorted(found)
        if spans and rule.before is not None:
            spans = _with_before(rule.before, spans, haystack)
        if spans and rule.exceptions:
            spans = _without_exceptions(rule, spans, haystack)
        if spans and rule.dictionary_words:
            spans = _with_dictionary_words(book, prepared.text, spans)
        if spans:
            by_rule[rule.id] = spans
    return by_rule
