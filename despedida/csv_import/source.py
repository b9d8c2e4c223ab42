"""From the bytes of an export to a table: encoding, separator, header and rows.

Real exports come as UTF-8 with or without a byte order mark, or in
Windows-1252 when a Spanish Excel saved them; their separator is a comma, a
semicolon or a tab; cells may hold quoted newlines. The encoding of a file
that is not UTF-8 is guessed by charset-normalizer among the encodings
spreadsheets write; the separator by `csv.Sniffer`, checked against the
header line.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from operator import itemgetter

from .problems import CsvError, Problem

SEPARATORS = (",", ";", "\t", "|")
SAMPLE_BYTES = 64 * 1024
# What spreadsheets and invoicing tools write when they do not write UTF-8.
LEGACY_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850"]


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    encoding: str
    separator: str

    @staticmethod
    def row_number(index: int) -> int:
        """The spreadsheet row of `rows[index]` (the header is row 1)."""
        return index + 2

    def column_index(self, name: str) -> int | None:
        wanted = normalize_header(name)
        for index, header in enumerate(self.header):
            if normalize_header(header) == wanted:
                return index
        return None

    def column(self, index: int) -> list[str]:
        """Every cell of a column, stripped (rows are as wide as the header, see read_table)."""
        return list(map(str.strip, map(itemgetter(index), self.rows)))

    def samples(self, index: int, count: int = 3) -> list[str]:
        """The first `count` non-empty values of a column (for the column mapper)."""
        found = []
        for row in self.rows:
            value = row[index].strip() if index < len(row) else ""
            if value:
                found.append(value)
                if len(found) == count:
                    break
        return found


def normalize_header(name: str) -> str:
    """Column names compare without case, extra spaces or the `*` Xero puts before required ones."""
    return " ".join(name.replace("\ufeff", "").split()).lstrip("*").casefold()


def read_table(data: bytes) -> Table:
    """The table in `data`; CsvError when it is empty, binary or has no header."""
    text, encoding = decode(data)
    if not text.strip():
        raise CsvError([Problem("empty_file")])
    separator = find_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise CsvError([Problem("bad_csv", {"detail": str(error)}, row=reader.line_num)]) from None
    header = [" ".join(cell.split()) for cell in rows[0]]
    if not any(header):
        raise CsvError([Problem("no_header")])
    body = rows[1:]
    width = len(header)
    # Every row as wide as the header, so a column is read without checking each row's length.
    for index, row in enumerate(body):
        if len(row) < width:
            body[index] = row + [""] * (width - len(row))
    return Table(header=header, rows=body, encoding=encoding, separator=separator)


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the name of its encoding."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data[:SAMPLE_BYTES]:
        raise CsvError([Problem("binary_file")])
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_legacy(data)
    return _strict(data, encoding), encoding


def _guess_legacy(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE_BYTES], cp_isolation=LEGACY_ENCODINGS).best()
    encoding = best.encoding if best is not None else "cp1252"
    # Latin-1 and ISO 8859-15 read the same letters as Windows-1252 but turn its
    # curly quotes, dashes and euro sign into control codes: prefer the superset.
    if encoding in ("latin_1", "iso8859_15"):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise CsvError([Problem("bad_encoding", {"encoding": encoding, "offset": error.start})]) from None


def find_separator(text: str) -> str:
    """The separator: csv.Sniffer's choice when the header line agrees, else the header's commonest."""
    sample = text[:SAMPLE_BYTES]
    first_line = _first_record(sample)
    counts = {sep: _count_outside_quotes(first_line, sep) for sep in SEPARATORS}
    by_header = max(SEPARATORS, key=lambda sep: counts[sep])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        sniffed = None
    if sniffed is not None and counts.get(sniffed, 0) >= max(counts.values()) and counts[sniffed] > 0:
        return sniffed
    return by_header if counts[by_header] > 0 else ","


def _first_record(text: str) -> str:
    """The header record, quoted newlines included."""
    in_quotes = False
    for index, char in enumerate(text):
        if char == '"':
            in_quotes = not in_quotes
        elif char in "\r\n" and not in_quotes:
            return text[:index]
    return text


def _count_outside_quotes(line: str, separator: str) -> int:
    count, in_quotes = 0, False
    for char in line:
        if char == '"':
            in_quotes = not in_quotes
        elif char == separator and not in_quotes:
            count += 1
    return count
