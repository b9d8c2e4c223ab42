"""Problems and notices found while reading a CSV file: codes and values, no sentences.

Sentences are made where they are shown (`despedida.portability.csv_messages`),
in the reader's language. A row number counts as a spreadsheet does: the
header is row 1, the first record row 2, whatever newlines quoted cells hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None  # None: about the whole file
    column: str | None = None  # the file's own column name


class CsvError(Exception):
    """A file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.code for p in problems))


class Invalid(ValueError):
    """A cell that cannot be read as its field's type; `code` and `params` say why."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)
