"""What every command shares: input errors that exit 2 and name the file
and the JSON path of each problem (see the command-line contract)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import IO, Any, NoReturn


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # JSON path such as "clients[3].invoices[0].due_on", or "" for the whole file
    message: str  # the English sentence the command line prints
    # What the web shows it from, in the user's language: a code of
    # despedida.core.portfolio.problems and its values, as (name, value) pairs.
    code: str = ""
    params: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(Exception):
    """Input that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        super().__init__("; ".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        prefix = f"{self.source}: " if self.source else ""
        return [f"{prefix}{problem}" for problem in self.problems]


def exit_input_error(error: InputError, stream: IO[str] | None = None) -> NoReturn:
    """Print one line per problem on stderr and exit with status 2."""
    stream = stream or sys.stderr
    for line in error.lines():
        stream.write(line + "\n")
    raise SystemExit(2)


def exit_usage(message: str, stream: IO[str] | None = None) -> NoReturn:
    (stream or sys.stderr).write(message.rstrip("\n") + "\n")
    raise SystemExit(2)


def dump_json(document: Any, stream: IO[str] | None = None) -> None:
    """Write one JSON document on stdout (UTF-8, no ASCII escaping)."""
    stream = stream or sys.stdout
    json.dump(document, stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")
