"""Benchmark the store: demo file, import, export, and assess-all, each against a floor measured in the same run.

Prints a table; asserts nothing. `--small` runs at 200 clients (CI).
Targets (issues 2 and 3): 10,000 clients written in under a minute and
imported in under five; assess-all at most 3x one aggregate SQL query that
reads the same tables once; growth from 1,000 to 10,000 at most 11x.
The audit column is the time the import spends writing its audit entries
(issue 15), and its share of the rest of the import (target under 15%).

Floors (issue 10, each target within 3x):
- fetch-all: every row of the record fetched once as plain tuples
  (`cursor.execute` + `fetchall`, one query per table) — for assess-all;
- fetch + json: that fetch plus encoding the same document with the standard
  library (`json.dumps(..., indent=2, ensure_ascii=False)`, the export's very
  text), client by client — for export; the compact (C) encoding is printed too;
- executemany: the same rows inserted again with plain `executemany`, one
  statement per table, in one transaction — for import.
The machine running it may be shared: compare the ratios, not the seconds.
On SQLite, whose work is done inside this process, the ratios are printed
a second time in process time, which a loaded machine disturbs far less
than wall-clock time (PostgreSQL works in its own processes: not there).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "despedida.settings")

import django  # noqa: E402

FLOOR_SQL = """
SELECT c.id,
  (SELECT COUNT(*) FROM clients_invoice i WHERE i.client_id = c.id),
  (SELECT COALESCE(SUM(p.amount), 0) FROM clients_payment p WHERE p.client_id = c.id),
  (SELECT COUNT(*) FROM clients_reminder r WHERE r.client_id = c.id),
  (SELECT COALESCE(SUM(t.hours), 0) FROM clients_timeentry t WHERE t.client_id = c.id),
  (SELECT MAX(m.at) FROM clients_message m WHERE m.client_id = c.id),
  (SELECT COUNT(*) FROM clients_event e WHERE e.client_id = c.id),
  (SELECT COUNT(*) FROM clients_milestone ms WHERE ms.client_id = c.id)
FROM clients_client c WHERE c.workspace_id = %s
"""


class Spent(float):
    """Seconds of wall-clock time, with the process time of the same span as `cpu`."""

    cpu: float

    def __new__(cls, wall: float, cpu: float):
        spent = super().__new__(cls, wall)
        spent.cpu = cpu
        return spent

    def __add__(self, other):
        return Spent(float(self) + float(other), self.cpu + getattr(other, "cpu", 0.0))


def timed(func):
    start, start_cpu = time.perf_counter(), time.process_time()
    result = func()
    return Spent(time.perf_counter() - start, time.process_time() - start_cpu), result


def run(clients: int, folder: Path) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from despedida.accounts.models import Workspace
    from despedida.assessment.stored import recompute_workspace
    from despedida.core.demo.generator import write_demo
    from despedida.core.portfolio.reader import stream_portfolio
    from despedida.portability.importer import import_portfolio

    path = folder / f"demo-{clients}.json"

    def write():
        with path.open("w", encoding="utf-8") as handle:
            write_demo(handle, clients, 11)

    write_s, _ = timed(write)
    workspace = Workspace.objects.create(name=f"Bench {clients}", slug=f"bench-{clients}-{time.time_ns()}")

    import despedida.portability.importer as importer

    audit_spent = [0.0]
    record_import = importer.record_import

    def timed_record_import(*args, **kwargs):
        spent, written = timed(lambda: record_import(*args, **kwargs))
        audit_spent[0] += spent
        return written

    def do_import():
        header, rows = stream_portfolio(path)
        return import_portfolio(header, rows, workspace=workspace)

    importer.record_import = timed_record_import
    try:
        import_s, _ = timed(do_import)
    finally:
        importer.record_import = record_import
    export_s, _ = timed(lambda: call_command("export", workspace=workspace.slug, stdout=io.StringIO()))
    assess_s, _ = timed(lambda: recompute_workspace(workspace))

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [workspace.pk])
            return cursor.fetchall()

    floor_s, _ = timed(floor)

    def fetch_rows():
        # A second, fairer floor for a Python engine: every row of the record
        # fetched once as plain tuples, with no judgement at all.
        tables = [
            "client",
            "contract",
            "project",
            "milestone",
            "invoice",
            "payment",
            "reminder",
            "timeentry",
            "message",
            "event",
        ]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"SELECT * FROM clients_{table} WHERE workspace_id = %s", [workspace.pk])
                cursor.fetchall()

    fetch_s, _ = timed(fetch_rows)
    encode_s, compact_s = encode_floor(workspace)
    insert_s = insert_floor(workspace)
    return {
        "clients": clients,
        "file_mb": path.stat().st_size / 1e6,
        "write_s": write_s,
        "import_s": import_s,
        "audit_s": audit_spent[0],
        "export_s": export_s,
        "assess_all_s": assess_s,
        "floor_s": floor_s,
        "fetch_s": fetch_s,
        "encode_s": encode_s,
        "compact_s": compact_s,
        "insert_s": insert_s,
    }


def encode_floor(workspace) -> tuple[float, float]:
    """Seconds the standard library takes to encode the export's document, indented as the file is
    (the same text) and compact; the document is built beforehand, untimed, a client at a time."""
    from despedida.clients.record import iter_clients
    from despedida.core.portfolio.writer import dump_client

    indented = compact = Spent(0.0, 0.0)
    for client in iter_clients(workspace):
        document = dump_client(client)
        spent, _ = timed(lambda d=document: json.dumps(d, ensure_ascii=False, indent=2, default=str))
        indented += spent
        spent, _ = timed(lambda d=document: json.dumps(d, ensure_ascii=False, default=str))
        compact += spent
    return indented, compact


# The record's tables in the order their rows can be inserted, with the tables their references point to.
RECORD = [
    ("client", {}),
    ("contract", {"client_id": "client"}),
    ("project", {"client_id": "client"}),
    ("milestone", {"client_id": "client", "project_id": "project"}),
    ("invoice", {"client_id": "client", "project_id": "project"}),
    ("payment", {"client_id": "client", "invoice_id": "invoice"}),
    ("reminder", {"client_id": "client", "invoice_id": "invoice"}),
    ("timeentry", {"client_id": "client", "project_id": "project"}),
    ("message", {"client_id": "client"}),
    ("event", {"client_id": "client", "project_id": "project"}),
]


def insert_floor(workspace) -> float:
    """Seconds to insert every row of the workspace's record again with plain `executemany`, one
    statement per table, in one transaction, under a new workspace (ids moved past each table's
    largest). The rows are read and made ready beforehand, untimed; they are removed afterwards."""
    from django.apps import apps
    from django.db import connection, transaction

    from despedida.accounts.models import Workspace

    floor_ws = Workspace.objects.create(name="Floor", slug=f"floor-{time.time_ns()}")
    shift, prepared = {}, []
    with connection.cursor() as cursor:
        for table, refs in RECORD:
            model = apps.get_model("clients", table)
            columns = [f.column for f in model._meta.concrete_fields]
            cursor.execute(f"SELECT MAX(id) FROM clients_{table}")
            shift[table] = (cursor.fetchone()[0] or 0) + 1
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {names} FROM clients_{table} WHERE workspace_id = %s", [workspace.pk])
            moved = {"id": shift[table], **{column: shift[target] for column, target in refs.items()}}
            at = [(i, moved.get(c)) for i, c in enumerate(columns)]
            rows = []
            for row in cursor.fetchall():
                row = list(row)
                for i, offset in at:
                    if offset is not None and row[i] is not None:
                        row[i] += offset
                    elif columns[i] == "workspace_id":
                        row[i] = floor_ws.pk
                rows.append(row)
            json_columns = {f.column for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"}
            marks = ", ".join(
                "%s::jsonb" if c in json_columns and connection.vendor == "postgresql" else "%s" for c in columns
            )
            prepared.append((f"INSERT INTO clients_{table} ({names}) VALUES ({marks})", rows))

    def insert():
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, rows in prepared:
                cursor.executemany(sql, rows)

    spent, _ = timed(insert)
    with transaction.atomic(), connection.cursor() as cursor:
        for table, _refs in reversed(RECORD):
            cursor.execute(f"DELETE FROM clients_{table} WHERE workspace_id = %s", [floor_ws.pk])
        floor_ws.delete()
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--sizes", default="")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] or ([200] if args.small else [1000, 10000])
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    print(f"store: {connection.vendor}")
    print(
        f"{'clients':>8} {'file MB':>8} {'write s':>8} {'SQL floor s':>12} {'fetch-all s':>12} "
        f"{'+json s':>8} {'(compact)':>9} {'executemany s':>14} {'audit s':>8} {'audit %':>8}"
    )
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            r = run(size, Path(folder))
            results.append(r)
            print(
                f"{r['clients']:>8} {r['file_mb']:>8.1f} {r['write_s']:>8.2f} {r['floor_s']:>12.3f} "
                f"{r['fetch_s']:>12.3f} {r['encode_s']:>8.2f} {r['compact_s']:>9.2f} {r['insert_s']:>14.2f} "
                f"{r['audit_s']:>8.2f} {100 * r['audit_s'] / (r['import_s'] - r['audit_s']):>7.1f}%"
            )
            export_floor = r["fetch_s"] + r["encode_s"]
            print(
                f"{'':>8} assess-all {r['assess_all_s']:.2f} s = {r['assess_all_s'] / r['floor_s']:.1f}x SQL floor, "
                f"{r['assess_all_s'] / r['fetch_s']:.2f}x fetch-all (target 3x)\n"
                f"{'':>8} export {r['export_s']:.2f} s = {r['export_s'] / export_floor:.2f}x fetch-all + json "
                f"(target 3x; {r['export_s'] / (r['fetch_s'] + r['compact_s']):.2f}x with compact json)\n"
                f"{'':>8} import {r['import_s']:.2f} s = {r['import_s'] / r['insert_s']:.2f}x executemany (target 3x)"
            )
            if connection.vendor == "sqlite":
                cpu = {key: value.cpu for key, value in r.items() if isinstance(value, Spent)}
                print(
                    f"{'':>8} in process time: assess-all {cpu['assess_all_s']:.2f} s = "
                    f"{cpu['assess_all_s'] / cpu['fetch_s']:.2f}x fetch-all; export {cpu['export_s']:.2f} s = "
                    f"{cpu['export_s'] / (cpu['fetch_s'] + cpu['encode_s']):.2f}x fetch-all + json "
                    f"({cpu['export_s'] / (cpu['fetch_s'] + cpu['compact_s']):.2f}x compact); "
                    f"import {cpu['import_s']:.2f} s = {cpu['import_s'] / cpu['insert_s']:.2f}x executemany"
                )
    if len(results) >= 2:
        first, last = results[0], results[-1]
        print(
            f"growth {first['clients']} -> {last['clients']}: import {last['import_s'] / first['import_s']:.1f}x, "
            f"assess-all {last['assess_all_s'] / first['assess_all_s']:.1f}x (linear would be "
            f"{last['clients'] / first['clients']:.0f}x)"
        )


if __name__ == "__main__":
    main()
