"""Benchmark the dashboard: median and 95th-percentile latency against a trivial view.

Both are served by the same process (Django's test client, in-process), so
the floor is the cost of the request cycle itself. Target: median at most
5x the floor with a 10,000-client workspace. `--small` uses 200 clients.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "despedida.settings")

import django  # noqa: E402

REQUESTS = 40


def latencies(client, url: str, count: int) -> list[float]:
    client.get(url, HTTP_HOST="127.0.0.1")  # warm up
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--clients", type=int, default=0)
    args = parser.parse_args()
    clients = args.clients or (200 if args.small else 10000)
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from despedida.accounts.models import Membership, Role, Workspace

    call_command("migrate", interactive=False, verbosity=0)
    with tempfile.TemporaryDirectory():
        started = time.perf_counter()
        call_command("demo", clients=clients, seed=5, stdout=io.StringIO())
        load_s = time.perf_counter() - started
    workspace = Workspace.objects.order_by("-pk").first()
    user = get_user_model().objects.create_user(f"bench-{time.time_ns()}", password="x")
    Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER)
    client = Client()
    client.force_login(user)
    floor = latencies(client, "/healthz", REQUESTS)
    rows = [
        ("trivial view (floor)", floor),
        ("dashboard, first page", latencies(client, "/", REQUESTS)),
        ("dashboard, page 50", latencies(client, "/?page=50", REQUESTS)),
        ("dashboard, filtered", latencies(client, "/?recommendation=exit&signal=late_payment", REQUESTS)),
    ]
    print(f"{clients} clients loaded and assessed in {load_s:.1f} s")
    base = statistics.median(floor)
    print(f"{'view':<24} {'median ms':>10} {'p95 ms':>8} {'x floor':>8}")
    for name, samples in rows:
        median = statistics.median(samples)
        print(f"{name:<24} {median * 1000:>10.1f} {p95(samples) * 1000:>8.1f} {median / base:>8.1f}")


if __name__ == "__main__":
    main()
