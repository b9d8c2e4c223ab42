"""Reading the bytes of an export: encodings, separators, quoted newlines."""

from __future__ import annotations

import codecs

import pytest

from despedida.csv_import.problems import CsvError
from despedida.csv_import.source import read_table

TEXT = 'Cliente;Concepto;Importe\nPanadería Núñez;"Diseño de cartas;\nmenú y carta";1.234,56 €\n'


def test_it_reads_utf8_with_a_byte_order_mark_and_leaves_the_mark_out_of_the_header():
    table = read_table(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert table.encoding == "utf-8-sig"
    assert table.header == ["Cliente", "Concepto", "Importe"]


def test_it_reads_utf8_without_a_mark():
    table = read_table(TEXT.encode("utf-8"))
    assert table.encoding == "utf-8"
    assert table.rows[0][0] == "Panadería Núñez"


def test_it_reads_windows_1252_as_a_spanish_excel_saves_it():
    table = read_table(TEXT.encode("cp1252"))
    assert table.encoding == "cp1252"
    assert table.rows[0][0] == "Panadería Núñez"
    assert table.rows[0][2] == "1.234,56 €"


def test_a_quoted_cell_keeps_its_newline_and_separator_and_stays_one_row():
    table = read_table(TEXT.encode("utf-8"))
    assert len(table.rows) == 1
    assert table.rows[0][1] == "Diseño de cartas;\nmenú y carta"


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_it_finds_the_separator(separator):
    header = separator.join(["Date", "Client", "Hours"])
    row = separator.join(["2026-03-02", "Acme, Inc." if separator != "," else '"Acme, Inc."', "1.5"])
    table = read_table(f"{header}\r\n{row}\r\n".encode())
    assert table.separator == separator
    assert table.header == ["Date", "Client", "Hours"]
    assert table.rows == [["2026-03-02", "Acme, Inc.", "1.5"]]


def test_blank_lines_are_not_rows():
    table = read_table(b"a,b\n1,2\n\n,\n3,4\n")
    assert table.rows == [["1", "2"], ["3", "4"]]


@pytest.mark.parametrize(
    ("data", "code"), [(b"", "empty_file"), (b"  \n\n", "empty_file"), (b"PK\x03\x04\x00\x00", "binary_file")]
)
def test_a_file_that_is_not_a_csv_is_refused_with_its_reason(data, code):
    with pytest.raises(CsvError) as refused:
        read_table(data)
    assert [p.code for p in refused.value.problems] == [code]
