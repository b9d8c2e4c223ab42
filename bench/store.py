"""Benchmark the store: demo file, import, export, and assess-all against a SQL floor.

Prints a table; asserts nothing. `--small` runs at 200 clients (CI).
Targets (issues 2 and 3): 10,000 clients written in under a minute and
imported in under five; assess-all at most 3x one aggregate SQL query that
reads the same tables once; growth from 1,000 to 10,000 at most 11x.
The audit column is the time the import spends writing its audit entries
(issue 15), and its share of the rest of the import (target under 15%).
"""

from __future__ import annotations

import argparse
import io
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


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def run(clients: int, folder: Path) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from despedida.accounts.models import Workspace
    from despedida.assessment.stored import recompute_workspace
    from despedida.portability.importer import import_portfolio
    from despedida.core.demo.generator import write_demo
    from despedida.core.portfolio.reader import stream_portfolio

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
        tables = ["client", "contract", "project", "milestone", "invoice", "payment", "reminder",
                  "timeentry", "message", "event"]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"SELECT * FROM clients_{table} WHERE workspace_id = %s", [workspace.pk])
                cursor.fetchall()

    fetch_s, _ = timed(fetch_rows)
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
    }


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
        f"{'clients':>8} {'file MB':>8} {'write s':>8} {'import s':>9} {'export s':>9} {'assess-all s':>13} "
        f"{'SQL floor s':>12} {'ratio':>7} {'fetch-all s':>12} {'ratio':>7} {'audit s':>8} {'audit %':>8}"
    )
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            r = run(size, Path(folder))
            results.append(r)
            ratio = r["assess_all_s"] / r["floor_s"] if r["floor_s"] else float("nan")
            fetch_ratio = r["assess_all_s"] / r["fetch_s"] if r["fetch_s"] else float("nan")
            print(
                f"{r['clients']:>8} {r['file_mb']:>8.1f} {r['write_s']:>8.2f} {r['import_s']:>9.2f} "
                f"{r['export_s']:>9.2f} {r['assess_all_s']:>13.2f} {r['floor_s']:>12.3f} {ratio:>6.1f}x "
                f"{r['fetch_s']:>12.3f} {fetch_ratio:>6.1f}x {r['audit_s']:>8.2f} "
                f"{100 * r['audit_s'] / (r['import_s'] - r['audit_s']):>7.1f}%"
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
