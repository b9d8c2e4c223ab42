"""Compiling the patterns of the rule files, and refusing the dangerous ones.

Patterns are matched against folded (accent-free) and, unless a rule is
case-sensitive, lower-cased text, so they are folded and lower-cased the
same way here. A pattern is refused when it could make the checker slow on
long texts: nested unbounded repeats, unbounded runs of "anything", or an
optional first part (which stops re from jumping ahead to a match's first
letters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from despedida.core.tone.anchors import WordIndex, anchor_words, zero_width
from despedida.core.tone.text import fold

try:  # the regular expression parser, to inspect patterns before using them
    from re import _parser as sre_parse  # Python >= 3.11
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_MACRO = re.compile(r"\{\{(\w+)\}\}")


class PatternError(ValueError):
    """A pattern that cannot be compiled or could backtrack badly."""


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled pattern whose leading \\b, if any, is checked after matching.

    Python's re jumps ahead quickly to a literal prefix, but not when a
    pattern starts with \\b or ignores case. So patterns are matched against
    lower-cased text without re.IGNORECASE, and a leading \\b is checked
    here instead of by the engine.
    """

    regex: re.Pattern[str]
    word_start: bool
    # Words (or the start of words) one of which every match begins with, when
    # the pattern says so (a leading \\b and literal first words): then a long
    # text is not scanned, the pattern is tried where those words start (WordIndex).
    anchors: tuple[str, ...] = ()

    @property
    def groupindex(self) -> dict[str, int]:
        return self.regex.groupindex

    def starts_ok(self, text: str, start: int) -> bool:
        """True if a match may start at `start` (the leading \\b holds there)."""
        if not self.word_start:
            return True
        before = start > 0 and _is_word(text[start - 1])
        after = start < len(text) and _is_word(text[start])
        return before != after

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None, *, index: WordIndex | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches in order, as re's finditer gives them; with the text's word
        `index`, tried only where an anchor word starts (when that is fewer tries)."""
        starts = (
            index.starts(self.anchors) if index is not None and self.anchors and pos == 0 and endpos is None else None
        )
        if starts is not None:
            return self._at(text, starts)
        return self._scan(text, pos, len(text) if endpos is None else endpos)

    def _scan(self, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        search = self.regex.search
        while (match := search(text, pos, endpos)) is not None:
            if self.starts_ok(text, match.start()):
                yield match
                pos = max(match.end(), match.start() + 1)
            else:  # not at the start of a word: a match may still start inside it
                pos = match.start() + 1

    def _at(self, text: str, starts: list[int]) -> Iterator[re.Match[str]]:
        match_at = self.regex.match
        end = 0
        for start in starts:
            if start < end:
                continue  # inside the previous match, as finditer goes on after it
            match = match_at(text, start)
            if match is not None and match.end() > start:
                end = match.end()
                yield match

    def search(self, text: str, *, index: WordIndex | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, index=index), None)


def expand_macros(pattern: str, vocab: dict[str, str]) -> str:
    """Replace {{name}} by the vocabulary entry, as a non-capturing group."""
    for _ in range(6):  # entries may use other entries, a few levels deep
        if not _MACRO.search(pattern):
            return pattern

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in vocab:
                raise PatternError(f"unknown vocabulary entry {{{{{name}}}}}")
            return f"(?:{vocab[name]})"

        pattern = _MACRO.sub(substitute, pattern)
    raise PatternError("vocabulary entries nest too deeply")


_REPEATS = tuple(
    op for op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)) if op
)


def _narrow(item: tuple[Any, Any]) -> bool:
    """True for a single-character item that cannot run across words and spaces."""
    op, arg = item
    if op is sre_parse.LITERAL:
        return True
    if op is sre_parse.IN:
        kinds = {"word": False, "space": False}
        for sub_op, sub_arg in arg:
            if sub_op is sre_parse.NEGATE:
                return False
            if sub_op is sre_parse.CATEGORY:
                name = str(sub_arg)
                if "NOT" in name:
                    return False
                if "SPACE" in name:
                    kinds["space"] = True
                if "WORD" in name:
                    kinds["word"] = True
        return not (kinds["word"] and kinds["space"])
    return False


def _has_unbounded(tree: Any) -> bool:
    for op, arg in tree:
        if op in _REPEATS and (arg[1] == sre_parse.MAXREPEAT or _has_unbounded(arg[2])):
            return True
        if op is sre_parse.SUBPATTERN and _has_unbounded(arg[-1]):
            return True
        if op is sre_parse.BRANCH and any(_has_unbounded(branch) for branch in arg[1]):
            return True
        if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT) and _has_unbounded(arg[1]):
            return True
    return False


def _check_backtracking(tree: Any) -> None:
    """Refuse nested unbounded repeats and unbounded runs of "anything".

    Both make a backtracking engine slow on long texts; bounded windows
    such as (?:\\w+\\s+){0,4} keep the checker linear in the text length.
    """
    for op, arg in tree:
        if op in _REPEATS:
            _, high, sub = arg
            if high == sre_parse.MAXREPEAT:
                if _has_unbounded(sub):
                    raise PatternError("nested unbounded repetition")
                items = list(sub)
                if len(items) != 1 or not _narrow(items[0]):
                    raise PatternError("unbounded repetition of a broad pattern; use a bound such as {0,60}")
            _check_backtracking(sub)
        elif op is sre_parse.SUBPATTERN:
            _check_backtracking(arg[-1])
        elif op is sre_parse.BRANCH:
            for branch in arg[1]:
                _check_backtracking(branch)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            _check_backtracking(arg[1])


def _check_required_start(tree: Any) -> None:
    """Refuse a pattern that starts with an optional part, such as (?:ya\\s+)?.

    re can only jump ahead to the letters a match must start with; an
    optional first part makes it try the pattern at almost every position.
    """
    items = list(tree)
    first = next((item for item in items if item[0] is not sre_parse.AT), None)
    if first is not None and first[0] in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and first[1][0] == 0:
        raise PatternError("pattern starts with an optional part; start at the first required word")


def _starts_with_literal(source: str) -> bool:
    """True if every way into the pattern begins with a literal character.

    Only then does dropping a leading \\b let re jump ahead quickly; a
    pattern that begins with \\w or a class keeps its \\b, which at least
    fails fast in the middle of words.
    """
    try:
        tree = sre_parse.parse(source)
    except re.error:
        return False

    def literal_first(items: Any) -> bool:
        items = [item for item in items if not zero_width(item)]
        if not items:
            return False
        op, arg = items[0]
        if op is sre_parse.LITERAL:
            return True
        if op is sre_parse.SUBPATTERN:
            return literal_first(arg[-1])
        if op is sre_parse.BRANCH:
            return all(literal_first(branch) for branch in arg[1])
        if op is sre_parse.IN:
            return all(sub_op is sre_parse.LITERAL for sub_op, _ in arg)
        return False

    return literal_first(tree)


_ESCAPE_OR_CHAR = re.compile(r"\\.|\(\?P[<=]|.", re.DOTALL)


def lower_literals(source: str) -> str:
    """Lower-case a pattern's letters, leaving escapes such as \\W or \\S alone."""
    return _ESCAPE_OR_CHAR.sub(lambda m: m.group() if len(m.group()) > 1 else m.group().lower(), source)


def compile_pattern(
    source: str,
    vocab: dict[str, str],
    *,
    case_sensitive: bool = False,
    accent_tolerant: bool = True,
    keep_word_start: bool = False,
    scanned: bool = True,
) -> Pattern:
    """Compile one pattern of a rule file.

    Case-insensitive patterns are lower-cased and run against lower-cased
    text; accent-tolerant ones are folded and run against folded text.
    """
    expanded = expand_macros(source, vocab)
    if accent_tolerant:
        expanded = fold(expanded)
    if not case_sensitive:
        expanded = lower_literals(expanded)
    word_start = not keep_word_start and expanded.startswith(r"\b") and _starts_with_literal(expanded[2:])
    body = expanded[2:] if word_start else expanded
    try:
        tree = sre_parse.parse(body)
        _check_backtracking(tree)
        if scanned:  # rule patterns scan whole texts; element patterns stop at the first match
            _check_required_start(tree)
        compiled = re.compile(body)
    except re.error as exc:
        raise PatternError(f"bad pattern {source!r}: {exc}") from exc
    if compiled.match("") is not None:
        raise PatternError(f"pattern {source!r} matches the empty string")
    return Pattern(compiled, word_start, anchor_words(tree) if word_start else ())
