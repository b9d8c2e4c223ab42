"""Read a portfolio file (format `despedida.portfolio/1`) into the model.

- `load_document(document)`: check a document already parsed from JSON.
- `read_portfolio(source)`: a path, "-" for stdin, or an open stream.
- `stream_portfolio(path)`: the business at once, then the clients one at a
  time, for files too big to hold in memory once parsed (see jsonstream).

Bad input is refused whole: one `InputError` lists every problem found,
each with its JSON path (`clients[3].invoices[0].due_on: not a date`).
No Django import here: `despedida assess FILE` runs without a database.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import gc
import json
import os
import sys
from decimal import Decimal
from typing import IO, Iterator

from despedida.cli_support import InputError, Problem

from .decode import Decoder
from .fields import extra_keys
from .jsonstream import JsonSyntaxError, NotAnObject, ObjectStream
from .model import Client, Portfolio
from .schema import PORTFOLIO_KEYS

NOT_AN_OBJECT = "the top level must be a JSON object"
_SNIFF_SIZE = 8192


def load_document(document: dict, source: str = "") -> Portfolio:
    """Check a parsed document and build the portfolio; InputError lists every problem.

    Money must have been parsed as Decimal (`json.loads(..., parse_float=Decimal)`).
    """
    return _load(document, source, consume=False)


def _load(document: dict, source: str, *, consume: bool) -> Portfolio:
    if not isinstance(document, dict):
        raise InputError([Problem("", NOT_AN_OBJECT)], source)
    decoder = Decoder()
    with _collector_paused():
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
    text = _decode(data, label) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    # Let go of each form of the file once the next is built: bytes, text,
    # parsed clients. A big file is then never in memory three times over.
    del data
    with _collector_paused():
        document = _parse_json(text, label)
    del text
    return _load(document, label, consume=True)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big document is built.

    Millions of new objects that stay alive make it scan them again and
    again: load_document on 2 million rows took 8 s instead of 3 s. What is
    built here has no cycles, so reference counting frees any garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    try:
        start = _sniff(file, label)
        stream = ObjectStream(file, _JSON)
        head, has_array = _syntax_checked(lambda: stream.entries_until("clients"), label)
        if has_array and not HEAD_KEYS <= head.keys():
            head = {**head, **_entries_after_clients(label, start)}
    except BaseException:
        file.close()
        raise
    decoder = Decoder()
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
        raise InputError([Problem("", _os_message(error))], label) from None


def _open(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError([Problem("", _os_message(error))], path) from None


def _os_message(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"cannot read: {error.strerror or error}"


def _bytes_under(stream: IO) -> IO:
    # The format is UTF-8 whatever the locale says: read the bytes under a
    # text stream such as stdin (a StringIO has none: its text is used).
    return getattr(stream, "buffer", stream)


def _stream_name(stream: object) -> str:
    name = getattr(stream, "name", "")
    return name if isinstance(name, str) else ""


def _decode(data: bytes, label: str) -> str:
    if b"\x00" in data[:_SNIFF_SIZE]:
        raise InputError([Problem("", "binary file, not JSON text")], label)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError([Problem("", _not_utf8(data, error.start))], label) from None


def _not_utf8(data: bytes, offset: int) -> str:
    return f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"


class _NotJSON(ValueError):
    pass


def _refuse_constant(name: str) -> None:
    # Python's json reads NaN and Infinity; JSON has no such numbers.
    raise _NotJSON(f"invalid JSON: {name} is not a JSON number")


def _parse_json(text: str, label: str) -> object:
    if not text or text.isspace():
        raise InputError([Problem("", "empty file, not JSON")], label)
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        message = f"line {error.lineno} column {error.colno}: invalid JSON: {error.msg}"
    except _NotJSON as error:
        message = str(error)
    except RecursionError:
        message = "invalid JSON: nested too deeply"
    except ValueError as error:  # such as an integer with too many digits
        message = f"invalid JSON: {error}"
    raise InputError([Problem("", message)], label)


# -- streaming -------------------------------------------------------------

# What a reader needs before the first client.
HEAD_KEYS = frozenset({"format", "as_of", "business"})
_JSON = json.JSONDecoder(parse_float=Decimal, parse_constant=_refuse_constant)


def _sniff(file: IO[bytes], label: str) -> int:
    """Check the start of the file; return the offset of the JSON text (after a BOM)."""
    chunk = file.read(_SNIFF_SIZE)
    if b"\x00" in chunk:
        raise InputError([Problem("", "binary file, not JSON text")], label)
    start = len(codecs.BOM_UTF8) if chunk.startswith(codecs.BOM_UTF8) else 0
    if not chunk[start:].strip() and len(chunk) < _SNIFF_SIZE:
        raise InputError([Problem("", "empty file, not JSON")], label)
    file.seek(start)
    return start


def _syntax_checked(read, label: str):
    """`read()`, turning a file that is not JSON into an InputError.

    As when reading a whole file, a file that is not JSON has that one
    problem: what was found wrong in the clients before it is not listed."""
    try:
        return read()
    except NotAnObject:
        message = NOT_AN_OBJECT
    except (JsonSyntaxError, _NotJSON) as error:
        message = str(error)
    except RecursionError:
        message = "invalid JSON: nested too deeply"
    except ValueError as error:  # such as an integer with too many digits
        message = f"invalid JSON: {error}"
    raise InputError([Problem("", message)], label) from None


def _entries_after_clients(label: str, start: int) -> dict:
    """The top-level entries after the clients, read past them in one more pass."""
    with _open(label) as file:
        file.seek(start)
        stream = ObjectStream(file, _JSON)

        def read() -> dict:
            stream.entries_until("clients")
            stream.skip_items()
            return stream.rest()

        return _syntax_checked(read, label)


def _stream_clients(file, stream: ObjectStream, decoder: Decoder, portfolio: Portfolio, label: str) -> Iterator[Client]:
    with file:
        items = stream.items()
        index = 0
        while True:
            raw = _syntax_checked(lambda: next(items, _END), label)
            if raw is _END:
                break
            client = decoder.client(raw, index)
            index += 1
            if client is not None:
                yield client
        trailer = _syntax_checked(stream.rest, label)
    portfolio.extra.update(extra_keys(trailer, PORTFOLIO_KEYS))
    if decoder.problems:
        raise InputError(decoder.problems, label)


_END = object()


def _check_listed(clients: list[Client], decoder: Decoder, label: str) -> Iterator[Client]:
    yield from clients
    if decoder.problems:
        raise InputError(decoder.problems, label)
