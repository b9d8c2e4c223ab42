"""Benchmark `despedida assess FILE` against merely parsing the file.

    python bench/assess_file.py                 # 1,000 and 10,000 clients
    python bench/assess_file.py 500 5000        # any sizes
    python bench/assess_file.py --small         # CI: 50 and 200 clients, quick
    python bench/assess_file.py --check         # exit 1 when a target is missed

For each size it writes a demo portfolio (`write_demo`, fixed seed) into a
temporary directory, then measures:

- the floor: `json.load` of the file with the standard library;
- `assess FILE --format json` end to end, in this process (the command's
  own code path: streaming read, both phases of the engine, JSON output
  to /dev/null), after Django is set up;
- the reader alone (every client parsed and checked, none assessed), to
  show how the time splits between reading and judging;
- all as CPU time of this process (best of `--repeat` runs), which other
  jobs on a shared machine disturb far less than wall time; the wall-time
  ratio is shown beside it;
- peak memory of the same command in a fresh process (`ru_maxrss` from
  wait4), and that peak minus the interpreter's baseline (the command on
  an empty portfolio), against the file's size.

Targets (issue 3): assess <= 3x json.load; 10x the clients <= 11x the time;
peak memory <= 4x the file size. The table is a report, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TIME_TARGET = 3.0
MEMORY_TARGET = 4.0
GROWTH_SLACK = 1.1  # 10x the clients may take 11x the time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="client counts (default: 1000 10000)")
    parser.add_argument("--small", action="store_true", help="CI size: 50 and 200 clients")
    parser.add_argument(
        "--repeat", type=int, default=None, help="timed runs per size, best kept (default 3, 1 above 5000 clients)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--keep", metavar="DIR", help="write the demo files here and keep them")
    options = parser.parse_args(argv)
    sizes = options.sizes or ([50, 200] if options.small else [1000, 10000])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "despedida.settings")
    os.environ.setdefault("DESPEDIDA_STATELESS", "true")
    import django

    django.setup()

    with contextlib.ExitStack() as stack:
        folder = Path(options.keep) if options.keep else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        folder.mkdir(parents=True, exist_ok=True)
        baseline = peak_rss(write_file(folder, 0, options.seed))
        rows = [measure(folder, size, options, baseline) for size in sizes]
    missed = print_table(rows, baseline)
    return 1 if options.check and missed else 0


def write_file(folder: Path, clients: int, seed: int) -> Path:
    from despedida.core.demo.generator import write_demo

    path = folder / f"demo-{clients}-{seed}.json"
    if not path.exists():
        with path.open("w", encoding="utf-8") as stream:
            write_demo(stream, clients, seed)
    return path


def measure(folder: Path, size: int, options, baseline: int) -> dict:
    path = write_file(folder, size, options.seed)
    repeat = options.repeat or (1 if size > 5000 else 3)
    # Round-robin, so that a busy moment on the machine hits all three alike.
    (floor, floor_wall), (read, _read_wall), (assess, assess_wall) = best_of(
        repeat, [lambda: json_load(path), lambda: read_only(path), lambda: assess_in_process(path)]
    )
    peak = peak_rss(path)
    return {
        "clients": size,
        "bytes": path.stat().st_size,
        "json_load": floor,
        "read": read,
        "assess": assess,
        "wall_ratio": assess_wall / floor_wall if floor_wall else float("inf"),
        "peak": peak,
        "above_baseline": max(0, peak - baseline),
    }


def json_load(path: Path) -> None:
    with path.open("rb") as stream:
        json.load(stream)


def read_only(path: Path) -> None:
    """The reader alone (parse and check every client, assess nothing): where the time goes."""
    from despedida.core.portfolio.reader import stream_portfolio

    _head, clients = stream_portfolio(path)
    for _client in clients:
        pass


def assess_in_process(path: Path) -> None:
    from despedida.assessment.management.commands.assess import Command

    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        Command().assess_file(str(path), None, None, "json")


def best_of(repeat: int, works: list) -> list[tuple[float, float]]:
    """For each work, the lowest CPU time and the lowest wall time over `repeat` rounds."""
    best = [(float("inf"), float("inf")) for _ in works]
    for _ in range(repeat):
        for index, work in enumerate(works):
            gc.collect()
            started, started_cpu = time.perf_counter(), time.process_time()
            work()
            cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started
            best[index] = (min(best[index][0], cpu), min(best[index][1], wall))
    return best


# Linux counts the parent's memory in a child's peak when the child is
# forked from it (the peak of the old address space is kept across exec),
# and this process holds parsed JSON. A small helper process runs the
# command and reports the peak of its own child instead.
_PEAK_HELPER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_pid, status, usage = os.wait4(child.pid, 0)
error = child.stderr.read().decode("utf-8", "replace")
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
sys.stderr.write(error)
"""


def peak_rss(path: Path) -> int:
    """Peak resident memory, in bytes, of `despedida assess FILE --format json` in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "despedida", "assess", str(path), "--format", "json"]
    done = subprocess.run([sys.executable, "-c", _PEAK_HELPER, *command], capture_output=True, text=True, env=env)
    status, kilobytes = done.stdout.split()
    if status != "0":
        raise SystemExit(f"assess failed on {path}: {done.stderr}")
    return int(kilobytes) * 1024  # ru_maxrss is in kilobytes on Linux


def print_table(rows: list[dict], baseline: int) -> bool:
    mb = 1024 * 1024
    header = (
        f"{'clients':>8} {'file MB':>8} {'json.load s':>11} {'read s':>7} {'assess s':>9} {'ratio':>6} {'wall':>6} "
        f"{'peak MB':>8} {'net MB':>7} {'net/file':>8}"
    )
    print(header)
    print("-" * len(header))
    missed = False
    for row in rows:
        ratio = row["assess"] / row["json_load"] if row["json_load"] else float("inf")
        memory = row["above_baseline"] / row["bytes"] if row["bytes"] else 0.0
        missed |= ratio > TIME_TARGET or memory > MEMORY_TARGET
        print(
            f"{row['clients']:>8} {row['bytes'] / mb:>8.1f} {row['json_load']:>11.2f} {row['read']:>7.2f} {row['assess']:>9.2f} "
            f"{ratio:>5.2f}x {row['wall_ratio']:>5.2f}x {row['peak'] / mb:>8.0f} {row['above_baseline'] / mb:>7.0f} {memory:>7.2f}x"
        )
    print(f"baseline (interpreter, Django, empty portfolio): {baseline / mb:.0f} MB peak")
    print("times are CPU seconds of this process, best run; 'wall' is the same ratio in wall time;")
    print("'read' is the reader alone (stream_portfolio, no assessment), included in 'assess'")
    print(f"targets: assess <= {TIME_TARGET:g}x json.load; net peak memory <= {MEMORY_TARGET:g}x file size")
    for small, large in zip(rows, rows[1:]):
        growth = large["assess"] / small["assess"]
        allowed = GROWTH_SLACK * large["clients"] / small["clients"]
        missed |= growth > allowed
        print(
            f"growth {small['clients']} -> {large['clients']} clients: {growth:.1f}x time "
            f"(target <= {allowed:.1f}x); json.load {large['json_load'] / small['json_load']:.1f}x"
        )
    return missed


if __name__ == "__main__":
    raise SystemExit(main())
