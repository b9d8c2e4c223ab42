"""Each preset reads its tool's sample export: detected from the header row, every record as stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from despedida.csv_import.dates import DateOrder
from despedida.csv_import.fields import Kind
from despedida.csv_import.mapping import PRESETS, check_columns, detect_preset, read_mapping_file
from despedida.csv_import.problems import CsvError
from despedida.csv_import.reading import read_records
from despedida.csv_import.records import Status

from .conftest import SAMPLES


def read(sample, name, preset=None):
    table = sample(name)
    mapping = PRESETS[preset] if preset else detect_preset(table)
    return mapping, read_records(table, mapping)


def test_every_preset_is_detected_from_its_sample_header():
    samples = {
        "toggl": "toggl_detailed.csv",
        "clockify": "clockify_detailed.csv",
        "harvest": "harvest_time.csv",
        "freshbooks": "freshbooks_invoice_details.csv",
        "xero": "xero_invoices.csv",
        "invoiceninja": "invoiceninja_invoices.csv",
    }
    assert set(samples) == set(PRESETS)
    from despedida.csv_import.source import read_table

    for name, file in samples.items():
        assert detect_preset(read_table((SAMPLES / file).read_bytes())).name == name


def test_toggl_detailed_report(sample):
    mapping, reading = read(sample, "toggl_detailed.csv")
    assert mapping.kind is Kind.TIME and reading.ok
    assert [(r.client, r.on, r.hours, r.project) for r in reading.records] == [
        ("Acme Retail SL", dt.date(2026, 3, 2), Decimal("3.5"), "Tienda online"),
        ("Acme Retail SL", dt.date(2026, 3, 3), Decimal("1.25"), "Tienda online"),
        ("Bodegas Ribera S.A.", dt.date(2026, 3, 4), Decimal("3.5"), "Etiquetas"),
    ]
    assert reading.records[1].note.startswith("Reunión de seguimiento, con notas:")
    assert [(n.code, n.params) for n in reading.notices] == [("time_without_client", {"count": 1})]


def test_clockify_detailed_report_settles_month_first_dates_from_its_values(sample):
    _mapping, reading = read(sample, "clockify_detailed.csv")
    assert reading.ok and reading.date_order is DateOrder.MDY
    assert [(r.client, r.on, r.hours) for r in reading.records] == [
        ("Northwind Traders LLC", dt.date(2026, 1, 13), Decimal("2.5")),
        ("Northwind Traders LLC", dt.date(2026, 1, 14), Decimal("0.75")),
        ("Contoso, Ltd.", dt.date(2026, 1, 15), Decimal("3")),
    ]


def test_harvest_time_report(sample):
    _mapping, reading = read(sample, "harvest_time.csv")
    assert reading.ok
    assert [(r.client, r.on, r.hours, r.note) for r in reading.records] == [
        ("Garage Leroy", dt.date(2026, 2, 2), Decimal("3.5"), "Cover and inside pages"),
        ("Garage Leroy", dt.date(2026, 2, 3), Decimal("0.75"), "Proof round with the client"),
        ("Maison Dupont SARL", dt.date(2026, 2, 3), Decimal("2.25"), "Contact form, spam filter"),
    ]


def test_freshbooks_lines_add_up_to_their_invoice_and_drafts_are_left_out(sample):
    _mapping, reading = read(sample, "freshbooks_invoice_details.csv")
    assert reading.ok
    first, second = reading.records
    assert (first.number, first.client, first.total, first.subtotal) == (
        "0000101",
        "Northwind Traders LLC",
        Decimal("1296.00"),
        Decimal("1200.00"),
    )
    assert (first.status, first.paid_on, first.paid_amount, first.currency) == (
        Status.PAID,
        dt.date(2026, 2, 20),
        Decimal("1296.00"),
        "USD",
    )
    assert (second.number, second.client, second.total, second.paid_amount) == (
        "0000102",
        "Contoso, Ltd.",
        Decimal("1500.00"),
        None,
    )
    assert [(n.code, n.params) for n in reading.notices] == [("skipped_draft", {"count": 1})]


def test_xero_repeats_the_invoice_on_each_line_and_says_paid_without_a_date(sample):
    _mapping, reading = read(sample, "xero_invoices.csv")
    assert reading.ok and reading.date_order is DateOrder.DMY
    paid, open_ = reading.records
    assert (paid.number, paid.total, paid.subtotal, paid.currency) == (
        "INV-0041",
        Decimal("1440.00"),
        Decimal("1200.00"),
        "GBP",
    )
    assert (paid.paid_amount, paid.paid_on, paid.paid_on_assumed) == (Decimal("1440.00"), dt.date(2026, 2, 17), True)
    assert (open_.number, open_.client, open_.paid_amount) == ("INV-0042", "Harbour & Co Limited", None)


def test_invoice_ninja_balances_become_what_was_paid(sample):
    _mapping, reading = read(sample, "invoiceninja_invoices.csv")
    assert reading.ok
    paid, unpaid, partial = reading.records
    assert (paid.tax_id, paid.total, paid.currency, paid.paid_amount) == (
        "76.123.456-7",
        Decimal("1190000"),
        "CLP",
        Decimal("1190000"),
    )
    assert unpaid.paid_amount is None
    assert (partial.client, partial.currency, partial.total, partial.paid_amount) == (
        "Café Quito Cía. Ltda.",
        "USD",
        Decimal("560"),
        Decimal("300"),
    )


def test_a_spanish_excel_export_through_a_mapping_file(sample):
    mapping = read_mapping_file(str(SAMPLES / "facturas_es_map.yaml"))
    table = sample("facturas_es_cp1252.csv")
    reading = read_records(table, mapping)
    assert (table.encoding, table.separator, reading.date_order) == ("cp1252", ";", DateOrder.DMY)
    assert reading.ok
    paid, open_, credit = reading.records
    assert (paid.client, paid.tax_id, paid.total, paid.subtotal) == (
        "Diseño Gráfico Martínez, S.L.",
        "B12345678",
        Decimal("1210.00"),
        Decimal("1000.00"),
    )
    assert (paid.paid_on, paid.paid_amount, paid.currency) == (dt.date(2026, 2, 20), Decimal("1210.00"), "EUR")
    assert open_.paid_amount is None
    assert (credit.is_credit_note, credit.total, credit.corrects) == (True, Decimal("-605.00"), "F-2026-002")


@pytest.mark.parametrize(
    ("file", "preset", "missing"),
    [
        ("toggl_detailed.csv", "clockify", "«Duration (decimal)»"),
        ("clockify_detailed.csv", "harvest", "«Date», «Hours», «Notes», «Last Name»"),
        (
            "xero_invoices.csv",
            "freshbooks",
            "«Invoice #», «Date Issued», «Invoice Status», «Line Total», «Client Name»",
        ),
    ],
)
def test_a_file_in_the_wrong_preset_names_the_columns_it_lacks(sample, file, preset, missing):
    with pytest.raises(CsvError) as refused:
        check_columns(PRESETS[preset], sample(file))
    (problem,) = refused.value.problems
    assert problem.code == "missing_columns"
    assert sorted(problem.params["columns"].split(", ")) == sorted(missing.split(", "))
