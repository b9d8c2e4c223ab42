"""Benchmark web saves made while a large CLI import runs, on SQLite.

A separate process saves events on a client's page through Django's test
client (the event, its assessment, the session: three write transactions)
again and again while `despedida import` loads a demo portfolio into the
same store, then loads it again (every client replaced). Prints, for each
import, how long it took, how many saves were made
during it, how many failed, and how long each save took (median, 95th
percentile, worst): a save's time is mostly its wait for the store.
Target: no save fails, and the worst stays under a second. Asserts nothing.
`--small` runs at 200 clients (CI).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSOLE_SCRIPT = str(Path(sys.executable).parent / "despedida")


def run(clients: int, folder: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update({"DESPEDIDA_DATA_DIR": str(folder / "data"), "ALLOWED_HOSTS": "testserver"})
    env.pop("SECRET_KEY", None)
    writer = [sys.executable, "-m", "tests.portability.web_saves"]
    subprocess.run([*writer, "prepare"], env=env, cwd=ROOT, check=True)
    portfolio = folder / "portfolio.json"
    subprocess.run(
        [
            CONSOLE_SCRIPT,
            "demo",
            "--clients",
            str(clients),
            "--seed",
            "11",
            "--as-of",
            "2026-11-22",
            "--out",
            str(portfolio),
        ],
        env=env,
        check=True,
    )
    marks, log = folder / "marks", folder / "saves.jsonl"
    marks.mkdir()
    saver = subprocess.Popen([*writer, "save", "--marks", str(marks), "--out", str(log)], env=env, cwd=ROOT)
    while not (marks / "ready").exists():
        time.sleep(0.05)
    time.sleep(1)  # a few saves before, for comparison
    windows = []
    for _ in range(2):  # into an empty workspace, then the same file again: every client replaced
        start = time.time()
        subprocess.run(
            [CONSOLE_SCRIPT, "import", str(portfolio), "--workspace", "estudio-alameda"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        windows.append((start, time.time()))
    time.sleep(1)
    (marks / "stop").touch()
    saver.wait(timeout=120)
    saves = [json.loads(line) for line in log.read_text().splitlines()]
    idle = [s["end"] - s["start"] for s in saves if s["end"] <= windows[0][0]]
    rows = []
    for label, (start, end) in zip(("new", "again"), windows):
        during = [s for s in saves if s["start"] < end and s["end"] > start]
        took = sorted(s["end"] - s["start"] for s in during) or [0.0]
        rows.append(
            {
                "clients": clients,
                "import": label,
                "import_s": end - start,
                "saves": len(during),
                "failed": sum(1 for s in during if "error" in s or s.get("status") != 302),
                "idle_median_s": statistics.median(idle) if idle else float("nan"),
                "median_s": statistics.median(took),
                "p95_s": took[int(0.95 * (len(took) - 1))],
                "max_s": took[-1],
                "errors": sorted({s["error"] for s in during if "error" in s}),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--sizes", default="")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] or ([200] if args.small else [5000])
    print("store: sqlite (a file in WAL mode, the production settings)")
    print(
        f"{'clients':>8} {'import':>7} {'import s':>9} {'saves':>6} {'failed':>7} {'idle save s':>12} "
        f"{'median s':>9} {'p95 s':>7} {'worst s':>8}"
    )
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            rows = run(size, Path(folder))
        for r in rows:
            print(
                f"{r['clients']:>8} {r['import']:>7} {r['import_s']:>9.1f} {r['saves']:>6} {r['failed']:>7} "
                f"{r['idle_median_s']:>12.3f} {r['median_s']:>9.3f} {r['p95_s']:>7.3f} {r['max_s']:>8.3f}"
            )
            for error in r["errors"]:
                print(f"  error: {error}")


if __name__ == "__main__":
    main()
