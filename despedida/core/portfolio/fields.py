"""Reading the fields of a portfolio document, one JSON value at a time.

`FieldReader` turns a JSON value into the model's type (a date, an amount,
a word of a closed list...) or records a `Problem` with the value's JSON
path and returns None, so that reading goes on and every problem is found.
A value the JSON guard already reported (`REPORTED`) is skipped quietly.

Paths are only formatted when there is a problem: a row's place is passed
as `where`, either a finished path or a `(list_path, index)` pair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from despedida.core.portfolio.input_errors import Problem

from . import limits
from .jsonguard import REPORTED
from .limits import DecimalLimit
from .problems import child_path, problem, shown
from .values import Choices, Invalid, parse_amount, parse_date, parse_id, parse_text

Where = str | tuple[str, int]

# Dates and amounts repeat a lot across rows; one object per distinct text
# saves parsing and memory. Bounded, for files with millions of rows.
CACHE_LIMIT = 100_000


def path_of(where: Where, key: str | None = None) -> str:
    """The path of `key` (a key of the format, never one from the file) in `where`."""
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
        self.amounts: dict[str, Decimal] = {}  # money
        self.hours: dict[str, Decimal] = {}
        # Projects of the client being read, id -> id; None -> None (no project).
        self.project_refs: dict[Any, str | None] = {None: None}

    def report(self, where: Where, key: str | None, code: str, **params) -> None:
        self.problems.append(problem(path_of(where, key), code, **params))

    def field(self, value, parse: Callable[[Any], Any], where: Where, key: str, default=None, required=False):
        """`parse(value)`; `default` when absent or null; None after reporting a problem."""
        if value is None:
            if required:
                self.report(where, key, "required")
            return default
        if value is REPORTED:
            return None
        try:
            return parse(value)
        except Invalid as invalid:
            self.report(where, key, invalid.code, **invalid.params)
            return None

    def text(self, value, where: Where, key: str, parse: Callable[[Any], str] = parse_text) -> str | None:
        """An optional text; `parse` may bound its length."""
        if value is None:
            return value
        return self.field(value, parse, where, key)

    def extra(self, raw: dict, known: frozenset[str], where: Where) -> dict[str, Any]:
        """The entries of `raw` whose keys are not in `known`: kept, once checked.

        They are stored as JSON beside their row and written back on export,
        so a number there must be one a float holds, and nesting is bounded
        (the writer and the store recurse into it).
        """
        if raw.keys() <= known:
            return {}
        extra = {key: value for key, value in raw.items() if key not in known}
        base = path_of(where)
        for key, value in extra.items():
            if isinstance(value, (dict, list, int, float, Decimal)) and not isinstance(value, bool):
                self._check_extra(value, child_path(base, key))
        return extra

    def _check_extra(self, value, path: str) -> None:
        stack = [(value, path, 1)]
        while stack:
            node, where, depth = stack.pop()
            if isinstance(node, dict):
                items = [(item, child_path(where, key)) for key, item in node.items()]
            elif isinstance(node, list):
                items = [(item, f"{where}[{index}]") for index, item in enumerate(node)]
            else:
                if not _extra_number_fits(node):
                    self.problems.append(problem(where, "extra_number", digits=limits.EXTRA_NUMBER_DIGITS))
                continue
            if depth > limits.EXTRA_DEPTH:
                self.problems.append(problem(where, "extra_depth", depth=limits.EXTRA_DEPTH))
                continue
            stack.extend((item, at, depth + 1) for item, at in reversed(items))

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
        """Money: a decimal within `limits.MONEY`."""
        if type(value) is str:
            found = self.amounts.get(value)
            if found is not None:
                return found
        return self.field(value, self.accepted_amount, where, key, None, required)

    def hours_of(self, value, where: Where, key: str, required=False) -> Decimal | None:
        """Hours: a decimal within `limits.HOURS` (its own cache: "5000000" is money, not hours)."""
        if type(value) is str:
            found = self.hours.get(value)
            if found is not None:
                return found
        return self.field(value, self.accepted_hours, where, key, None, required)

    def accepted_amount(self, value) -> Decimal:
        """`parse_amount`, remembering accepted texts; raises Invalid, reports nothing."""
        return _remembered(self.amounts, value, limits.MONEY)

    def accepted_hours(self, value) -> Decimal:
        return _remembered(self.hours, value, limits.HOURS)

    def project_ref(self, value, where: Where) -> str | None:
        """The id of one of the client's projects, or None when absent."""
        if type(value) is str and value in self.project_refs:
            return value
        project = self.field(value, parse_id, where, "project")
        if project is not None:
            self.report(where, "project", "unknown_project", id=shown(project))
        return project

    def unique_id(self, value, seen: set[str], where: Where, parse: Callable[[Any], str] = parse_id) -> str | None:
        found = self.field(value, parse, where, "id", None, True)
        if found is not None:
            if found in seen:
                self.report(where, "id", "duplicate_id", id=shown(found))
            seen.add(found)
        return found

    def dates_list(self, value, where: Where, key: str) -> list[dt.date]:
        if value is None or value is REPORTED:
            return []
        if not is_list(value):
            self.report(where, key, "not_list")
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
        if value is None or value is REPORTED:
            return None
        if not is_object(value):
            self.report(where, key, "not_object")
            return None
        return build(value, path_of(where, key))

    def rows(self, value, build: Callable[[Any, str, int], Any], where: Where, key: str) -> list:
        """`build(item, list_path, index)` for each item of an optional list; bad rows left out."""
        if value is None or value is REPORTED:
            return []
        base = path_of(where, key)
        if not is_list(value):
            self.report(base, None, "not_list")
            return []
        return [row for index, item in enumerate(value) if (row := build(item, base, index)) is not None]

    def not_an_object(self, where: Where, raw: object = None) -> None:
        if raw is not REPORTED:
            self.report(where, None, "not_object")
        return None


def _remembered(cache: dict[str, Decimal], value, limit: DecimalLimit) -> Decimal:
    if type(value) is not str:
        return parse_amount(value, limit)
    found = cache.get(value)
    if found is None:
        found = parse_amount(value, limit)
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[value] = found
    return found


def _extra_number_fits(value) -> bool:
    """Whether the store keeps `value` under an unknown key (a number as a float, or as an int when whole)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return True  # not a number
    bound = limits.EXTRA_NUMBER_DIGITS
    if isinstance(value, int):
        return -(10**bound) < value < 10**bound
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return False
        value = Decimal(repr(value))
    if not value.is_finite():
        return False
    return not value or -bound <= value.adjusted() < bound
