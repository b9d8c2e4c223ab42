"""Anchor words: where in a long text a pattern can start, so it is tried only there.

A pattern that begins with a leading \\b and literal words (`\\b(?:nunca|jamas)\\b`)
can only match where one of those words starts. `anchor_words` reads them
from the parsed pattern; a `WordIndex` of a text says where each word
starts. scanner.Prepared builds the index once per text form for long
texts (scanner.INDEX_FROM), and patterns.Pattern.finditer tries an anchored
pattern at those starts instead of scanning the text. The matches are the
same either way (tests/tone/test_word_index.py).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

try:  # the regular expression parser, to inspect patterns before using them
    from re import _parser as sre_parse  # Python >= 3.11
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]


def zero_width(item: tuple[Any, Any]) -> bool:
    """A lookaround or a \\b: it takes no letter, so a match starts after it."""
    return item[0] in (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT)


_MAX_ANCHORS = 64
_WORD_HEAD = re.compile(r"\w+")


def _prefixes(items: Any) -> list[str] | None:
    """Literal strings one of which every match of `items` starts with (the
    literal letters up to the first thing that is not one, through one group or
    alternation), or None when that cannot be told."""
    prefixes = [""]
    for item in items:
        op, arg = item
        if zero_width(item):
            if prefixes == [""]:
                continue
            break
        if op is sre_parse.LITERAL:
            prefixes = [prefix + chr(arg) for prefix in prefixes]
            continue
        if op is sre_parse.SUBPATTERN:
            inner = _prefixes(arg[-1])
        elif op is sre_parse.BRANCH:
            inner = []
            for branch in arg[1]:
                found = _prefixes(branch)
                if found is None:
                    return None if prefixes == [""] else prefixes
                inner += found
        elif op is sre_parse.IN and all(sub_op is sre_parse.LITERAL for sub_op, _ in arg):
            inner = [chr(value) for _, value in arg]
        else:
            break
        if inner is None or len(inner) * len(prefixes) > _MAX_ANCHORS:
            break
        prefixes = [prefix + more for prefix in prefixes for more in inner]
        break  # what follows a group may be joined to any of its endings; stop here
    return prefixes if all(prefixes) else None


def anchor_words(tree: Any) -> tuple[str, ...]:
    """The word starts one of which every match begins with (see Pattern.anchors),
    or () when the pattern does not begin with literal words of two letters or more."""
    prefixes = _prefixes(tree)
    if not prefixes:
        return ()
    heads = set()
    for prefix in prefixes:
        head = _WORD_HEAD.match(prefix)
        if head is None or len(head.group()) < 2:
            return ()
        heads.add(head.group())
    return tuple(sorted(heads))


_WORDS = re.compile(r"\w+")


class WordIndex:
    """Where each word of a text starts, to try an anchored pattern only there.

    Built once per text form in a check (scanner.Prepared.word_index). A
    pattern whose anchor words start more than one place in MAX_SHARE of the
    text is scanned instead: past that, re's own scan is cheaper.
    """

    MAX_SHARE = 300  # characters of text per allowed try

    def __init__(self, text: str) -> None:
        positions: dict[str, list[int]] = {}
        for match in _WORDS.finditer(text):
            positions.setdefault(match.group(), []).append(match.start())
        self.positions = positions
        self.words = sorted(positions)
        self.limit = max(64, len(text) // self.MAX_SHARE)

    def starts(self, anchors: tuple[str, ...]) -> list[int] | None:
        """Sorted starts of the words beginning with an anchor, or None when too many."""
        found: list[list[int]] = []
        count = 0
        words, positions = self.words, self.positions
        for anchor in anchors:
            at = bisect.bisect_left(words, anchor)
            while at < len(words) and words[at].startswith(anchor):
                where = positions[words[at]]
                count += len(where)
                if count > self.limit:
                    return None
                found.append(where)
                at += 1
        return sorted(start for where in found for start in where)
