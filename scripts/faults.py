"""Fault figures (`make faults`): the outbox, imports and mail syncs under faults and SIGKILL, and SQLite shared.

Four parts, each on a fresh data directory, each with the real commands
(`despedida worker`, `import`, `mail sync`, `serve`) in their own processes:

1. the outbox: messages queued, 2 workers sending through a loopback SMTP
   server that misbehaves at random (connection refused, dropped after
   DATA, 4xx, 5xx, no answer), the workers killed with SIGKILL at random
   moments and started again; the lease is a few seconds and runs out for
   real. Then the server heals and one worker drains the queue. Per message:
   delivered, duplicated, lost, "outcome unknown", refused;
2. imports killed mid-way: after each kill the workspace (as exported) is
   the one before the import or the one after it, never a mixture;
3. mail syncs killed mid-way against a throwaway Dovecot: no message stored
   twice, nothing stored that the mailbox does not hold, and a sync after
   the kills ends with exactly what one clean sync stores;
4. the web server, two workers and an import on one SQLite file at once,
   with signed-in users saving: no HTTP 500 and no "database is locked"
   in any log.

Prints a table; exits 1 when a target is missed. `--quick` runs smaller.

    .venv/bin/python scripts/faults.py [--quick] [--seed N]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This checkout's code, whichever checkout the virtualenv was installed from.
DESPEDIDA = [str(ROOT / ".venv" / "bin" / "python"), "-m", "despedida"]
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
sys.path.insert(0, str(ROOT))

LEASE_SECONDS = 4
EMAIL_TIMEOUT = 2
AS_OF = "2026-11-22"
PASSWORD = "faults-password-7"


# -- processes ----------------------------------------------------------------


def environment(data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DESPEDIDA_DATA_DIR"}}
    env.update(
        {
            "DESPEDIDA_DATA_DIR": str(data_dir),
            "SECRET_KEY": "faults-only-not-secret",
            "DJANGO_SETTINGS_MODULE": "despedida.settings",
            "DESPEDIDA_BACKUP_EVERY_HOURS": "0",
            "DESPEDIDA_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
            "DESPEDIDA_OUTBOX_FIRST_RETRY_SECONDS": "1",
            "DESPEDIDA_OUTBOX_LONGEST_RETRY_SECONDS": "4",
            "DESPEDIDA_MAIL_SYNC_LEASE_SECONDS": str(LEASE_SECONDS),
            "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def despedida(env: dict, *args: str, check: bool = True) -> str:
    done = subprocess.run([*DESPEDIDA, *args], env=env, capture_output=True, text=True)
    if check and done.returncode:
        raise SystemExit(f"despedida {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


def shell(env: dict, code: str) -> dict:
    """Run `code` in `despedida shell`; it prints one JSON line starting with RESULT."""
    out = despedida(env, "shell", "-c", code)
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


class Logged:
    """A `despedida` process whose output goes to a file we read at the end."""

    def __init__(self, env: dict, log_dir: Path, name: str, *args: str):
        self.log = log_dir / f"{name}-{time.time_ns()}.log"
        self.handle = self.log.open("wb")
        self.proc = subprocess.Popen(
            [*DESPEDIDA, *args], env=env, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.handle.close()

    def stop(self, timeout: float = 30) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc.wait()
        self.handle.close()

    def text(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


EVIDENCE: list[str] = []


def keep_evidence(part: str, *texts: str) -> None:
    """The first traceback of a part, printed after the table."""
    for text in texts:
        at = text.find("Traceback")
        if at >= 0:
            EVIDENCE.append(f"[{part}] " + "\n".join(text[max(0, at - 300) :].splitlines()[:40]))
            return


def locked_lines(*texts: str) -> list[str]:
    return [line for text in texts for line in text.splitlines() if "database is locked" in line]


# -- a misbehaving SMTP server ------------------------------------------------

FAULTS = {
    "ok": 25,
    "slow_ok": 15,  # accepted after 0.4 s: a wider window for a kill between acceptance and the record
    "421_at_mail": 8,  # 4xx: try later
    "451_after_data": 8,  # 4xx after the whole message
    "550_at_rcpt": 2,  # 5xx: refused for good
    "552_after_data": 2,  # 5xx after the whole message
    "drop_after_data_kept": 6,  # kept, connection closed before the reply
    "drop_after_data_lost": 6,  # not kept, connection closed before the reply
    "timeout_at_mail": 5,  # no answer to MAIL FROM
    "timeout_after_data": 5,  # kept, no answer after the message
}


class FaultyHandler:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.healthy = False
        self.received: collections.Counter = collections.Counter()
        self.faults_used: collections.Counter = collections.Counter()
        self.current: dict[int, str] = {}
        self.lock = threading.Lock()

    def _pick(self) -> str:
        if self.healthy:
            return "ok"
        names, weights = zip(*FAULTS.items())
        return self.rng.choices(names, weights)[0]

    def _keep(self, envelope) -> None:
        text = envelope.original_content.decode("utf-8", "replace")
        found = re.search(r"^Message-ID:\s*(\S+)", text, re.MULTILINE | re.IGNORECASE)
        with self.lock:
            self.received[found.group(1) if found else "?"] += 1

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self.lock:
            fault = self.current[id(session)] = self._pick()
            self.faults_used[fault] += 1
        if fault == "421_at_mail":
            return "421 4.3.2 Too busy, try again later"
        if fault == "timeout_at_mail":
            await asyncio.sleep(EMAIL_TIMEOUT + 1)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.current.get(id(session)) == "550_at_rcpt":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        fault = self.current.get(id(session), "ok")
        if fault == "451_after_data":
            return "451 4.3.0 Local problem, try later"
        if fault == "552_after_data":
            return "552 5.3.4 Message refused by policy"
        if fault == "drop_after_data_lost":
            server.transport.close()
            return "250 never seen"
        self._keep(envelope)
        if fault == "drop_after_data_kept":
            server.transport.close()
            return "250 never seen"
        if fault == "timeout_after_data":
            await asyncio.sleep(EMAIL_TIMEOUT + 1)
        if fault == "slow_ok":
            await asyncio.sleep(0.4)
        return "250 2.0.0 Queued"


class FaultySmtp:
    """aiosmtpd on loopback; `down()` closes the port (connection refused) until `up()`."""

    def __init__(self, rng: random.Random):
        from aiosmtpd.controller import Controller

        self.handler = FaultyHandler(rng)
        self.port = free_port()
        self.make = lambda: Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller = self.make()
        self.controller.start()
        self.running = True
        self.refusals = 0

    def down(self) -> None:
        self.controller.stop()
        self.running = False
        self.refusals += 1

    def up(self) -> None:
        for _ in range(50):
            try:
                self.controller = self.make()
                self.controller.start()
                self.running = True
                return
            except Exception:  # noqa: BLE001 - the port may linger a moment
                time.sleep(0.1)
        raise SystemExit("the SMTP server could not start again")

    def stop(self) -> None:
        if self.running:
            self.controller.stop()
            self.running = False


# -- 1. the outbox ---------------------------------------------------------------

OUTBOX_SETUP = """
import json
from despedida.accounts.models import Workspace
from despedida.clients.models import Client
from despedida.outbox.models import Security, SmtpAccount
from despedida.outbox.services import queue_message
ws = Workspace.objects.create(name="Estudio Norte", slug="norte", language="es")
clients = [Client.objects.create(workspace=ws, key=f"c{{n}}", name=f"Cliente {{n}}",
                                 contact_email=f"ana{{n}}@cliente.example") for n in range(6)]
account = SmtpAccount(workspace=ws, host="127.0.0.1", port={port}, security=Security.NONE,
                      from_address="hola@estudionorte.example", from_name="Estudio Norte")
account.set_password("")
account.save()
ids = [queue_message(ws, clients[n % 6], to=clients[n % 6].contact_email, subject=f"Carta {{n}}",
                     body="Hola.\\n", kind="checkin", language="es").message_id for n in range({count})]
print("RESULT " + json.dumps(ids))
"""

OUTBOX_STATE = """
import json
from despedida.outbox.models import OutboundMessage
from despedida.clients.models import Message
rows = [(m.message_id, m.status, m.failure, m.attempts) for m in OutboundMessage.objects.all()]
timeline = {}
for mid in Message.objects.exclude(message_id="").values_list("message_id", flat=True):
    timeline[mid] = timeline.get(mid, 0) + 1
print("RESULT " + json.dumps({"rows": rows, "timeline": timeline}))
"""


def outbox_part(work: Path, rng: random.Random, quick: bool) -> list[tuple]:
    count, chaos_seconds = (24, 20) if quick else (60, 60)
    data, logs = work / "outbox", work / "outbox-logs"
    logs.mkdir(parents=True)
    env = environment(data)
    despedida(env, "migrate", "--verbosity", "0")
    smtp = FaultySmtp(rng)
    shell(env, OUTBOX_SETUP.format(port=smtp.port, count=count))
    workers: list[Logged] = []
    finished: list[Logged] = []
    kills = 0

    def start_worker() -> Logged:
        return Logged(env, logs, "worker", "worker", "--interval", "0.3")

    def all_settled() -> bool:
        state = shell(env, OUTBOX_STATE)
        return all(status in {"sent", "failed"} for _mid, status, _f, _a in state["rows"])

    try:
        workers = [start_worker(), start_worker()]
        deadline = time.monotonic() + chaos_seconds
        next_outage = time.monotonic() + rng.uniform(3, 8)
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(1.0, 4.0))
            victim = rng.randrange(len(workers))
            workers[victim].kill()
            kills += 1
            finished.append(workers[victim])
            # Sometimes nobody comes back at once: the other worker must find the claim only after the lease.
            if rng.random() < 0.3:
                time.sleep(rng.uniform(0.5, 1.5))
            workers[victim] = start_worker()
            if time.monotonic() > next_outage:
                smtp.down()
                time.sleep(rng.uniform(0.5, 2.0))
                smtp.up()
                next_outage = time.monotonic() + rng.uniform(3, 8)
        # Heal: one worker, a well-behaved server, until every message is settled (leases run out for real).
        smtp.handler.healthy = True
        workers[1].kill()
        finished.append(workers.pop())
        drain_until = time.monotonic() + 4 * LEASE_SECONDS + 30
        while time.monotonic() < drain_until and not all_settled():
            time.sleep(1)
    finally:
        for worker in workers:
            worker.stop()
        finished += workers
        smtp.stop()
    state = shell(env, OUTBOX_STATE)
    received = smtp.handler.received
    stats = collections.Counter()
    for message_id, status, failure, _attempts in state["rows"]:
        got = received.get(message_id, 0)
        stats["queued"] += 1
        stats["delivered"] += got >= 1
        stats["duplicated"] += got > 1
        stats["recorded twice in the timeline"] += state["timeline"].get(message_id.strip("<>"), 0) > 1
        if status == "sent" and got == 0:
            stats["lost (shown sent, never received)"] += 1
        if status not in {"sent", "failed"}:
            stats["lost (still queued or in hand)"] += 1
        if status == "failed" and failure != "unknown_outcome" and got:
            stats["lost (shown failed, but delivered)"] += 1
        if status == "failed" and failure == "unknown_outcome":
            stats["outcome unknown (shown to the user)"] += 1
            stats["  of which the server had it"] += got >= 1
        if status == "failed" and failure != "unknown_outcome":
            stats[f"refused, shown as failed ({failure})"] += 1
    logs_text = "".join(w.text() for w in finished)
    expired = len(re.findall(r"claim by .* expired", logs_text))
    faults = ", ".join(f"{k} {v}" for k, v in sorted(smtp.handler.faults_used.items()) if k != "ok")
    rows = [
        ("outbox", "messages queued", stats["queued"], "", None),
        ("outbox", "workers killed (SIGKILL)", kills, "", None),
        ("outbox", "SMTP faults used", faults, "", None),
        ("outbox", "SMTP outages (connection refused)", smtp.refusals, "", None),
        ("outbox", "claims recovered after the lease ran out", expired, "> 0", expired > 0),
        ("outbox", "delivered", stats["delivered"], "", None),
        ("outbox", "duplicated", stats["duplicated"], "0", stats["duplicated"] == 0),
        (
            "outbox",
            "recorded twice in the timeline",
            stats["recorded twice in the timeline"],
            "0",
            stats["recorded twice in the timeline"] == 0,
        ),
    ]
    lost = sum(v for k, v in stats.items() if k.startswith("lost"))
    rows.append(("outbox", "lost", lost, "0", lost == 0))
    for key in sorted(stats):
        if key.startswith("lost ("):
            rows.append(("outbox", "  " + key, stats[key], "", None))
    for key in [
        "outcome unknown (shown to the user)",
        "  of which the server had it",
        *sorted(k for k in stats if k.startswith("refused")),
    ]:
        rows.append(("outbox", key, stats[key], "", None))
    locked = locked_lines(logs_text)
    rows.append(("outbox", '"database is locked" in worker logs', len(locked), "0", not locked))
    tracebacks = logs_text.count("Traceback")
    keep_evidence("outbox", logs_text)
    rows.append(("outbox", "tracebacks in worker logs", tracebacks, "", None))
    return rows


# -- 2. imports killed mid-way -------------------------------------------------


def export_of(env: dict, out: Path) -> str:
    despedida(env, "export", "--workspace", "norte", "--as-of", AS_OF, "--out", str(out))
    document = json.loads(out.read_text())
    return json.dumps(document, sort_keys=True)


IMPORT_SETUP = """
import json
from despedida.accounts.models import Workspace
Workspace.objects.create(name="Estudio Norte", slug="norte", language="es")
print("RESULT " + json.dumps(True))
"""


def import_part(work: Path, rng: random.Random, quick: bool) -> list[tuple]:
    clients, kills_wanted = (60, 3) if quick else (100, 5)
    data, files = work / "import", work / "import-files"
    files.mkdir(parents=True)
    env = environment(data)
    despedida(env, "migrate", "--verbosity", "0")
    shell(env, IMPORT_SETUP)
    first, second = files / "a.json", files / "b.json"
    despedida(env, "demo", "--clients", str(clients), "--seed", "3", "--as-of", AS_OF, "--out", str(first))
    despedida(env, "demo", "--clients", str(clients), "--seed", "4", "--as-of", AS_OF, "--out", str(second))
    started = time.monotonic()
    despedida(env, "import", str(first), "--workspace", "norte")
    took = time.monotonic() - started
    before = export_of(env, files / "before.json")
    seen, kills, finished_anyway = [], 0, 0
    for _ in range(kills_wanted):
        proc = subprocess.Popen(
            [*DESPEDIDA, "import", str(second), "--workspace", "norte"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        # The swap comes after the staging, then the assessment of the new records: aim on both sides.
        time.sleep(rng.uniform(0.05, 0.8) * took)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        else:
            finished_anyway += 1
        proc.wait()
        seen.append(export_of(env, files / "during.json"))
    despedida(env, "import", str(second), "--workspace", "norte")
    after = export_of(env, files / "after.json")
    despedida(env, "import", str(second), "--workspace", "norte")
    again = export_of(env, files / "again.json")
    old = sum(s == before for s in seen)
    new = sum(s == after for s in seen)
    half = len(seen) - old - new
    return [
        ("import", f"imports of {clients} clients killed (SIGKILL)", kills, "", None),
        ("import", "  finished before the kill", finished_anyway, "", None),
        ("import", "  store left as before the import", old, "", None),
        ("import", "  store left as after the import", new, "", None),
        ("import", "  store left half-imported", half, "0", half == 0),
        ("import", "the same file again changes nothing", "yes" if again == after else "no", "yes", again == after),
    ]


# -- 3. mail syncs killed mid-way -------------------------------------------------

MAIL_SETUP = """
import json
from despedida.accounts.models import Workspace
from despedida.clients.models import Client
from despedida.mailbox.models import Mailbox, Security
for slug in ("norte", "reference"):
    ws = Workspace.objects.create(name=slug, slug=slug, language="es")
    for n in range(30):
        Client.objects.create(workspace=ws, key=f"c{{n}}", name=f"Cliente {{n}}", contact_email=f"contacto@cliente{{n}}.example")
    box = Mailbox(workspace=ws, host={host!r}, port={port}, security=Security.NONE, username={user!r},
                  folders=["INBOX"], aliases="hola@estudionorte.example", snippets=True, months=18)
    box.set_password({password!r})
    box.save()
print("RESULT " + json.dumps(True))
"""

MAIL_STATE = """
import json
from collections import Counter
from despedida.clients.models import Message
out = {}
for slug in ("norte", "reference"):
    ids = list(Message.objects.filter(workspace__slug=slug).values_list("message_id", "client__key", "subject"))
    out[slug] = {"rows": sorted(map(list, ids)), "twice": sum(1 for n in Counter(i for i, _c, _s in ids).values() if n > 1)}
print("RESULT " + json.dumps(out))
"""


def seed_mailbox(server: dict, user: str, count: int) -> None:
    import datetime as dt
    from email.message import EmailMessage
    from email.utils import format_datetime

    from imapclient import IMAPClient

    now = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
    client = IMAPClient(server["host"], port=server["port"], ssl=False)
    client.login(user, server["password"])
    for first in range(0, count, 500):
        batch = []
        for n in range(first, min(count, first + 500)):
            at = now - dt.timedelta(minutes=37 * n)
            email = EmailMessage()
            email["From"] = (
                f"Cliente {n % 30} <contacto@cliente{n % 30}.example>"
                if n % 3 == 0
                else f"Persona {n} <persona{n}@otra.example>"
            )
            email["To"] = "hola@estudionorte.example"
            email["Subject"] = f"Asunto {n}"
            email["Date"] = format_datetime(at)
            email["Message-ID"] = f"<faults-{n}@otra.example>"
            email.set_content("Hola,\n\nun mensaje.\n")
            batch.append({"msg": bytes(email), "date": at})
        client.multiappend("INBOX", batch)
    client.logout()


def mail_part(work: Path, rng: random.Random, quick: bool) -> list[tuple]:
    count, kills_wanted = (1500, 3) if quick else (2000, 4)
    data, folder = work / "mail", work / "dovecot"
    env = environment(data)
    despedida(env, "migrate", "--verbosity", "0")
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure_dovecot.sh"), str(folder)], check=True, stdout=subprocess.DEVNULL
    )
    try:
        server = json.loads((folder / "server.json").read_text())
        user = f"faults{time.time_ns()}"
        seed_mailbox(server, user, count)
        shell(env, MAIL_SETUP.format(host=server["host"], port=server["port"], user=user, password=server["password"]))
        started = time.monotonic()
        despedida(env, "mail", "sync", "--workspace", "reference")
        took = time.monotonic() - started
        kills, twice, strangers, partial, finished_anyway = 0, 0, 0, 0, 0
        reference = None
        for _ in range(kills_wanted):
            proc = subprocess.Popen(
                [*DESPEDIDA, "mail", "sync", "--workspace", "norte"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            time.sleep(rng.uniform(0.1, 0.6) * took)  # later syncs have less left to read
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                kills += 1
            else:
                finished_anyway += 1
            proc.wait()
            state = shell(env, MAIL_STATE)
            reference = {tuple(r) for r in state["reference"]["rows"]}
            mine = {tuple(r) for r in state["norte"]["rows"]}
            twice += state["norte"]["twice"]
            strangers += len(mine - reference)
            partial += bool(mine) and mine != reference
            time.sleep(LEASE_SECONDS + 0.5)  # the killed sync's claim runs out for real
        despedida(env, "mail", "sync", "--workspace", "norte")
        state = shell(env, MAIL_STATE)
        final = {tuple(r) for r in state["norte"]["rows"]}
        reference = {tuple(r) for r in state["reference"]["rows"]}
        missing, extra = len(reference - final), len(final - reference) + state["norte"]["twice"]
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure_dovecot.sh"), "--stop", str(folder)], check=False)
    return [
        ("mail sync", f"syncs of {count} messages killed (SIGKILL)", kills, "", None),
        ("mail sync", "  finished before the kill", finished_anyway, "", None),
        ("mail sync", "  messages stored twice after a kill", twice, "0", twice == 0),
        ("mail sync", "  messages stored that one clean sync would not", strangers, "0", strangers == 0),
        ("mail sync", "  kills that left some batches stored (kept, read on)", partial, "", None),
        ("mail sync", "after the kills, one more sync: missing", missing, "0", missing == 0),
        ("mail sync", "after the kills, one more sync: extra or twice", extra, "0", extra == 0),
        ("mail sync", "messages stored by one clean sync", len(reference), "", None),
    ]


# -- 4. web server, two workers and an import on one SQLite file ------------------

SHARED_SETUP = """
import json
from django.contrib.auth import get_user_model
from despedida.accounts.models import Membership, Role, Workspace
from despedida.clients.models import Client
from despedida.outbox.models import Security, SmtpAccount
ws = Workspace.objects.get(slug="norte")
for n in range({users}):
    user = get_user_model().objects.create_user(f"user{{n}}", password={password!r})
    Membership.objects.create(workspace=ws, user=user, role=Role.OWNER if n == 0 else Role.MEMBER)
account = SmtpAccount(workspace=ws, host="127.0.0.1", port={port}, security=Security.NONE,
                      from_address="hola@estudionorte.example", from_name="Estudio Norte")
account.set_password("")
account.save()
print("RESULT " + json.dumps(list(Client.objects.filter(workspace=ws).values_list("key", flat=True)[:40])))
"""

QUEUE_MORE = """
import json, time
from despedida.accounts.models import Workspace
from despedida.clients.models import Client
from despedida.outbox.services import queue_message
ws = Workspace.objects.get(slug="norte")
from django.db import transaction
n = 0
deadline = time.monotonic() + {seconds}
while time.monotonic() < deadline:
    with transaction.atomic():  # the client read in the write: the import may replace it at any moment
        c = Client.objects.filter(workspace=ws).order_by("key")[n % 20]
        queue_message(ws, c, to="ana@cliente.example", subject=f"Aviso {{n}}", body="Hola.", kind="checkin",
                      language="es")
    n += 1
    time.sleep(0.2)
print("RESULT " + json.dumps(n))
"""


def shared_part(work: Path, rng: random.Random, quick: bool) -> list[tuple]:
    import http.client

    seconds, users = (15, 3) if quick else (40, 6)
    data, logs, files = work / "shared", work / "shared-logs", work / "shared-files"
    logs.mkdir(parents=True)
    files.mkdir()
    env = environment(data, LOG_LEVEL="INFO")
    despedida(env, "migrate", "--verbosity", "0")
    shell(env, IMPORT_SETUP)
    big = files / "big.json"
    despedida(env, "demo", "--clients", "150" if quick else "400", "--seed", "3", "--as-of", AS_OF, "--out", str(big))
    despedida(env, "import", str(big), "--workspace", "norte")
    smtp = FaultySmtp(rng)
    smtp.handler.healthy = True
    keys = shell(env, SHARED_SETUP.format(users=users, password=PASSWORD, port=smtp.port))
    port = free_port()
    server = Logged(env, logs, "serve", "serve", "--no-migrate", "--port", str(port))
    workers = [Logged(env, logs, "worker", "worker", "--interval", "0.2") for _ in range(2)]
    others: list[Logged] = []
    statuses: collections.Counter = collections.Counter()
    failures: list[str] = []
    lock = threading.Lock()
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        stop = time.monotonic() + seconds
        others.append(Logged(env, logs, "queue", "shell", "-c", QUEUE_MORE.format(seconds=seconds)))
        others.append(Logged(env, logs, "import", "import", str(big), "--workspace", "norte"))

        def user(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            cookies: dict[str, str] = {}
            local = random.Random(n)

            def call(method, path, body=None):
                headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
                if body is not None:
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
                    headers["Referer"] = f"http://127.0.0.1:{port}{path}"
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                page = response.read()
                for header, value in response.getheaders():
                    if header.lower() == "set-cookie":
                        name, _, rest = value.partition("=")
                        cookies[name.strip()] = rest.split(";", 1)[0]
                with lock:
                    statuses[response.status] += 1
                    if response.status >= 500:
                        failures.append(f"{method} {path}: {response.status}")
                return response.status, page

            def token(page: bytes) -> str:
                return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()

            _status, page = call("GET", "/login/")
            call(
                "POST",
                "/login/",
                urllib.parse.urlencode(
                    {"username": f"user{n}", "password": PASSWORD, "csrfmiddlewaretoken": token(page)}
                ),
            )
            while time.monotonic() < stop:
                key = urllib.parse.quote(local.choice(keys), safe="")
                status, page = call("GET", f"/c/{key}/")
                if status == 200:
                    body = urllib.parse.urlencode(
                        {
                            "csrfmiddlewaretoken": token(page),
                            "time-on": "2026-11-20",
                            "time-hours": "1.5",
                            "time-kind": "meeting",
                            "time-note": f"Reunión {n}",
                        }
                    )
                    call("POST", f"/c/{key}/log/time/", body)
                call("GET", "/")

        threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for other in others:
            other.proc.wait(timeout=600)
            other.handle.close()
    finally:
        for worker in workers:
            worker.stop()
        server.stop()
        smtp.stop()
    texts = [server.text(), *(w.text() for w in workers), *(o.text() for o in others)]
    locked = locked_lines(*texts)
    sent = len(smtp.handler.received)
    saves = statuses[302]
    errors = sum(v for k, v in statuses.items() if k >= 500)
    tracebacks = sum(t.count("Traceback") for t in texts)
    keep_evidence("SQLite shared", *texts)
    imported = others[1].proc.returncode == 0
    return [
        ("SQLite shared", f"{seconds} s: {users} users, 2 workers, an import, messages queued", "", "", None),
        ("SQLite shared", "pages served", sum(statuses.values()) - saves, "", None),
        ("SQLite shared", "saves (redirect after POST)", saves, "> 0", saves > 0),
        ("SQLite shared", "messages sent by the workers meanwhile", sent, "> 0", sent > 0),
        ("SQLite shared", "the import finished", "yes" if imported else "no", "yes", imported),
        ("SQLite shared", "HTTP 500", errors, "0", errors == 0),
        ("SQLite shared", '"database is locked" in any log', len(locked), "0", not locked),
        ("SQLite shared", "tracebacks in any log", tracebacks, "0", tracebacks == 0),
    ] + ([("SQLite shared", "  e.g.", "; ".join(failures[:3] + locked[:2]), "", None)] if failures or locked else [])


# -- main -------------------------------------------------------------------------

PARTS = {"outbox": outbox_part, "import": import_part, "mail": mail_part, "shared": shared_part}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller and shorter (a minute or two)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one, printed)")
    parser.add_argument("--only", default=",".join(PARTS), help="parts to run: " + ", ".join(PARTS))
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(10**6)
    work = Path(tempfile.mkdtemp(prefix="despedida-faults-"))
    rows: list[tuple] = []
    began = time.monotonic()
    try:
        for name in args.only.split(","):
            part_began = time.monotonic()
            print(f"== {name} ...", flush=True)
            rows += PARTS[name](work, random.Random(f"{seed}-{name}"), args.quick)
            print(f"   {time.monotonic() - part_began:.0f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nFault figures (seed {seed}, {time.monotonic() - began:.0f} s; lease {LEASE_SECONDS} s, "
        f"SMTP timeout {EMAIL_TIMEOUT} s)"
    )
    print(f"{'part':<14} {'figure':<52} {'value':>10} {'target':>7}  ")
    missed = 0
    for part, figure, value, target, ok in rows:
        mark = "" if ok is None else ("ok" if ok else "MISSED")
        missed += ok is False
        shown = str(value)
        if len(shown) > 10:
            print(f"{part:<14} {figure:<52}\n{'':<15}{shown}")
            continue
        print(f"{part:<14} {figure:<52} {shown:>10} {target:>7}  {mark}")
    for excerpt in EVIDENCE:
        print("\n" + excerpt)
    print(f"\n{missed} target(s) missed" if missed else "\nevery target met")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
