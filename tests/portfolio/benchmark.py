"""How fast and how big: reading a large portfolio file against plain json.load.

    .venv/bin/python -m tests.portfolio.benchmark --clients 10000 --file /tmp/big.json

Writes a synthetic file (once; about 200 rows per client) with the writer,
then measures CPU time, wall time and peak RSS, each in a fresh process:
`json.load`, `read_portfolio` (json.loads + load_document) and
`stream_portfolio` (iterating every client, keeping none). Not a test: it
takes minutes on the full size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from despedida.core.portfolio.model import (
    Business,
    Client,
    Contract,
    Direction,
    Event,
    EventType,
    FeedbackQuality,
    Invoice,
    Message,
    Milestone,
    Payment,
    Portfolio,
    Project,
    TimeEntry,
    TimeKind,
)

START = dt.date(2023, 1, 1)
MADRID = dt.timezone(dt.timedelta(hours=1))


def synthetic_clients(count: int, seed: int = 1) -> Iterator[Client]:
    """Clients of about 200 rows each: 6 milestones, 15 invoices, 100 time entries, 50 messages."""
    rng = random.Random(seed)

    def day() -> dt.date:
        return START + dt.timedelta(days=rng.randrange(1200))

    for number in range(count):
        projects = [
            Project(
                id=f"p{n}",
                name=f"Proyecto {n}",
                started_on=day(),
                fee=Decimal(rng.randrange(1000, 20000)),
                milestones=[Milestone(name=f"Fase {m}", due_on=day(), delivered_on=day()) for m in range(3)],
            )
            for n in range(2)
        ]
        invoices = [
            Invoice(
                id=f"F-{number}-{n}",
                amount=Decimal(rng.randrange(10000, 500000)).scaleb(-2),
                currency="EUR",
                issued_on=day(),
                due_on=day(),
                project=f"p{n % 2}",
                payments=[Payment(on=day(), amount=Decimal("100.00"))],
                reminders=[day()],
            )
            for n in range(15)
        ]
        yield Client(
            id=f"c{number}",
            name=f"Cliente Ñandú {number}",
            language="es",
            contract=Contract(signed_on=day(), scope_defined=True, notice_days=30),
            projects=projects,
            invoices=invoices,
            time=[
                TimeEntry(
                    on=day(),
                    hours=Decimal(rng.randrange(1, 17)) / 2,
                    kind=rng.choice(list(TimeKind)),
                    project=f"p{rng.randrange(2)}",
                )
                for _ in range(100)
            ],
            messages=[
                Message(
                    at=dt.datetime.combine(day(), dt.time(rng.randrange(8, 20), 5), MADRID),
                    direction=rng.choice(list(Direction)),
                    subject="Re: entrega",
                    needs_reply=rng.random() < 0.3,
                )
                for _ in range(50)
            ],
            events=[
                Event(
                    on=day(),
                    type=EventType.FEEDBACK,
                    project="p1",
                    quality=FeedbackQuality.VAGUE,
                    note="«No me convence»",
                )
                for _ in range(5)
            ],
        )


def write_synthetic(path: Path, clients: int) -> None:
    from despedida.core.portfolio.writer import write_portfolio

    head = Portfolio(business=Business(currency="EUR", name="Estudio Norte"), as_of=dt.date(2026, 11, 22))
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as stream:
        write_portfolio(head, stream, clients=synthetic_clients(clients))
    partial.rename(path)  # never leave a half-written file to measure


def run_one(kind: str, path: str) -> dict:
    """One measurement, in this process (called in a child)."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    if kind == "json.load":
        with open(path, "rb") as stream:
            json.load(stream)
        rows = None
    elif kind == "read_portfolio":
        from despedida.core.portfolio.reader import read_portfolio

        portfolio = read_portfolio(path)
        rows = sum(_rows(client) for client in portfolio.clients)
    else:
        from despedida.core.portfolio.reader import stream_portfolio

        _head, clients = stream_portfolio(path)
        rows = sum(_rows(client) for client in clients)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"kind": kind, "seconds": seconds, "cpu": cpu, "peak_bytes": peak, "rows": rows}


def _rows(client: Client) -> int:
    return (
        len(client.projects)
        + sum(len(p.milestones) for p in client.projects)
        + len(client.invoices)
        + sum(len(i.payments) + len(i.reminders) for i in client.invoices)
        + len(client.time)
        + len(client.messages)
        + len(client.events)
    )


def measure(kind: str, path: Path) -> dict:
    child = subprocess.run(
        [sys.executable, "-m", "tests.portfolio.benchmark", "--child", kind, "--file", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(child.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--file", type=Path, default=Path("/tmp/despedida-benchmark.json"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(run_one(options.child, str(options.file))))
        return
    if not options.file.exists():
        print(f"writing {options.clients} clients to {options.file}...", flush=True)
        started = time.perf_counter()
        write_synthetic(options.file, options.clients)
        print(f"  written in {time.perf_counter() - started:.1f} s", flush=True)
    size = options.file.stat().st_size
    print(f"file: {size / 1e6:.0f} MB")
    kinds = ("json.load", "read_portfolio", "stream_portfolio")
    results: dict[str, list[dict]] = {kind: [] for kind in kinds}
    for _ in range(options.repeat):  # interleaved, so a busy machine hurts all alike
        for kind in kinds:
            results[kind].append(measure(kind, options.file))
    # CPU time is what a busy machine disturbs least; wall time is shown beside it.
    baseline = statistics.median(r["cpu"] for r in results["json.load"])
    for kind in kinds:
        cpu = statistics.median(r["cpu"] for r in results[kind])
        wall = statistics.median(r["seconds"] for r in results[kind])
        peak = max(r["peak_bytes"] for r in results[kind])
        rows = results[kind][0]["rows"]
        print(
            f"{kind:17} CPU {cpu:6.2f} s  x{cpu / baseline:4.2f} json.load   wall {wall:6.2f} s"
            f"   peak RSS {peak / 1e6:6.0f} MB ({peak / size:4.2f}x file)" + (f"   {rows:,} rows" if rows else "")
        )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
