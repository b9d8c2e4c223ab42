"""Read a portfolio file (format `despedida.portfolio/1`) into the model.

- `load_document(document)`: check a document already parsed from JSON.
- `read_portfolio(source)`: a path, "-" for stdin, or an open stream.
- `stream_portfolio(path)`: the business at once, then the clients one at a
  time, for files too big to hold in memory once parsed (see jsonstream).

Bad input is refused whole: one `InputError` lists every problem found,
each with its JSON path (`clients[3].invoices[0].due_on: not a date`).
Besides the format's rules, every value is checked against what the store,
the engine and the renderers can hold (`limits`), and the JSON parser is
guarded against repeated keys, endless integers and texts no store keeps
(`jsonguard`), so that no file can break a workspace.
No Django import here: `despedida assess FILE` runs without a database.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import sys
from collections.abc import Iterator
from typing import IO

from despedida.core.collector import collector_paused
from despedida.core.portfolio.input_errors import InputError, Problem

from .decode import Decoder
from .jsonguard import Guard, NotJSON
from .jsonstream import JsonSyntaxError, NotAnObject, NotUTF8, ObjectStream
from .model import Client, Portfolio
from .problems import MESSAGES, child_path, problem, shown
from .schema import PORTFOLIO_KEYS

NOT_AN_OBJECT = MESSAGES["top_level"]
_SNIFF_SIZE = 8192


def load_document(document: dict, source: str = "") -> Portfolio:
    """Check a parsed document and build the portfolio; InputError lists every problem.

    Money must have been parsed as Decimal (`json.loads(..., parse_float=Decimal)`).
    Every text is checked (the parser's traps were not there to say which
    need it), and a text no store keeps is replaced in `document`.
    """
    return _load(document, source, consume=False, guard=Guard(suspect=True, sticky=True))


def _load(document: dict, source: str, *, consume: bool, guard: Guard) -> Portfolio:
    if not isinstance(document, dict):
        raise InputError([problem("", "top_level")], source)
    decoder = Decoder(guard)
    with collector_paused():
        portfolio = decoder.head(document)
        portfolio.clients = decoder.clients(document.get("clients"), consume=consume)
    if decoder.problems:
        raise InputError(decoder.problems, source)
    return portfolio


def read_portfolio(source: str | os.PathLike | IO, *, name: str | None = None) -> Portfolio:
    """Read a whole file: a path, "-" for stdin, or a text or binary stream.

    `name` is the file name used in error lines (default: the path, or the
    stream's name).
    """
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if path == "-":
            label = name or "<stdin>"
            data = _bytes_under(sys.stdin).read()
        else:
            label = name or path
            data = _read_file(path, label)
    else:
        label = name or _stream_name(source)
        data = _bytes_under(source).read()
    # Text given as text (not bytes) may hold a lone surrogate as it is, not
    # only as an escape: then every value is walked.
    guard = Guard(suspect=not isinstance(data, bytes), sticky=True)
    text = _decode(data, label) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    # Let go of each form of the file once the next is built: bytes, text,
    # parsed clients. A big file is then never in memory three times over.
    del data
    with collector_paused():
        document = _parse_json(text, label, guard)
    guard.note(text)  # a suspect escape anywhere: every client is walked
    del text
    return _load(document, label, consume=True, guard=guard)


def stream_portfolio(path: str | os.PathLike) -> tuple[Portfolio, Iterator[Client]]:
    """The portfolio without its clients, and an iterator over the clients.

    Parses one client at a time, so memory stays low whatever the size of
    the file. The checks are those of `load_document`. Problems in clients
    are collected and raised as one InputError when the iterator is
    exhausted; clients with a problem are not yielded. A consumer must
    therefore exhaust the iterator before writing any result. Unknown
    top-level keys after `clients` reach `portfolio.extra` only then.

    Problems outside the clients (format, business...) are raised at once,
    together with every problem in the clients.

    Files written by `writer` have everything but the clients before them.
    If `format`, `as_of` or `business` come after `clients` (or are
    missing), the file is read twice: correct, but slower.
    """
    label = os.fspath(path)
    if label == "-":
        # Stdin cannot be read twice; it is read whole instead.
        portfolio = read_portfolio("-")
        return dataclasses.replace(portfolio, clients=[]), iter(portfolio.clients)

    file = _open(label)
    guard = Guard()
    try:
        start = _sniff(file, label)
        stream = ObjectStream(file, guard)
        head, has_array = _syntax_checked(lambda: stream.entries_until("clients"), label)
        if has_array and not HEAD_KEYS <= head.keys():
            head = {**head, **_entries_after_clients(label, start)}
    except BaseException:
        file.close()
        raise
    decoder = Decoder(guard)
    if not has_array:
        # The whole document was parsed: a trap may have fired anywhere in it.
        guard.sticky = guard.suspect
        decoder.problems.extend(_repeated_keys(stream))
    portfolio = decoder.head(head)
    if has_array:
        clients = _stream_clients(file, stream, decoder, portfolio, label)
    else:
        file.close()
        clients = _check_listed(decoder.clients(head.get("clients")), decoder, label)
    if decoder.problems:
        # The business is needed to read the clients; with it broken, read
        # them all now so that every problem is reported at once.
        for _client in clients:
            pass
    return portfolio, clients


# -- whole files ---------------------------------------------------------


def _read_file(path: str, label: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        raise InputError([_os_problem(error)], label) from None


def _open(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError([_os_problem(error)], path) from None


def _os_problem(error: OSError) -> Problem:
    if isinstance(error, FileNotFoundError):
        return problem("", "no_such_file")
    if isinstance(error, IsADirectoryError):
        return problem("", "is_a_directory")
    if isinstance(error, PermissionError):
        return problem("", "permission_denied")
    return problem("", "unreadable", reason=str(error.strerror or error))


def _bytes_under(stream: IO) -> IO:
    # The format is UTF-8 whatever the locale says: read the bytes under a
    # text stream such as stdin (a StringIO has none: its text is used).
    return getattr(stream, "buffer", stream)


def _stream_name(stream: object) -> str:
    name = getattr(stream, "name", "")
    return name if isinstance(name, str) else ""


def _decode(data: bytes, label: str) -> str:
    if b"\x00" in data[:_SNIFF_SIZE]:
        raise InputError([problem("", "binary")], label)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError([_not_utf8(data[error.start], error.start)], label) from None


def _not_utf8(byte: int, offset: int) -> Problem:
    return problem("", "not_utf8", byte=f"{byte:02x}", offset=offset)


def _parse_json(text: str, label: str, guard: Guard) -> object:
    if not text or text.isspace():
        raise InputError([problem("", "empty_file")], label)
    try:
        return guard.decoder.decode(text)
    except Exception as error:  # noqa: BLE001 - each kind gets its sentence
        found = _not_json(error)
    raise InputError([found], label)


def _not_json(error: BaseException) -> Problem:
    """The one problem of a file that is not JSON, from the parser's exception."""
    if isinstance(error, json.JSONDecodeError):
        return problem("", "syntax", line=error.lineno, column=error.colno, detail=error.msg)
    if isinstance(error, JsonSyntaxError):
        if error.line is None:
            return problem("", "not_json", detail=error.detail)
        return problem("", "syntax", line=error.line, column=error.column, detail=error.detail)
    if isinstance(error, NotUTF8):
        return _not_utf8(error.byte, error.offset)
    if isinstance(error, NotJSON):
        return problem("", "not_json_number", name=str(error))
    if isinstance(error, NotAnObject):
        return problem("", "top_level")
    if isinstance(error, RecursionError):
        return problem("", "too_deep")
    if isinstance(error, (ValueError, MemoryError)):
        return problem("", "not_json", detail=str(error))
    raise error


# -- streaming -------------------------------------------------------------

# What a reader needs before the first client.
HEAD_KEYS = frozenset({"format", "as_of", "business"})


def _sniff(file: IO[bytes], label: str) -> int:
    """Check the start of the file; return the offset of the JSON text (after a BOM)."""
    chunk = file.read(_SNIFF_SIZE)
    if b"\x00" in chunk:
        raise InputError([problem("", "binary")], label)
    start = len(codecs.BOM_UTF8) if chunk.startswith(codecs.BOM_UTF8) else 0
    if not chunk[start:].strip() and len(chunk) < _SNIFF_SIZE:
        raise InputError([problem("", "empty_file")], label)
    file.seek(start)
    return start


def _syntax_checked(read, label: str):
    """`read()`, turning a file that is not JSON into an InputError.

    As when reading a whole file, a file that is not JSON has that one
    problem: what was found wrong in the clients before it is not listed."""
    try:
        return read()
    except (ValueError, RecursionError, MemoryError) as error:
        raise InputError([_not_json(error)], label) from None


def _entries_after_clients(label: str, start: int) -> dict:
    """Those of the head's entries that come after the clients, read past them in one more pass.

    The other entries after the clients, and every problem of their texts
    and keys, are the main pass's to report once it gets there.
    """
    with _open(label) as file:
        file.seek(start)
        guard = Guard()
        stream = ObjectStream(file, guard)

        def read() -> dict:
            stream.entries_until("clients")
            stream.skip_items()
            return stream.rest()

        entries = {key: value for key, value in _syntax_checked(read, label).items() if key in HEAD_KEYS}
        guard.suspect = True
        guard.findings(entries, "")  # replaces bad texts; reported later
        return entries


def _repeated_keys(stream: ObjectStream) -> list[Problem]:
    return [
        problem(child_path("", key), "duplicate_key", key=shown(key), count=count)
        for key, count in stream.repeated_keys().items()
    ]


def _stream_clients(file, stream: ObjectStream, decoder: Decoder, portfolio: Portfolio, label: str) -> Iterator[Client]:
    with file:
        items = stream.items()
        index = 0
        while True:
            # Paused for one client at a time, never across the yield: what is
            # built has no cycles, and the collector would walk it again and again
            # (a sixth of the reading time in an import).
            with collector_paused():
                raw = _syntax_checked(lambda: next(items, _END), label)
                if raw is _END:
                    break
                client = decoder.client(raw, index)
            index += 1
            if client is not None:
                yield client
        trailer = _syntax_checked(stream.rest, label)
    decoder.problems.extend(decoder.guard.findings(trailer, ""))
    decoder.problems.extend(_repeated_keys(stream))
    portfolio.extra.update(decoder.extra(trailer, PORTFOLIO_KEYS, ""))
    if decoder.problems:
        raise InputError(decoder.problems, label)


_END = object()


def _check_listed(clients: list[Client], decoder: Decoder, label: str) -> Iterator[Client]:
    yield from clients
    if decoder.problems:
        raise InputError(decoder.problems, label)
