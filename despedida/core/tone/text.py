"""Text helpers that keep offsets exact.

Every transformation here maps one code point to one code point, so an
offset found in the transformed text is the same offset in the text as
given: folding accents for matching, and blanking quoted passages that
are not the writer's own words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Accent folding for matching: "pagáis" and "pagais" match the same rule.
# The tilde of ñ is kept on purpose ("año" is not "ano").
_FOLD_PAIRS = {
    "áàâäã": "a",
    "éèêë": "e",
    "íìîï": "i",
    "óòôöõ": "o",
    "úùûü": "u",
    "ÁÀÂÄÃ": "A",
    "ÉÈÊË": "E",
    "ÍÌÎÏ": "I",
    "ÓÒÔÖÕ": "O",
    "ÚÙÛÜ": "U",
    "çÇ": "cC",
    "’‘ʼ´`": "'",  # typographic apostrophes, so "you’ll" reads as "you'll"
}


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for sources, target in _FOLD_PAIRS.items():
        for index, char in enumerate(sources):
            table[ord(char)] = target if len(target) == 1 else target[index]
    return table


FOLD_TABLE = _build_fold_table()
_FOLDABLE = re.compile("[" + re.escape("".join(chr(code) for code in FOLD_TABLE)) + "]")


def fold(text: str) -> str:
    """Drop accents (not the ñ) and normalise apostrophes; same length as `text`."""
    # Substituting only the few accented letters is several times faster on
    # long texts than str.translate, which looks up every character.
    return _FOLDABLE.sub(lambda match: FOLD_TABLE[ord(match.group())], text)


# Quoted replies ("> ..."), quotations in «», “” or "", and the subject a
# reply repeats after "Re:" are someone else's words: they are not judged.
_QUOTED_LINE = re.compile(r"(?m)^[ \t]*>[^\n]*")
_REPLY_SUBJECT = re.compile(
    r"(?im)^[ \t]*(?:(?:asunto|subject)[ \t]*:[ \t]*)?(?:(?:re|rv|fw|fwd)[ \t]*:[ \t]*)+(?P<quoted>[^\n]*)"
)
_QUOTE_MARKS = re.compile(r"[«»“”\"]|\n[ \t]*\n")
_CLOSER = {"«": "»", "“": "”", '"': '"'}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of quoted lines, reply subjects and balanced quotations.

    One left-to-right pass over the quote marks: a quotation closes on its
    own closing mark, and a blank line abandons an unclosed one, so an
    unbalanced mark never hides the rest of the letter.
    """
    spans = [(m.start(), m.end()) for m in _QUOTED_LINE.finditer(text)]
    spans += [m.span("quoted") for m in _REPLY_SUBJECT.finditer(text) if m.end("quoted") > m.start("quoted")]
    opened_at = -1
    closer = ""
    for mark in _QUOTE_MARKS.finditer(text):
        char = mark.group()
        if char.startswith("\n"):
            opened_at = -1
        elif opened_at < 0:
            if char in _CLOSER:
                opened_at, closer = mark.start(), _CLOSER[char]
        elif char == closer:
            spans.append((opened_at, mark.end()))
            opened_at = -1
    spans.sort()
    return spans


_NOT_NEWLINE = re.compile(r"[^\n]")


def blank_quotes(text: str) -> str:
    """The text with quoted passages replaced by spaces (newlines kept)."""
    spans = quoted_spans(text)
    if not spans:
        return text
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        if end <= cursor:
            continue
        start = max(start, cursor)
        pieces.append(text[cursor:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


class LineIndex:
    """Turns a code point offset into a 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


WORD = re.compile(r"\w+(?:['’]\w+)*")

# A sentence ends at . ! ? … followed by a space or the end, or at a line
# break (salutations and signatures are lines of their own in a letter).
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”)\]]*(?=\s|$)|\n")
_ABBREVIATIONS = frozenset(
    "sr sra srta sres dr dra d dña ud uds vd vds etc núm nº no art pág tel "
    "mr mrs ms dr st vs inc ltd co jr sr e.g i.e approx".split()
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    words: int


_HAS_WORD = re.compile(r"\w")
# Fewer characters than this cannot hold a sentence over any sensible limit,
# so its words are not counted one by one (saves most of the time on long texts).
_SHORT_SENTENCE = 120


def _pieces(text: str):
    """(start, end) of each stretch between sentence ends, words or not."""
    cursor = 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.group() != "\n" and boundary.group().startswith("."):
            before = text[max(cursor, boundary.start() - 6) : boundary.start()].split()
            if before and before[-1].lower() in _ABBREVIATIONS:
                continue
        yield cursor, boundary.end()
        cursor = boundary.end()
    yield cursor, len(text)


def sentences(text: str, long_after: int | None = 0) -> tuple[int, list[Sentence]]:
    """How many sentences `text` has (with at least one word), and the long ones.

    A sentence is long when it has more than `long_after` words: with 0,
    every sentence is returned; with None, none is (only the count).
    """
    count = 0
    long_ones: list[Sentence] = []
    for cursor, end in _pieces(text):
        piece = text[cursor:end]
        if not _HAS_WORD.search(piece):
            continue
        count += 1
        if long_after is None or (long_after and len(piece) < _SHORT_SENTENCE):
            continue
        words = WORD.findall(piece)
        if len(words) > long_after:
            first = WORD.search(piece)
            stop = end
            while stop > cursor and text[stop - 1].isspace():
                stop -= 1
            long_ones.append(Sentence(cursor + first.start(), stop, len(words)))  # type: ignore[union-attr]
    return count, long_ones


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence with a word, from its first word to its last mark."""
    bounds = []
    for cursor, end in _pieces(text):
        first = _HAS_WORD.search(text, cursor, end)
        if first is None:
            continue
        stop = end
        while stop > cursor and text[stop - 1].isspace():
            stop -= 1
        bounds.append((first.start(), stop))
    return bounds


def detect_language(text: str, stopwords: dict[str, frozenset[str]], default: str = "es") -> str:
    """The language whose stopwords occur most often; `default` on a tie."""
    counts = dict.fromkeys(stopwords, 0)
    for word in WORD.finditer(text):
        token = word.group().lower()
        for lang, words in stopwords.items():
            if token in words:
                counts[lang] += 1
    best = max(counts.values(), default=0)
    winners = [lang for lang, count in counts.items() if count == best]
    return default if default in winners or not winners else winners[0]
