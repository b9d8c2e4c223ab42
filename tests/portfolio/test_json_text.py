"""The writer's hand-made JSON text is the standard library's, to the byte.

The export indents by hand (`writer._dumps`) because `json.dumps` has no C
path once it indents; the file must stay what `json.dumps(document,
ensure_ascii=False, indent=2)` writes, with a Decimal written as its digits.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from despedida.core.portfolio import writer
from tests.portfolio.strategies import json_values

MARK = "\ue000decimal\ue000"


def unmarked(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False, default=lambda d: f"{MARK}{d}")
    # "<MARK>1.50" -> 1.50
    while f'"{MARK}' in text:
        start = text.index(f'"{MARK}')
        end = text.index('"', start + 1)
        text = text[:start] + text[start + 1 + len(MARK) : end] + text[end + 1 :]
    return text


documents = st.recursive(
    st.one_of(
        json_values(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(),  # every character, controls and quotes included
        st.integers(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=20,
)


@given(documents)
def test_the_text_is_the_standard_library_s_for_any_document(document):
    assert writer._dumps(document) == unmarked(document)


@given(documents)
def test_nested_at_any_indentation_it_is_the_same_text_shifted(document):
    assert writer._dumps(document, "\n    ") == unmarked(document).replace("\n", "\n    ")


@given(
    st.dictionaries(
        st.one_of(st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False)),
        st.integers(),
    )
)
def test_keys_that_are_not_strings_are_written_as_json_dumps_writes_them(document):
    assert writer._dumps(document) == json.dumps(document, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [math.nan, math.inf, Decimal("NaN"), Decimal("Infinity"), object(), {1j: 1}])
def test_what_json_cannot_hold_is_refused(value):
    with pytest.raises((ValueError, TypeError)):
        writer._dumps({"x": value})
