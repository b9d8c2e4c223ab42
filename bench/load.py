"""Load figures: 20 signed-in users on the dashboard and client pages of the real server.

Starts `despedida serve` on loopback over a fresh demo store (300 clients),
signs 20 users in through the login form, then each user (one thread,
one keep-alive connection, its own session) asks in a loop for the
dashboard or a random client's page for 30 seconds. The floor is the same
20 users asking for /healthz (a view that does nothing) from the same
server in the same run. Prints requests per second, p50/p95/p99 and
errors, on SQLite and on PostgreSQL (a database of its own at
$BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/despedida_bench_load;
skipped when no PostgreSQL answers). The load tool shares the machine's
cores with the server, as a self-hoster's would not; target p95 < 300 ms.

    .venv/bin/python bench/load.py [--small] [--seconds 30] [--users 20] [--clients 300] [--db sqlite,postgres]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This checkout's code, whichever checkout the virtualenv was installed from.
DESPEDIDA = [str(ROOT / ".venv" / "bin" / "python"), "-m", "despedida"]
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
PASSWORD = "load-bench-password-7"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/despedida_bench_load")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(env: dict, *args: str) -> str:
    done = subprocess.run([*DESPEDIDA, *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"despedida {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


SETUP = """
from django.contrib.auth import get_user_model
from despedida.accounts.models import Membership, Role, Workspace
from despedida.clients.models import Client
workspace = Workspace.objects.order_by("-pk").first()
User = get_user_model()
for n in range({users}):
    user = User.objects.create_user(f"load{{n}}", password={password!r})
    Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER if n == 0 else Role.MEMBER)
for key in Client.objects.filter(workspace=workspace).values_list("key", flat=True):
    print("KEY", key)
"""


def prepare(env: dict, clients: int, users: int) -> list[str]:
    run(env, "migrate", "--verbosity", "0")
    run(env, "demo", "--clients", str(clients), "--seed", "5", "--as-of", "2026-11-22")
    out = run(env, "shell", "-c", SETUP.format(users=users, password=PASSWORD))
    return [line[4:] for line in out.splitlines() if line.startswith("KEY ")]


class Session:
    """One user: a keep-alive connection and the cookies the server set."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def sign_in(self, username: str) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, _ = self.request(
            "POST",
            "/login/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{self.port}/login/"},
        )
        if status != 302:
            raise SystemExit(f"{username} could not sign in (HTTP {status})")
        status, _ = self.request("GET", "/")
        if status != 200:
            raise SystemExit(f"{username}: dashboard answered HTTP {status} after signing in")


def hammer(sessions: list[Session], paths, seconds: float) -> tuple[list[float], list[str], float]:
    """Every session asks for `paths()` in a loop for `seconds`; latencies and errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start_line = threading.Barrier(len(sessions) + 1)
    deadline = [0.0]

    def user(session: Session, rng: random.Random) -> None:
        mine, bad = [], []
        start_line.wait()
        while time.perf_counter() < deadline[0]:
            path = paths(rng)
            began = time.perf_counter()
            try:
                status, body = session.request("GET", path)
            except Exception as exc:  # noqa: BLE001 - counted and shown
                bad.append(f"{path}: {type(exc).__name__}")
                continue
            mine.append(time.perf_counter() - began)
            if status != 200:
                bad.append(f"{path}: HTTP {status}")
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=user, args=(s, random.Random(n))) for n, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start_line.wait()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - began


def warm(sessions: list[Session], paths: list[str]) -> None:
    """Ask for every page once, spread over the sessions (the caches fill as a day's browsing would)."""
    todo = list(paths)
    lock = threading.Lock()

    def user(session: Session) -> None:
        while True:
            with lock:
                if not todo:
                    return
                path = todo.pop()
            session.request("GET", path)

    threads = [threading.Thread(target=user, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


def measure(label: str, env: dict, args) -> list[tuple]:
    keys = prepare(env, args.clients, args.users)
    port = free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [*DESPEDIDA, "serve", "--no-migrate", "--port", str(port), *args.serve_args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        sessions = [Session(port) for _ in range(args.users)]
        for n, session in enumerate(sessions):
            session.sign_in(f"load{n}")
        quoted = [urllib.parse.quote(key, safe="") for key in keys]
        scenarios = [
            ("floor: /healthz", lambda rng: "/healthz"),
            ("dashboard", lambda rng: "/"),
            ("client pages", lambda rng: f"/c/{rng.choice(quoted)}/"),
            ("mixed (half each)", lambda rng: "/" if rng.random() < 0.5 else f"/c/{rng.choice(quoted)}/"),
        ]
        rows = []
        floor_rps = None
        for name, paths in scenarios:
            if name != scenarios[0][0]:
                warm(sessions, ["/"] + [f"/c/{key}/" for key in quoted])
            hammer(sessions, paths, min(2.0, args.seconds / 5))  # warm the connections
            latencies, errors, took = hammer(sessions, paths, args.seconds)
            rps = len(latencies) / took
            floor_rps = floor_rps or rps
            rows.append(
                (
                    label,
                    name,
                    len(latencies),
                    rps,
                    percentile(latencies, 0.5),
                    percentile(latencies, 0.95),
                    percentile(latencies, 0.99),
                    len(errors),
                    floor_rps / rps,
                    errors[:3],
                )
            )
        return rows
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
        if "Traceback" in text or "database is locked" in text:
            print(f"[{label}] server log:\n{text[-3000:]}")


def postgres_env(base: dict) -> dict | None:
    parts = urllib.parse.urlsplit(POSTGRES_URL)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL skipped: {exc}".strip())
        return None
    return {**base, "DATABASE_URL": POSTGRES_URL}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="a few seconds per scenario, 5 users, 60 clients")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--clients", type=int, default=None)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("serve_args", nargs="*", help="extra arguments for `despedida serve` (after --)")
    args = parser.parse_args()
    args.seconds = args.seconds or (3.0 if args.small else 30.0)
    args.users = args.users or (5 if args.small else 20)
    args.clients = args.clients or (60 if args.small else 300)
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DESPEDIDA_DATA_DIR"}}
    base.setdefault("SECRET_KEY", "bench-only-not-secret")
    base["DJANGO_SETTINGS_MODULE"] = "despedida.settings"
    rows = []
    for db in args.db.split(","):
        data_dir = tempfile.mkdtemp(prefix="despedida-load-")
        try:
            env = {**base, "DESPEDIDA_DATA_DIR": data_dir}
            if db == "postgres":
                env = postgres_env(env)
                if env is None:
                    continue
            rows += measure(db, env, args)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(
        f"{args.users} users, {args.clients} clients, {args.seconds:g} s per line, server and load tool on "
        f"{os.cpu_count()} cores; every page visited once before each line"
    )
    print(
        f"{'db':<9}{'pages':<19}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'errors':>7}{'x floor':>8}"
    )
    for db, name, count, rps, p50, p95, p99, errors, ratio, examples in rows:
        print(
            f"{db:<9}{name:<19}{count:>9}{rps:>8.1f}{p50 * 1000:>8.0f}{p95 * 1000:>8.0f}{p99 * 1000:>8.0f}"
            f"{errors:>7}{ratio:>8.1f}" + (f"  e.g. {examples}" if examples else "")
        )


if __name__ == "__main__":
    main()
