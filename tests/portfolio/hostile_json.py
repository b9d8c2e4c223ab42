"""Hypothesis strategies for hostile portfolio files: valid ones, mutated.

`hostile_files()` draws the text of a file: a valid portfolio (the
format's example, or one drawn by `portfolios()`) with one to three
mutations anywhere in it: a value replaced by an extreme or odd one (a
number no column holds, a date at or past the edge of the range, a text
with a lone surrogate or a control character, the wrong type...), a key
written twice, an unknown key with such a value, nesting just under and
past the limit. About half the replacement values are valid at the edge
of a range, so accepted files test that what is let in really works.

`hostile_files(hostile=False)` puts in only values valid at the edge of
their range, for tests of what happens to files that are let in.

The text is written by hand (`encode`), because the json module cannot
write what a hostile file holds: repeated keys, lone surrogate escapes,
integers of thousands of digits.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

from despedida.core.portfolio.writer import dump_document

from .documents import example
from .strategies import portfolios


@dataclass(frozen=True)
class Raw:
    """JSON text written as it is."""

    text: str


@dataclass
class Pairs:
    """An object as its entries, so that a key may appear twice."""

    items: list


# Replacements by the kind of value replaced: valid ones at the edge of what
# is accepted (so accepted files test that it really works), and refused ones.
VALID = {
    "date": ["1900-01-01", "2200-12-31", "2024-02-29", "2026-11-22"],
    "instant": [
        "1900-01-01T00:00:00+15:59",
        "2200-12-31T23:59:59-15:59",
        "2026-03-29T02:30:00+01:00",
        "2026-11-22T10:00:00Z",
    ],
    "number": [
        "99999999999.9999",
        "999999.9999",
        "99999999.99",
        "0",
        "0.0001",
        "1E+10",
        "45.12",
        Raw("99999999999.9999"),
        Raw("1e10"),
        Raw("0"),
        17,
    ],
    "integer": [0, 1, 3650],
    "text": [
        "N" * 120,
        "",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉",
        "\u202eRTL",
        "línea\nsalto\ttab\r",
        "\u2028\u2029",
        "'; DROP TABLE clients; --",
        "<script>alert(1)</script>",
        "{{ 7*7 }} %(x)s {0}",
        "A-b_9",
        Raw(r'"\ud83d\ude00"'),
        Raw(r'"\u00f1\u0009"'),
        "EUR",
        "XXX",
        "Pacific/Kiritimati",
        "web",
    ],
    "other": [True, False, None, Raw("[]"), Raw("{}"), Raw("1" * 99), Raw("0.5e-99"), Raw("[" * 31 + "]" * 31)],
}
HOSTILE = {
    "date": ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01", "2026-02-30", "2026-1-1", "22/11/2026"],
    "instant": [
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "2025-01-01T10:00:00+16:00",
        "2025-01-01T10:00:00+01:00:30",
        "2025-01-01T10:00:00",
    ],
    "number": [
        Raw("1e400"),
        Raw("-1e400"),
        Raw("1e-400"),
        Raw("9" * 5001),
        Raw("7" * 5001 + ".5"),
        Raw("1e999999999"),
        Raw("-0.5"),
        Raw("1" + "0" * 30),
        "1e400",
        "NaN",
        "-Infinity",
        "-0.00001",
        "99999999999.99999",
        "100000000000",
        "1000000",
        "1" * 60,
        "0.00001",
        "1.250,00",
    ],
    "integer": [3651, -1, 2**63, Raw("1e30"), Raw("9" * 5001), Raw("30.0"), "30"],
    "text": [
        Raw(r'"\ud800"'),
        Raw(r'"x\udfffy"'),
        Raw(r'"\udc00\ud800"'),
        Raw(r'"a\u0000"'),
        Raw(r'"\u001b[2J"'),
        Raw(r'"\b\f"'),
        "x" * 600,
        "ñ" * 20_000,
        "XYZ",
        "eur",
        "acme corp",
        "ñandú",
        "../etc/passwd",
    ],
    "other": [
        Raw("[[[[[]]]]]"),
        Raw("[" * 33 + "]" * 33),
        Raw("[" * 5000 + "]" * 5000),
        Raw('{"a": 1, "a": 2}'),
        Raw("1" * 101),
        Raw("1e-101"),
    ],
}
ANY_VALID = [value for values in VALID.values() for value in values]
ANY = ANY_VALID + [value for values in HOSTILE.values() for value in values]
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def kind_of(old) -> str:
    if isinstance(old, bool) or old is None:
        return "other"
    if isinstance(old, int):
        return "integer"
    if isinstance(old, Decimal):
        return "number"
    if isinstance(old, str) and _DATE.fullmatch(old):
        return "date"
    if isinstance(old, str) and _DATE.match(old) and "T" in old:
        return "instant"
    if isinstance(old, str) and _NUMBER.fullmatch(old):
        return "number"
    if isinstance(old, str):
        return "text"
    return "other"


def replacements(old, hostile: bool) -> st.SearchStrategy:
    """Values to put in the place of `old`: mostly of its own kind (valid at
    the edge, or, when `hostile`, refused too), sometimes anything."""
    kind = kind_of(old)
    if not hostile:
        return st.sampled_from(VALID[kind])
    own = VALID[kind] + HOSTILE[kind]
    return st.one_of(st.sampled_from(own), st.sampled_from(own), st.sampled_from(ANY))


def encode(value, ascii_only: bool) -> str:
    """JSON text for `value`, which may hold `Raw` and `Pairs`."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Pairs):
        return (
            "{"
            + ", ".join(f"{_string(key, ascii_only)}: {encode(item, ascii_only)}" for key, item in value.items)
            + "}"
        )
    if isinstance(value, dict):
        return encode(Pairs(list(value.items())), ascii_only)
    if isinstance(value, list):
        return "[" + ", ".join(encode(item, ascii_only) for item in value) + "]"
    if isinstance(value, str):
        return _string(value, ascii_only)
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value)


def _string(text: str, ascii_only: bool) -> str:
    return json.dumps(text, ensure_ascii=ascii_only)


def _as_pairs(value):
    """The document with every object as `Pairs`, so mutations can repeat keys."""
    if isinstance(value, dict):
        return Pairs([[key, _as_pairs(item)] for key, item in value.items()])
    if isinstance(value, list):
        return [_as_pairs(item) for item in value]
    return value


def _places(value, found: list) -> list:
    """The objects of the document, and its lists of plain values, depth first."""
    if isinstance(value, Pairs):
        found.append(value)
        for _key, item in value.items:
            _places(item, found)
    elif isinstance(value, list):
        if not any(isinstance(item, (Pairs, list)) for item in value):
            found.append(value)
        for item in value:
            _places(item, found)
    return found


def _scalar_entries(place: Pairs) -> list[int]:
    """The entries of an object whose value is no container, but its format."""
    return [
        index
        for index, (key, item) in enumerate(place.items)
        if not isinstance(item, (Pairs, list)) and key != "format"
    ]


@st.composite
def hostile_files(draw, *, hostile: bool = True) -> str:
    """The text of a portfolio file with one to three mutations.

    Without `hostile`, every value put in is valid at the edge of its range
    and no key is repeated or removed: files a reader mostly accepts.
    """
    if draw(st.booleans()):
        document = dump_document(draw(portfolios(max_clients=2)))
    else:
        document = json.loads(json.dumps(example(), default=str))
    root = _as_pairs(document)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        places = _places(root, [])
        place = draw(st.sampled_from(places))
        kinds = ["replace"] * 6 + (["repeat", "unknown", "remove"] if hostile else ["unknown"])
        kind = draw(st.sampled_from(kinds))
        pool = ANY if hostile else ANY_VALID
        if isinstance(place, Pairs):
            if kind == "unknown" or not place.items:
                key = "x-" + draw(st.sampled_from(["n", "memo", "ñ", "a.b"] + (["\u0000"] if hostile else [])))
                place.items.append([key, draw(st.sampled_from(pool))])
            else:
                # Mostly a plain value; sometimes a whole list or object.
                scalars = _scalar_entries(place)
                if scalars and draw(st.integers(0, 9)):
                    index = draw(st.sampled_from(scalars))
                else:
                    index = draw(st.integers(min_value=0, max_value=len(place.items) - 1))
                old = place.items[index][1]
                if kind == "replace":
                    place.items[index][1] = draw(replacements(old, hostile))
                elif kind == "repeat":
                    repeated = [place.items[index][0], draw(replacements(old, hostile))]
                    place.items.insert(index + draw(st.integers(0, 1)), repeated)
                else:
                    del place.items[index]
        elif place:
            index = draw(st.integers(min_value=0, max_value=len(place) - 1))
            if kind == "remove":
                del place[index]
            else:
                place[index] = draw(replacements(place[index], hostile))
        else:
            place.append(draw(st.sampled_from(pool)))
    return encode(root, ascii_only=draw(st.booleans()))
