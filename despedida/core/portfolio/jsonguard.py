"""Traps set in the JSON parser for what a file must not bring into a store.

Python's json module reads things a portfolio must refuse, and reports
others without a JSON path:

- a key written twice in one object: json keeps the last value silently.
  The `object_pairs_hook` marks such an object (`Repeated`);
- an integer longer than Python's int allows (4,300 digits): json raises
  a ValueError naming no place. Long integers are read as Decimal, whose
  range checks then name the path;
- texts no store keeps and no terminal shows safely: NUL, control
  characters (but tab and line breaks), half a surrogate pair. JSON can
  only carry them as backslash escapes (raw control characters are a
  syntax error, and the UTF-8 decoder refuses encoded surrogates), so the
  text a value was parsed from is searched for a backslash, at C speed;
  only when one starts a suspect escape is the parsed value walked.

`Guard.findings(value, path)` walks a value when a trap fired since the
last walk, and returns its problems, each with its JSON path. A bad text is
replaced by `REPORTED` (keys holding one are dropped), so nothing later
prints or stores it; readers take `REPORTED` as "already reported".
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from despedida.core.portfolio.input_errors import Problem

from .problems import child_path, problem, shown


class _Reported:
    """Stands for a value already reported as a problem."""

    def __repr__(self) -> str:
        return "REPORTED"


REPORTED = _Reported()

# Python's limit on int digits is 4,300 by default and can be set no lower
# than 640; any integer longer than this becomes a Decimal instead.
_LONG_INTEGER = 600
# A backslash that may start an escape for a control character or half a
# surrogate pair (a false alarm, such as an escaped backslash before "u0000",
# only costs a walk).
_SUSPECT_ESCAPE = re.compile(r"\\(?:u00[01]|u[dD][89a-fA-F]|[bf])")
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


class Repeated(dict):
    """An object with a key written more than once: the last value, and the keys' counts."""

    __slots__ = ("counts",)

    def __init__(self, pairs: list[tuple[str, object]]) -> None:
        super().__init__(pairs)
        counts: dict[str, int] = {}
        for key, _value in pairs:
            counts[key] = counts.get(key, 0) + 1
        self.counts = {key: count for key, count in counts.items() if count > 1}

    @classmethod
    def keys_only(cls, found: Repeated) -> Repeated:
        """An empty object with the same repeated keys: to report them without walking the values."""
        empty = cls([])
        empty.counts = found.counts
        return empty


class NotJSON(ValueError):
    pass


def _refuse_constant(name: str) -> None:
    # Python's json reads NaN and Infinity; JSON has no such numbers.
    raise NotJSON(name)


def _integer(text: str) -> int | Decimal:
    return int(text) if len(text) < _LONG_INTEGER else Decimal(text)


class Guard:
    """One document's traps; `decoder` is the JSON decoder that sets them."""

    def __init__(self, *, suspect: bool = False, sticky: bool = False) -> None:
        # suspect: walk the next value given to `findings`. sticky: keep
        # walking every value (a whole document whose text had a suspect
        # escape somewhere, or one parsed by someone else).
        self.suspect = suspect
        self.sticky = sticky

        def pairs(items, dict=dict, len=len):
            found = dict(items)
            if len(found) == len(items):
                return found
            self.suspect = True
            return Repeated(items)

        self.decoder = json.JSONDecoder(
            parse_float=Decimal, parse_int=_integer, parse_constant=_refuse_constant, object_pairs_hook=pairs
        )

    def note(self, text: str, start: int = 0, end: int | None = None) -> None:
        """Look at the text a value was parsed from (`text[start:end]`)."""
        end = len(text) if end is None else end
        if text.find("\\", start, end) >= 0 and _SUSPECT_ESCAPE.search(text, start, end):
            self.suspect = True

    def findings(self, value: object, path: str) -> list[Problem]:
        if not self.suspect:
            return []
        if not self.sticky:
            self.suspect = False
        return walk(value, path)


def walk(value: object, path: str) -> list[Problem]:
    """Repeated keys and bad texts in `value`, in document order; bad texts replaced."""
    problems: list[Problem] = []
    if isinstance(value, str):
        found = bad_text(value, path)
        return [found] if found else []
    stack: list[tuple[object, str]] = [(value, path)]
    while stack:
        node, where = stack.pop()
        children: list[tuple[object, str]] = []
        if isinstance(node, dict):
            if isinstance(node, Repeated):
                for key, count in node.counts.items():
                    problems.append(problem(child_path(where, key), "duplicate_key", key=shown(key), count=count))
            for key in list(node):
                found = bad_text(key, child_path(where, key))
                if found:
                    problems.append(found)
                    del node[key]
                    continue
                item = node[key]
                if isinstance(item, str):
                    found = bad_text(item, child_path(where, key))
                    if found:
                        problems.append(found)
                        node[key] = REPORTED
                elif isinstance(item, (dict, list)):
                    children.append((item, child_path(where, key)))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, str):
                    found = bad_text(item, f"{where}[{index}]")
                    if found:
                        problems.append(found)
                        node[index] = REPORTED
                elif isinstance(item, (dict, list)):
                    children.append((item, f"{where}[{index}]"))
        # Depth first, in document order: the stack pops the first child next.
        stack.extend(reversed(children))
    return problems


def bad_text(text: str, path: str) -> Problem | None:
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0:
        return problem(path, "nul")
    if code >= 0xD800:
        return problem(path, "surrogate", char=f"{code:04x}")
    return problem(path, "control", char=f"{code:04x}")
