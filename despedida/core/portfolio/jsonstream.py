"""Read a big JSON object in blocks: its entries, and the items of one big
array among them one at a time.

Built on the json module's C scanner (`JSONDecoder.raw_decode` parses one
value at an offset): the file is read in blocks, each item is parsed whole at
C speed, handed out, and forgotten, so memory holds a block and an item.
Measured on a 340 MB portfolio it is as fast as ijson's C backend at its
best and steadier, needs no optional C library, and reports syntax errors
by line and column.

The parsing is the guard's (`jsonguard.Guard`): its decoder marks repeated
keys, and it is shown the text of each value parsed, so it can tell when a
value needs walking for bad texts. The stream itself counts the top-level
keys, which it reads one by one.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .jsonguard import Guard

BLOCK_SIZE = 1 << 20
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A value cut by the end of a block fails within its last few characters
# (a literal, a number, an escape), or as an unterminated string.
_CUT_MARGIN = 16
# What may still follow a number that a block's end cut: "0" of "0.00", "1e" of "1e5".
_NUMBER_TAIL = re.compile(r"[0-9.eE+\-]*")


class JsonSyntaxError(ValueError):
    def __init__(self, detail: str, line: int | None = None, column: int | None = None) -> None:
        self.detail, self.line, self.column = detail, line, column
        where = f"line {line} column {column}: " if line is not None else ""
        super().__init__(f"{where}invalid JSON: {detail}")


class NotUTF8(ValueError):
    def __init__(self, byte: int, offset: int) -> None:
        self.byte, self.offset = byte, offset
        super().__init__(f"not UTF-8 text (byte 0x{byte:02x} at offset {offset})")


class NotAnObject(ValueError):
    """The document's top level is not a JSON object."""


class ObjectStream:
    """One pass over a document whose top level is an object."""

    def __init__(self, file: IO[bytes], guard: Guard) -> None:
        self._file = file
        self._guard = guard
        self._raw_decode = guard.decoder.raw_decode
        self._keys: dict[str, int] = {}  # how many times each top-level key was read
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self._bytes_read = 0
        self._buffer = ""
        self._pos = 0
        self._eof = False
        self._lines_before = 0  # newlines in the text already dropped from the buffer
        self._column_before = 0  # characters after the last of them
        self._started = False

    # -- the document's structure ------------------------------------------

    def entries_until(self, array_key: str | None) -> tuple[dict[str, Any], bool]:
        """The entries up to `array_key` if its value is an array (True: the
        stream then stands at its first item), else all of them (False)."""
        if not self._started:
            self._started = True
            if self._peek() != "{":
                # Report what reading the whole file would: a syntax error
                # if it is not JSON at all (this parses a top-level array
                # whole: an error case, worth a clear message).
                self._value()
                self._end({})
                raise NotAnObject()
            self._pos += 1
            if self._peek() == "}":
                self._pos += 1
                return self._end({}), False
        entries: dict[str, Any] = {}
        while True:
            if self._peek() != '"':
                raise self._error("Expecting property name enclosed in double quotes", self._pos)
            key = self._value()
            self._keys[key] = self._keys.get(key, 0) + 1
            self._expect(":")
            if key == array_key and self._peek() == "[":
                self._pos += 1
                return entries, True
            entries[key] = self._value()
            if self._after_entry():
                return self._end(entries), False

    def items(self) -> Iterator[Any]:
        """The items of the array `entries_until` stopped at."""
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            yield self._value()
            found = self._peek()
            if found == ",":
                self._pos += 1
            elif found == "]":
                self._pos += 1
                return
            else:
                raise self._error("Expecting ',' delimiter", self._pos)

    def skip_items(self) -> None:
        for _item in self.items():
            pass

    def repeated_keys(self) -> dict[str, int]:
        """The top-level keys read more than once so far, with their counts."""
        return {key: count for key, count in self._keys.items() if count > 1}

    def rest(self) -> dict[str, Any]:
        """The entries after the array, once its items are read."""
        if self._after_entry():
            return self._end({})
        entries, _ = self.entries_until(None)
        return entries

    # -- reading -------------------------------------------------------------

    def _after_entry(self) -> bool:
        """Past the "," after an entry (False) or the closing "}" (True)."""
        found = self._peek()
        self._pos += 1
        if found == ",":
            return False
        if found == "}":
            return True
        raise self._error("Expecting ',' delimiter", self._pos - 1)

    def _end(self, entries: dict[str, Any]) -> dict[str, Any]:
        if self._peek() != "":
            raise self._error("Extra data", self._pos)
        return entries

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = self._raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                cut = error.pos >= len(self._buffer) - _CUT_MARGIN or error.msg.startswith("Unterminated string")
                if cut and self._fill():
                    continue
                raise self._error(error.msg, error.pos) from None
            if self._may_go_on(end) and self._fill():
                continue  # a number or literal may go on in the next block
            self._guard.note(self._buffer, self._pos, end)
            self._pos = end
            return value

    def _may_go_on(self, end: int) -> bool:
        """Whether the value just parsed, ending at `end`, may be the start of a longer
        one cut by the end of the block: it ends the buffer, or it is a number and
        all that follows it in the buffer could still belong to it ("0." of "0.00")."""
        if end == len(self._buffer):
            return True
        return self._buffer[self._pos] in "-0123456789" and _NUMBER_TAIL.fullmatch(self._buffer, end) is not None

    def _peek(self) -> str:
        """The next character that is not whitespace ("" at the end)."""
        while True:
            self._pos = _WHITESPACE.match(self._buffer, self._pos).end()
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._fill():
                return ""

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise self._error(f"Expecting {char!r} delimiter", self._pos)
        self._pos += 1

    def _fill(self) -> bool:
        """Drop what was read, append a block; False at the end of the file."""
        if self._eof:
            return False
        # Read at least as much as is left: a value bigger than a block is
        # then parsed again only a few times, not once per block.
        block = self._file.read(max(BLOCK_SIZE, len(self._buffer) - self._pos))
        self._eof = not block
        # A sequence cut at the end of a block waits in the decoder for the
        # rest; an error's position counts those bytes first.
        pending = self._utf8.getstate()[0]
        try:
            text = self._utf8.decode(block, final=self._eof)
        except UnicodeDecodeError as error:
            data = pending + block
            raise NotUTF8(data[error.start], self._bytes_read - len(pending) + error.start) from None
        self._bytes_read += len(block)
        if not block and not text:
            # Nothing more: keep the buffer as it is, so that positions in it
            # (of a syntax error being reported) still hold.
            return False
        dropped = self._buffer[: self._pos]
        newlines = dropped.count("\n")
        if newlines:
            self._lines_before += newlines
            self._column_before = len(dropped) - dropped.rfind("\n") - 1
        else:
            self._column_before += len(dropped)
        self._buffer = self._buffer[self._pos :] + text
        self._pos = 0
        return True

    def _error(self, message: str, pos: int) -> JsonSyntaxError:
        newlines = self._buffer.count("\n", 0, pos)
        line = self._lines_before + newlines + 1
        if newlines:
            column = pos - self._buffer.rfind("\n", 0, pos)
        else:
            column = self._column_before + pos + 1
        return JsonSyntaxError(message, line, column)
