"""The assessment's words in the business language (Spanish or English).

`words_for(language)` returns a `Words` bound to one language: templates
from `es.py` / `en.py`, and the number, money, date and plural formats of
that language. Evidence is facts with numbers and dates, so formatting
lives here, next to the tables.

Stored assessments are read in whatever language the viewer picks, so the
store does not keep sentences: inside `deferred_phrases()`, `words_for`
returns `DeferredWords`, which records each phrase as a marker (the key and
its values), and `render_phrases(text, language)` words the markers at
display time. Text outside markers (separators such as "; ") is neutral.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import datetime as dt
import json
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import format_currency

from despedida.core.assessment.phrases import en, es

TABLES = {"es": es, "en": en}
CENT = Decimal("0.01")


class Words:
    def __init__(self, language: str) -> None:
        self.language = language if language in TABLES else "es"
        table = TABLES[self.language]
        self._text: dict[str, str] = table.TEXT
        self._nouns: dict[str, tuple[str, str]] = table.NOUNS
        self._months: tuple[str, ...] = table.MONTHS
        self._spanish = self.language == "es"

    def say(self, key: str, **values: object) -> str:
        return self._text[key].format(**values)

    def has(self, key: str) -> bool:
        return key in self._text

    def count(self, n: int | float, noun: str) -> str:
        """ "3 facturas", "1 invoice": a number with its noun in the right form."""
        singular, plural = self._nouns[noun]
        return f"{self.number(n)} {singular if n == 1 else plural}"

    def days(self, n: int) -> str:
        return self.count(n, "day")

    def hours(self, hours: Decimal) -> str:
        return f"{self.number(hours)} h"

    def number(self, value: int | float | Decimal, places: int | None = None) -> str:
        """A number in the language's style; decimals trimmed unless `places` is given."""
        if isinstance(value, int) and places is None:
            text = f"{value:,}"
        else:
            amount = Decimal(str(value))
            if places is None:
                amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
                text = f"{amount:,.2f}".rstrip("0").rstrip(".")
            else:
                text = f"{amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,.{places}f}"
        if self._spanish:
            text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
        return text

    def money(self, amount: Decimal, currency: str) -> str:
        """ "1.250,50 €" in Spanish, "€1,250.50" in English: the symbol where the language puts it."""
        return format_currency(Decimal(str(amount)), currency, locale="es_ES" if self._spanish else "en_GB")

    def rate(self, amount: Decimal, currency: str) -> str:
        return self.money(amount, currency)

    def percent(self, share: float) -> str:
        """A share as a percentage; one decimal below 10 % so that small shares do not read as 0."""
        value = share * 100
        text = self.number(Decimal(str(round(value, 1)))) if abs(value) < 10 else self.number(round(value))
        return f"{text} %" if self._spanish else f"{text}%"

    def date(self, day: dt.date) -> str:
        return f"{day.day} {self._months[day.month - 1]} {day.year}"

    def join(self, items: list[str]) -> str:
        """ "a, b y c" / "a, b and c"."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + self.say("list.and") + items[-1]

    def sentence(self, text: str) -> str:
        """A summary ends with a full stop; templates leave it out so parts can be added."""
        text = text.strip()
        return text if text.endswith((".", "!", "?")) else text + "."


@lru_cache(maxsize=4)
def _words(language: str) -> Words:
    return Words(language)


_DEFERRED: contextvars.ContextVar[bool] = contextvars.ContextVar("despedida_deferred_phrases", default=False)


def words_for(language: str | None) -> Words:
    language = language or "es"
    return _deferred(language) if _DEFERRED.get() else _words(language)


@contextlib.contextmanager
def deferred_phrases() -> Iterator[None]:
    """Within this block the engine records phrases instead of wording them (see `DeferredWords`)."""
    token = _DEFERRED.set(True)
    try:
        yield
    finally:
        _DEFERRED.reset(token)


# A marker: the phrase call as JSON in base64, between two private-use
# characters no text of ours contains. Phrases nested in a phrase's values are
# embedded as JSON, not as markers, so a marker never contains another.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}([A-Za-z0-9+/=]*){_CLOSE}")


def _mark(call: str, *args: object) -> str:
    payload = json.dumps([call, *(_embed(arg) for arg in args)], ensure_ascii=False, separators=(",", ":"))
    return _OPEN + base64.b64encode(payload.encode()).decode("ascii") + _CLOSE


def _embed(value: object) -> object:
    """A value as JSON: numbers and dates tagged, text with recorded phrases as their calls."""
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, str) and _OPEN in value:
        parts: list[object] = []
        position = 0
        for match in _MARKER.finditer(value):
            if match.start() > position:
                parts.append(value[position : match.start()])
            parts.append({"$call": json.loads(base64.b64decode(match.group(1)))})
            position = match.end()
        if position < len(value):
            parts.append(value[position:])
        return {"$text": parts}
    if isinstance(value, dict):
        return {key: _embed(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_embed(item) for item in value]
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    raise TypeError(f"cannot record {type(value).__name__} in a phrase")


class DeferredWords(Words):
    """Words that record each phrase for later: every method returns a marker, worded by `render_phrases`."""

    def say(self, key: str, **values: object) -> str:
        if key not in self._text:
            raise KeyError(key)
        return _mark("say", key, values)

    def count(self, n, noun: str) -> str:
        return _mark("count", n, noun)

    def days(self, n: int) -> str:
        return _mark("count", n, "day")

    def hours(self, hours) -> str:
        return _mark("hours", hours)

    def number(self, value, places: int | None = None) -> str:
        return _mark("number", value, places)

    def money(self, amount, currency: str) -> str:
        return _mark("money", amount, currency)

    def rate(self, amount, currency: str) -> str:
        return _mark("rate", amount, currency)

    def percent(self, share: float) -> str:
        return _mark("percent", share)

    def date(self, day: dt.date) -> str:
        return _mark("date", day)

    def join(self, items: list[str]) -> str:
        return _mark("join", list(items))

    def sentence(self, text: str) -> str:
        return _mark("sentence", text)


@lru_cache(maxsize=4)
def _deferred(language: str) -> DeferredWords:
    return DeferredWords(language)


def render_phrases(text: str, language: str | None) -> str:
    """Word every recorded phrase of `text` in `language`; plain text passes through unchanged."""
    if not text or _OPEN not in text:
        return text
    words = _words(language if language in TABLES else "es")
    return _MARKER.sub(lambda match: _call(json.loads(base64.b64decode(match.group(1))), words), text)


def _value(value: object, words: Words) -> object:
    if isinstance(value, dict):
        if "$decimal" in value:
            return Decimal(value["$decimal"])
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$text" in value:
            return "".join(part if isinstance(part, str) else _call(part["$call"], words) for part in value["$text"])
        return {key: _value(item, words) for key, item in value.items()}
    if isinstance(value, list):
        return [_value(item, words) for item in value]
    return value


def _call(recorded: list, words: Words) -> str:
    call, *args = recorded
    if call == "say":
        key, values = args
        return words.say(key, **{name: _value(value, words) for name, value in values.items()})
    args = [_value(arg, words) for arg in args]
    if call == "number":
        return words.number(args[0], places=args[1])
    return getattr(words, call)(*args)
