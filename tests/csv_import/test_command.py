"""`despedida import-csv`: all or nothing, idempotent, updates that say what changed."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from despedida.assessment.models import Assessment
from despedida.clients import models as db
from despedida.portability.models import CsvImport
from tests.conftest import SUITE_NOW

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    """The command's exit code, output and errors, in English (the product's default is Spanish)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with translation.override("en"):
            call_command("import-csv", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_info:
        code = exit_info.code
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def snapshot(workspace) -> tuple:
    """Everything an import can touch, to compare before and after."""
    return (
        sorted(db.Client.objects.in_workspace(workspace).values_list("key", "name", "tax_id")),
        sorted(
            db.Invoice.objects.in_workspace(workspace).values_list(
                "client__key", "number", "amount", "issued_on", "due_on"
            )
        ),
        sorted(db.Payment.objects.in_workspace(workspace).values_list("invoice__number", "on", "amount")),
        sorted(db.TimeEntry.objects.in_workspace(workspace).values_list("client__key", "on", "hours")),
        CsvImport.objects.in_workspace(workspace).count(),
    )


SPANISH = ["--kind", "invoices", "--map", str(SAMPLES / "facturas_es_map.yaml")]


def test_a_spanish_excel_export_lands_as_clients_invoices_payments_and_a_credit_note(norte):
    code, out, err = run(str(SAMPLES / "facturas_es_cp1252.csv"), *SPANISH)
    assert (code, err) == (0, "")
    clients = dict(db.Client.objects.in_workspace(norte).values_list("name", "tax_id"))
    assert clients == {"Diseño Gráfico Martínez, S.L.": "B12345678", "Panadería Núñez S.A.": "A87654321"}
    invoices = {i.number: i for i in db.Invoice.objects.in_workspace(norte)}
    assert set(invoices) == {"F-2026-001", "F-2026-002"}
    assert invoices["F-2026-001"].amount == Decimal("1210.00")
    assert invoices["F-2026-001"].extra["amount_before_tax"] == "1000.00"
    # The credit note corrects F-2026-002: what is due drops by its total.
    assert invoices["F-2026-002"].amount == Decimal("2420.00")
    assert invoices["F-2026-002"].extra["credit_notes"] == [
        {"id": "R-2026-001", "issued_on": "2026-02-10", "amount": "-605.00"}
    ]
    assert [(p.on, p.amount) for p in invoices["F-2026-001"].payments.all()] == [
        (dt.date(2026, 2, 20), Decimal("1210.00"))
    ]
    assert "New client: Diseño Gráfico Martínez, S.L." in out
    assert "Imported: 2 new invoices, 1 now paid, 1 credit note applied, 2 new clients." in out


def test_importing_the_same_file_twice_changes_nothing(norte):
    run(str(SAMPLES / "facturas_es_cp1252.csv"), *SPANISH)
    before = snapshot(norte)
    code, out, _err = run(str(SAMPLES / "facturas_es_cp1252.csv"), *SPANISH)
    assert code == 0
    assert snapshot(norte) == before
    assert "Nothing new: everything in the file was already here." in out


def test_a_later_export_adds_what_is_new_and_says_what_got_paid(norte, tmp_path):
    header = "Number,Client,Date,Due,Total,Paid on\n"
    first = "A-1,Acme Retail SL,2026-01-10,2026-02-09,100.00,\nA-2,Acme Retail SL,2026-01-20,2026-02-19,200.00,\n"
    mapping = write(
        tmp_path,
        "map.yaml",
        (
            "kind: invoices\ncolumns:\n  number: Number\n  client: Client\n  issued_on: Date\n"
            "  due_on: Due\n  total: Total\n  paid_on: Paid on\n"
        ),
    )
    run(write(tmp_path, "january.csv", header + first), "--kind", "invoices", "--map", mapping)
    later = (
        "A-1,Acme Retail SL,2026-01-10,2026-02-09,100.00,2026-02-15\n"
        "A-2,Acme Retail SL,2026-01-20,2026-02-19,200.00,2026-03-01\n"
        "A-3,Acme Retail SL,2026-02-10,2026-03-12,300.00,\n"
    )
    code, out, _err = run(write(tmp_path, "march.csv", header + later), "--kind", "invoices", "--map", mapping)
    assert code == 0
    assert "Imported: 1 new invoice, 2 invoices updated, 2 now paid." in out
    paid = sorted(db.Payment.objects.in_workspace(norte).values_list("invoice__number", "on", "amount"))
    assert paid == [("A-1", dt.date(2026, 2, 15), Decimal("100.00")), ("A-2", dt.date(2026, 3, 1), Decimal("200.00"))]
    latest = CsvImport.objects.in_workspace(norte).first()
    assert (latest.summary["new_invoices"], latest.summary["now_paid"]) == (1, 2)


def test_a_payment_typed_by_hand_survives_a_reimport(norte, tmp_path):
    text = "Number,Client,Date,Total\nA-1,Acme,2026-01-10,100.00\n"
    path = write(tmp_path, "inv.csv", text)
    mapping = write(
        tmp_path,
        "map.yaml",
        "kind: invoices\ncolumns: {number: Number, client: Client, issued_on: Date, total: Total}\n",
    )
    run(path, "--kind", "invoices", "--map", mapping)
    invoice = db.Invoice.objects.in_workspace(norte).get()
    db.Payment.objects.create(
        workspace=norte, client=invoice.client, invoice=invoice, on=dt.date(2026, 2, 1), amount=Decimal(40)
    )
    run(path, "--kind", "invoices", "--map", mapping)
    assert list(invoice.payments.values_list("amount", flat=True)) == [Decimal("40.00")]


def test_a_close_name_stops_the_import_until_accepted_and_is_remembered(norte, tmp_path):
    db.Client.objects.create(workspace=norte, key="acme", name="Acme Retail SL")
    time_map = write(tmp_path, "time.yaml", "kind: time\ncolumns: {on: Date, hours: Hours, client: Client}\n")
    path = write(tmp_path, "hours.csv", "Date,Hours,Client\n2026-03-02,2,Acme Retial\n")
    code, _out, err = run(path, "--kind", "time", "--map", time_map)
    assert code == 2
    assert "«Acme Retial» looks like the client «Acme Retail SL»" in err and "--accept-matches" in err
    assert db.TimeEntry.objects.in_workspace(norte).count() == 0
    code, _out, _err = run(path, "--kind", "time", "--map", time_map, "--accept-matches")
    assert code == 0
    assert list(db.TimeEntry.objects.in_workspace(norte).values_list("client__key", flat=True)) == ["acme"]
    again = write(tmp_path, "more.csv", "Date,Hours,Client\n2026-03-03,1,ACME RETIAL, S.L.\n")
    code, _out, err = run(again, "--kind", "time", "--map", time_map)
    assert (code, err) == (0, "")
    assert db.TimeEntry.objects.in_workspace(norte).filter(client__key="acme").count() == 2


def test_a_tax_id_matches_whatever_the_name_and_a_name_match_learns_the_tax_id(norte, tmp_path):
    db.Client.objects.create(workspace=norte, key="nunez", name="Obrador Núñez", tax_id="ESA87654321")
    db.Client.objects.create(workspace=norte, key="diseno", name="Diseño Gráfico Martínez")
    code, out, _err = run(str(SAMPLES / "facturas_es_cp1252.csv"), *SPANISH)
    assert code == 0 and "New client" not in out
    assert dict(db.Invoice.objects.in_workspace(norte).values_list("number", "client__key")) == {
        "F-2026-001": "diseno",
        "F-2026-002": "nunez",
    }
    assert db.Client.objects.get(key="diseno").tax_id == "B12345678"


def test_a_dry_run_says_what_would_change_and_writes_nothing(norte):
    before = snapshot(norte)
    code, out, _err = run(str(SAMPLES / "facturas_es_cp1252.csv"), *SPANISH, "--dry-run")
    assert code == 0
    assert (
        "Would import: 2 new invoices, 1 now paid, 1 credit note applied, 2 new clients (dry run, nothing written)."
        in out
    )
    assert snapshot(norte) == before


def test_ambiguous_dates_stop_the_command_until_the_order_is_given(norte, tmp_path):
    mapping = write(tmp_path, "map.yaml", "kind: invoices\ncolumns: {number: N, client: C, issued_on: D, total: T}\n")
    path = write(tmp_path, "inv.csv", "N,C,D,T\nA-1,Acme,03/04/2026,10\n")
    code, _out, err = run(path, "--kind", "invoices", "--map", mapping)
    assert code == 2 and "--date-order" in err
    assert db.Invoice.objects.in_workspace(norte).count() == 0
    code, _out, _err = run(path, "--kind", "invoices", "--map", mapping, "--date-order", "mdy")
    assert code == 0
    assert db.Invoice.objects.in_workspace(norte).get().issued_on == dt.date(2026, 3, 4)


def test_a_file_with_bad_rows_is_refused_whole_one_line_per_problem(norte, tmp_path):
    mapping = write(tmp_path, "map.yaml", "kind: invoices\ncolumns: {number: N, client: C, issued_on: D, total: T}\n")
    path = write(
        tmp_path, "inv.csv", "N,C,D,T\nA-1,Acme,2026-03-04,10\nA-2,Acme,2026-02-30,10\nA-3,Acme,2026-03-05,diez\n"
    )
    code, out, err = run(path, "--kind", "invoices", "--map", mapping)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{path}: row 3, column «D»: «2026-02-30» is not a date",
        f"{path}: row 4, column «T»: «diez» is not an amount",
    ]
    assert snapshot(norte)[:4] == ([], [], [], [])


def test_the_wrong_preset_is_refused_naming_the_missing_columns(norte):
    path = str(SAMPLES / "toggl_detailed.csv")
    code, _out, err = run(path, "--kind", "time", "--preset", "harvest")
    assert code == 2
    assert "the file lacks the columns" in err and "«Hours»" in err and "«Last Name»" in err


def test_a_header_no_preset_knows_asks_for_one(norte, tmp_path):
    code, _out, err = run(write(tmp_path, "x.csv", "Foo,Bar\n1,2\n"), "--kind", "time")
    assert code == 2 and "--preset" in err and "--map" in err


def test_a_payments_export_adds_dated_payments_once_and_replaces_an_assumed_date(norte):
    run(str(SAMPLES / "xero_invoices.csv"), "--kind", "invoices")
    invoice = db.Invoice.objects.in_workspace(norte).get(number="INV-0041")
    assert [p.extra.get("date_assumed") for p in invoice.payments.all()] == [True]
    payments = SAMPLES.parent / "samples" / "payments.csv"
    text = "Invoice,Date,Amount\nINV-0041,2026-03-01,1440.00\nINV-0042,2026-03-20,600.00\n"
    mapping = "kind: payments\ncolumns: {invoice: Invoice, paid_on: Date, amount: Amount}\n"
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        csv_path, map_path = os.path.join(folder, "p.csv"), os.path.join(folder, "p.yaml")
        open(csv_path, "w").write(text)
        open(map_path, "w").write(mapping)
        code, out, _err = run(csv_path, "--kind", "payments", "--map", map_path)
        assert code == 0 and "2 new payments" in out and "1 now paid" in out
        code, out, _err = run(csv_path, "--kind", "payments", "--map", map_path)
        assert "Nothing new" in out
    assert [(p.on, p.amount) for p in invoice.payments.all()] == [(dt.date(2026, 3, 1), Decimal("1440.00"))]
    assert not payments.exists()


def test_a_payment_for_an_unknown_invoice_refuses_the_file(norte, tmp_path):
    mapping = write(tmp_path, "p.yaml", "kind: payments\ncolumns: {invoice: Invoice, paid_on: Date, amount: Amount}\n")
    code, _out, err = run(
        write(tmp_path, "p.csv", "Invoice,Date,Amount\nX-9,2026-03-01,10\n"), "--kind", "payments", "--map", mapping
    )
    assert code == 2 and "row 2: no invoice numbered X-9" in err
    assert db.Payment.objects.in_workspace(norte).count() == 0


def test_hours_and_invoices_change_the_clients_assessment(norte, tmp_path):
    today = SUITE_NOW.date()
    day = (today - dt.timedelta(days=20)).isoformat()
    hours = write(
        tmp_path,
        "toggl.csv",
        (
            "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n"
            f"Ana,ana@x.example,Acme Retail SL,Web,,Diseño,Yes,{day},09:00:00,{day},19:00:00,10:00:00,,\n"
        ),
    )
    invoices = write(tmp_path, "inv.csv", f"N,C,D,T\nA-1,Acme Retail SL,{day},500.00\n")
    mapping = write(tmp_path, "map.yaml", "kind: invoices\ncolumns: {number: N, client: C, issued_on: D, total: T}\n")
    assert run(invoices, "--kind", "invoices", "--map", mapping)[0] == 0
    assert run(hours, "--kind", "time")[0] == 0
    assessment = Assessment.objects.get(client__key="acme-retail-sl")
    assert assessment.revenue_12m == Decimal("500.00")
    assert assessment.effective_hourly_rate == Decimal("50.00")


def test_the_command_speaks_spanish_by_default(norte, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import-csv",
            str(SAMPLES / "toggl_detailed.csv"),
            "--kind",
            "time",
            "--preset",
            "harvest",
            stdout=out,
            stderr=err,
        )
    assert "al archivo le faltan las columnas" in err.getvalue()
