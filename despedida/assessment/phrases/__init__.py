"""The assessment's words in the business language (Spanish or English).

`words_for(language)` returns a `Words` bound to one language: templates
from `es.py` / `en.py`, and the number, money, date and plural formats of
that language. Evidence is facts with numbers and dates, so formatting
lives here, next to the tables.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from despedida.assessment.phrases import en, es

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
        """"3 facturas", "1 invoice": a number with its noun in the right form."""
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
        number = self.number(amount, places=2)
        return f"{number} {currency}" if self._spanish else f"{currency} {number}"

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
        """"a, b y c" / "a, b and c"."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + self.say("list.and") + items[-1]

    def sentence(self, text: str) -> str:
        """A summary ends with a full stop; templates leave it out so parts can be added."""
        text = text.strip()
        return text if text.endswith((".", "!", "?")) else text + "."


@lru_cache(maxsize=4)
def words_for(language: str | None) -> Words:
    return Words(language or "es")
