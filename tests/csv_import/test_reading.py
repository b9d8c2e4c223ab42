"""Rows to records: the awkward cases of real exports, and every problem named by row and column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from despedida.csv_import.dates import DateOrder
from despedida.csv_import.mapping import parse_mapping
from despedida.csv_import.reading import read_records
from despedida.csv_import.source import read_table

INVOICES = {
    "kind": "invoices",
    "columns": {"number": "Number", "client": "Client", "issued_on": "Date", "total": "Total"},
}


def reading(text: str, mapping: dict = INVOICES, order: DateOrder | None = None, encoding="utf-8"):
    return read_records(read_table(text.encode(encoding)), parse_mapping(mapping), order)


def test_dates_that_fit_both_orders_are_asked_for_not_guessed():
    result = reading("Number,Client,Date,Total\nA-1,Acme,03/04/2026,100\nA-2,Acme,05/06/2026,100\n")
    assert result.needs_date_order and not result.ok and result.records == []
    answered = reading("Number,Client,Date,Total\nA-1,Acme,03/04/2026,100\n", order=DateOrder.MDY)
    assert answered.ok and answered.records[0].issued_on == dt.date(2026, 3, 4)


def test_one_unambiguous_date_settles_the_whole_file():
    result = reading("Number,Client,Date,Total\nA-1,Acme,03/04/2026,100\nA-2,Acme,25/06/2026,100\n")
    assert result.ok and result.date_order is DateOrder.DMY
    assert [r.issued_on for r in result.records] == [dt.date(2026, 4, 3), dt.date(2026, 6, 25)]


def test_dates_written_both_ways_in_one_file_are_a_problem():
    result = reading("Number,Client,Date,Total\nA-1,Acme,25/03/2026,100\nA-2,Acme,03/25/2026,100\n")
    assert [p.code for p in result.problems] == ["date_orders_mixed"]


def test_both_number_formats_are_read_by_their_column():
    comma = reading("Number;Client;Date;Total\nA-1;Acme;2026-03-04;1.234,56\nA-2;Acme;2026-03-05;99,5\n")
    point = reading('Number,Client,Date,Total\nA-1,Acme,2026-03-04,"1,234.56"\nA-2,Acme,2026-03-05,99.5\n')
    assert [r.total for r in comma.records] == [Decimal("1234.56"), Decimal("99.5")]
    assert [r.total for r in point.records] == [Decimal("1234.56"), Decimal("99.5")]


def test_the_total_due_is_stored_and_the_tax_free_amount_kept():
    with_tax = reading(
        "Number,Client,Date,Subtotal,Tax,Total\nA-1,Acme,2026-03-04,100.00,21.00,121.00\n",
        {
            "kind": "invoices",
            "columns": {
                "number": "Number",
                "client": "Client",
                "issued_on": "Date",
                "subtotal": "Subtotal",
                "tax": "Tax",
                "total": "Total",
            },
        },
    )
    assert (with_tax.records[0].total, with_tax.records[0].subtotal) == (Decimal("121.00"), Decimal("100.00"))
    from_parts = reading(
        "Number,Client,Date,Base,IVA\nA-1,Acme,2026-03-04,100.00,21.00\n",
        {
            "kind": "invoices",
            "columns": {"number": "Number", "client": "Client", "issued_on": "Date", "subtotal": "Base", "tax": "IVA"},
        },
    )
    assert (from_parts.records[0].total, from_parts.records[0].subtotal) == (Decimal("121.00"), Decimal("100.00"))
    total_only = reading("Number,Client,Date,Total\nA-1,Acme,2026-03-04,121.00\n")
    assert (total_only.records[0].total, total_only.records[0].subtotal) == (Decimal("121.00"), None)


def test_a_negative_total_is_a_credit_note_and_never_a_payment():
    result = reading(
        "Number,Client,Date,Total,Paid on\nR-1,Acme,2026-03-04,-50.00,2026-03-04\n",
        {**INVOICES, "columns": {**INVOICES["columns"], "paid_on": "Paid on"}},
    )
    (credit,) = result.records
    assert credit.is_credit_note and credit.total == Decimal("-50.00") and credit.paid_amount is None


def test_paid_on_alone_is_the_payment_of_the_whole_total():
    result = reading(
        "Number,Client,Date,Total,Paid on\nA-1,Acme,2026-03-04,80.00,2026-04-10\nA-2,Acme,2026-03-05,90.00,\n",
        {**INVOICES, "columns": {**INVOICES["columns"], "paid_on": "Paid on"}},
    )
    paid, open_ = result.records
    assert (paid.paid_on, paid.paid_amount, paid.paid_on_assumed) == (dt.date(2026, 4, 10), Decimal("80.00"), False)
    assert (open_.paid_on, open_.paid_amount) == (None, None)


def test_reminder_dates_in_one_cell_become_a_list():
    result = reading(
        'Number,Client,Date,Total,Reminders\nA-1,Acme,2026-03-04,80.00,"2026-04-10; 2026-04-24"\n',
        {**INVOICES, "columns": {**INVOICES["columns"], "reminders": "Reminders"}},
    )
    assert result.records[0].reminders == [dt.date(2026, 4, 10), dt.date(2026, 4, 24)]


def test_every_problem_is_named_by_row_and_column_and_nothing_is_kept():
    result = reading(
        "Number,Client,Date,Total\n"
        "A-1,Acme,2026-03-04,100\n"
        ",Acme,2026-03-05,100\n"
        "A-3,Acme,2026-02-30,cien\n"
        "A-4,,2026-03-07,100\n"
    )
    assert not result.ok
    assert [(p.row, p.column, p.code) for p in result.problems] == [
        (3, "Number", "required"),
        (4, "Date", "not_a_date"),
        (4, "Total", "not_an_amount"),
        (5, "Client", "required"),
    ]


def test_rows_after_a_quoted_newline_keep_their_spreadsheet_number():
    result = reading('Number,Client,Date,Total\nA-1,"Acme\nRetail",2026-03-04,100\nA-2,Acme,someday,100\n')
    assert [(p.row, p.column) for p in result.problems] == [(3, "Date")]


def test_an_invoice_number_repeated_with_another_total_is_a_problem():
    result = reading("Number,Client,Date,Total\nA-1,Acme,2026-03-04,100\nA-1,Acme,2026-03-04,200\n")
    assert [(p.row, p.code, p.params) for p in result.problems] == [
        (3, "duplicate_invoice", {"number": "A-1", "first_row": 2})
    ]


def test_cancelled_and_draft_invoices_are_left_out_and_counted():
    result = reading(
        "Number,Client,Date,Total,Estado\nA-1,Acme,2026-03-04,100,Anulada\nA-2,Acme,2026-03-04,100,Borrador\n"
        "A-3,Acme,2026-03-04,100,Pagada\n",
        {**INVOICES, "columns": {**INVOICES["columns"], "status": "Estado"}},
    )
    assert [r.number for r in result.records] == ["A-3"]
    assert result.records[0].paid_amount == Decimal("100")
    assert sorted(n.code for n in result.notices) == ["paid_on_assumed", "skipped_draft", "skipped_void"]


TIME = {"kind": "time", "columns": {"on": "Date", "hours": "Duration", "client": "Client", "note": "Note"}}


def test_identical_time_rows_get_distinct_stable_ids_and_the_same_ids_on_a_second_read():
    text = "Date,Duration,Client,Note\n2026-03-02,1:00:00,Acme,Call\n2026-03-02,1:00:00,Acme,Call\n"
    first, second = reading(text, TIME), reading(text, TIME)
    ids = [r.id for r in first.records]
    assert len(set(ids)) == 2
    assert ids == [r.id for r in second.records]


def test_the_source_entry_id_is_the_stable_id_when_there_is_one():
    mapping = {"kind": "time", "columns": {**TIME["columns"], "entry_id": "Id"}}
    result = reading("Id,Date,Duration,Client,Note\n981,2026-03-02,1.5,Acme,Call\n", mapping)
    assert result.records[0].id == "981"
