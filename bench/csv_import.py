"""Benchmark CSV imports: 100,000 invoice rows read and imported, against the standard library's floor.

Two floors, both with Python's standard library alone: "split", the file
decoded and split into rows by the `csv` module (no types, no checks); and
"typed", the same plus each date through `strptime` and each amount through
`Decimal`, written for this one file's known format (no detection, no
problems named, no symbols or codes, no grouping rules). Target (issue 13):
reading the rows into checked, typed invoices costs at most 5x the floor;
both ratios are printed. The whole import (client matching, the store, in
one transaction) is printed beside it. Prints a table; asserts nothing.
`--small` uses 5,000 rows (CI).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "despedida.settings")

import django  # noqa: E402

HEADER = "Nº factura;Fecha;Vencimiento;Cliente;NIF;Base imponible;IVA;Total;Cobrada el\r\n"
MAPPING = {
    "kind": "invoices",
    "columns": {
        "number": "Nº factura",
        "issued_on": "Fecha",
        "due_on": "Vencimiento",
        "client": "Cliente",
        "tax_id": "NIF",
        "subtotal": "Base imponible",
        "tax": "IVA",
        "total": "Total",
        "paid_on": "Cobrada el",
    },
}


def spanish_export(rows: int, clients: int = 200, seed: int = 13) -> bytes:
    """An invoicing export as a Spanish Excel saves it: Windows-1252, ';', decimal commas, day first."""
    rng = random.Random(seed)
    lines = [HEADER]
    for n in range(rows):
        client = n % clients
        day, month, year = 1 + n % 28, 1 + (n // 28) % 12, 2020 + (n // 336) % 6
        base = rng.randrange(10_000, 500_000) / 100
        tax = round(base * 0.21, 2)
        paid = f"{min(day + 20, 28):02d}/{month:02d}/{year}" if rng.random() < 0.8 else ""
        lines.append(
            f"F-{n:07d};{day:02d}/{month:02d}/{year};{min(day + 14, 28):02d}/{month:02d}/{year};"
            f"Cliente {client:03d} Diseño, S.L.;B{client:08d};{_es(base)} €;{_es(tax)} €;{_es(base + tax)} €;{paid}\r\n"
        )
    return "".join(lines).encode("cp1252")


def _es(amount: float) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return whole.replace(",", ".") + "," + cents


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def floor(data: bytes) -> int:
    """The standard library alone: decode and split into rows."""
    return sum(1 for _row in csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";"))


def typed_floor(data: bytes) -> int:
    """The standard library alone, typing what it reads, for this file's known format only."""
    rows = csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";")
    next(rows)
    strptime = dt.datetime.strptime
    count = 0
    for row in rows:
        for cell in row[5:8]:
            Decimal(cell.rstrip(" €").replace(".", "").replace(",", "."))
        for cell in (row[1], row[2], row[8]):
            if cell:
                strptime(cell, "%d/%m/%Y").date()
        count += 1
    return count


def read(data: bytes):
    from despedida.csv_import.mapping import parse_mapping
    from despedida.csv_import.reading import read_records
    from despedida.csv_import.source import read_table

    reading = read_records(read_table(data), parse_mapping(MAPPING))
    assert reading.ok, reading.problems[:3]
    return reading


def run(rows: int) -> dict:
    from despedida.accounts.models import Workspace
    from despedida.portability.csv_store import apply_import, plan_import

    data = spanish_export(rows)
    floor_s, counted = timed(lambda: floor(data))
    typed_s, _ = timed(lambda: typed_floor(data))
    read_s, reading = timed(lambda: read(data))
    workspace = Workspace.objects.create(
        name=f"Bench CSV {rows}", slug=f"bench-csv-{rows}-{time.time_ns()}", currency="EUR"
    )
    import_s, summary = timed(lambda: apply_import(workspace, plan_import(workspace, reading), file_name="bench.csv"))
    again_s, again = timed(lambda: apply_import(workspace, plan_import(workspace, read(data)), file_name="bench.csv"))
    assert counted == rows + 1 and summary.new_invoices == rows and again.unchanged_invoices == rows
    return {
        "rows": rows,
        "mb": len(data) / 1e6,
        "floor_s": floor_s,
        "typed_s": typed_s,
        "read_s": read_s,
        "import_s": import_s,
        "again_s": again_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--rows", type=int, default=0)
    args = parser.parse_args()
    rows = args.rows or (5_000 if args.small else 100_000)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    r = run(rows)
    print(f"store: {connection.vendor}")
    print(
        f"{'rows':>8} {'file MB':>8} {'split s':>8} {'typed s':>8} {'read s':>8} {'/split':>7} {'/typed':>7} "
        f"{'import s':>9} {'again s':>8}"
    )
    print(
        f"{r['rows']:>8} {r['mb']:>8.1f} {r['floor_s']:>8.3f} {r['typed_s']:>8.3f} {r['read_s']:>8.3f} "
        f"{r['read_s'] / r['floor_s']:>6.1f}x {r['read_s'] / r['typed_s']:>6.1f}x {r['import_s']:>9.2f} {r['again_s']:>8.2f}"
    )
    print(
        "split, typed: the two standard-library floors; read: bytes to checked, typed invoices (target: at most"
        " 5x the floor); import: read + match + store; again: the same file a second time (changes nothing)"
    )


if __name__ == "__main__":
    main()
