"""Reading the fields of a portfolio document, one JSON value at a time.

`FieldReader` turns a JSON value into the model's type (a date, an amount,
a word of a closed list...) or records a `Problem` with the value's JSON
path and returns None, so that reading goes on and every problem is found.

Paths are only formatted when there is a problem: a row's place is passed
as `where`, either a finished path or a `(list_path, index)` pair.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from despedida.cli_support import Problem

from .values import Choices, Invalid, parse_amount, parse_date, parse_id, parse_text

Where = str | tuple[str, int]

# Dates and amounts repeat a lot across rows; one object per distinct text
# saves parsing and memory. Bounded, for files with millions of rows.
CACHE_LIMIT = 100_000


def path_of(where: Where, key: str | None = None) -> str:
    if type(where) is tuple:
        where = f"{where[0]}[{where[1]}]"
    if key is None:
        return where
    return f"{where}.{key}" if where else key


def is_object(value: object) -> bool:
    return type(value) is dict or isinstance(value, dict)


def is_list(value: object) -> bool:
    return type(value) is list or isinstance(value, list)


def extra_keys(raw: dict, known: frozenset[str]) -> dict[str, Any]:
    """The entries of `raw` whose keys are not in `known` (kept, never an error)."""
    if raw.keys() <= known:
        return {}
    return {key: value for key, value in raw.items() if key not in known}


class FieldReader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.dates: dict[str, dt.date] = {}
        self.amounts: dict[str, Decimal] = {}
        # Projects of the client being read, id -> id; None -> None (no project).
        self.project_refs: dict[Any, str | None] = {None: None}

    def report(self, where: Where, key: str | None, message: str) -> None:
        self.problems.append(Problem(path_of(where, key), message))

    def field(self, value, parse: Callable[[Any], Any], where: Where, key: str, default=None, required=False):
        """`parse(value)`; `default` when absent or null; None after reporting a problem."""
        if value is None:
            if required:
                self.report(where, key, "required")
            return default
        try:
            return parse(value)
        except Invalid as invalid:
            self.report(where, key, str(invalid))
            return None

    def text(self, value, where: Where, key: str) -> str | None:
        if value is None or (type(value) is str and "\x00" not in value):
            return value
        return self.field(value, parse_text, where, key)

    def choice(self, value, choices: Choices, where: Where, key: str, default=None, required=False):
        if type(value) is str:
            found = choices.get(value)
            if found is not None:
                return found
        return self.field(value, choices.parse, where, key, default, required)

    def date(self, value, where: Where, key: str, required=False) -> dt.date | None:
        if type(value) is str:
            found = self.dates.get(value)
            if found is not None:
                return found
        date = self.field(value, parse_date, where, key, None, required)
        if date is not None:
            if len(self.dates) >= CACHE_LIMIT:
                self.dates.clear()
            self.dates[value] = date
        return date

    def amount(self, value, where: Where, key: str, required=False) -> Decimal | None:
        if type(value) is str:
            found = self.amounts.get(value)
            if found is not None:
                return found
        return self.field(value, self.accepted_amount, where, key, None, required)

    def accepted_amount(self, value) -> Decimal:
        """`parse_amount`, remembering accepted texts; raises Invalid, reports nothing."""
        if type(value) is not str:
            return parse_amount(value)
        found = self.amounts.get(value)
        if found is None:
            found = parse_amount(value)
            if len(self.amounts) >= CACHE_LIMIT:
                self.amounts.clear()
            self.amounts[value] = found
        return found

    def project_ref(self, value, where: Where) -> str | None:
        """The id of one of the client's projects, or None when absent."""
        if type(value) is str and value in self.project_refs:
            return value
        project = self.field(value, parse_id, where, "project")
        if project is not None:
            self.report(where, "project", f'unknown project "{project}"')
        return project

    def unique_id(self, value, seen: set[str], where: Where) -> str | None:
        found = self.field(value, parse_id, where, "id", None, True)
        if found is not None:
            if found in seen:
                self.report(where, "id", f'duplicate id "{found}"')
            seen.add(found)
        return found

    def dates_list(self, value, where: Where, key: str) -> list[dt.date]:
        if value is None:
            return []
        if not is_list(value):
            self.report(where, key, "must be a list")
            return []
        cache = self.dates
        dates = []
        for index, item in enumerate(value):
            found = cache.get(item) if type(item) is str else None
            if found is None:
                found = self.date(item, (path_of(where, key), index), None, True)
            if found is not None:
                dates.append(found)
        return dates

    def object(self, value, build: Callable[[dict, str], Any], where: Where, key: str):
        """`build(value, path)` for an optional object; None when absent or null."""
        if value is None:
            return None
        if not is_object(value):
            self.report(where, key, "must be an object")
            return None
        return build(value, path_of(where, key))

    def rows(self, value, build: Callable[[Any, str, int], Any], where: Where, key: str) -> list:
        """`build(item, list_path, index)` for each item of an optional list; bad rows left out."""
        if value is None:
            return []
        base = path_of(where, key)
        if not is_list(value):
            self.report(base, None, "must be a list")
            return []
        return [row for index, item in enumerate(value) if (row := build(item, base, index)) is not None]

    def not_an_object(self, where: Where) -> None:
        self.report(where, None, "must be an object")
        return None
