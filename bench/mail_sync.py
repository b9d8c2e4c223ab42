"""Benchmark mail in: a first sync of a big mailbox from a local Dovecot, headers only, against the floor.

The floor is what the IMAP library alone costs to fetch the same headers
(IMAPClient: log in, EXAMINE, UID SEARCH SINCE, FETCH BODY.PEEK[HEADER] and
INTERNALDATE in batches of the same size), with no parsing and no database.
Then the second, incremental sync of the unchanged mailbox. Prints a table;
asserts nothing. Targets (issue 12): the first sync at most 2x the floor,
the second under 2 s. `--small` runs at 500 messages (CI).

The first sync is timed as the CLI and the worker run it (a big one is
fetched by a reader process while this one writes: mailbox/reading.py),
then, for comparison, in one process as the web's "Sync now" runs it, into
another workspace with its own ledger.

A throwaway Dovecot is started for the run (scripts/ensure_dovecot.sh) and
seeded over IMAP (MULTIAPPEND); a fifth of the messages come from 50
clients' addresses, the rest from strangers, as in a freelancer's inbox.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "despedida.settings")

import django  # noqa: E402

CLIENTS = 50
OURS = "hola@estudionorte.example"


def message(n: int, now: dt.datetime) -> tuple[bytes, dt.datetime]:
    at = now - dt.timedelta(minutes=37 * n)
    email = EmailMessage()
    if n % 5 == 0:
        email["From"] = f"Cliente {n % CLIENTS} <contacto@cliente{n % CLIENTS}.example>"
    else:
        email["From"] = f"Persona {n} <persona{n % 2000}@otra{n % 300}.example>"
    email["To"] = OURS
    email["Subject"] = f"Asunto número {n}: revisión de la propuesta"
    email["Date"] = format_datetime(at)
    email["Message-ID"] = f"<bench-{n}@otra.example>"
    email.set_content("Hola,\n\nun mensaje de prueba para el banco de pruebas.\n\nSaludos.\n")
    return bytes(email), at


def seed(server: dict, user: str, count: int, now: dt.datetime) -> float:
    from imapclient import IMAPClient

    start = time.perf_counter()
    client = IMAPClient(server["host"], port=server["port"], ssl=False)
    client.login(user, server["password"])
    for first in range(0, count, 500):
        batch = [message(n, now) for n in range(first, min(count, first + 500))]
        client.multiappend("INBOX", [{"msg": raw, "date": at} for raw, at in batch])
    client.logout()
    return time.perf_counter() - start


def floor(server: dict, user: str, since: dt.date, batch: int) -> tuple[float, int]:
    """The IMAP library alone: the same commands, the same batches, nothing done with the bytes."""
    from imapclient import IMAPClient

    start = time.perf_counter()
    client = IMAPClient(server["host"], port=server["port"], ssl=False)
    client.login(user, server["password"])
    client.select_folder("INBOX", readonly=True)
    uids = sorted(client.search(["SINCE", since]))
    fetched = 0
    for first in range(0, len(uids), batch):
        fetched += len(client.fetch(uids[first : first + batch], ["BODY.PEEK[HEADER]", "INTERNALDATE"]))
    client.logout()
    return time.perf_counter() - start, fetched


def best(func, runs: int):
    results = [func() for _ in range(runs)]
    return min(results, key=lambda r: r[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--messages", type=int, default=0)
    args = parser.parse_args()
    count = args.messages or (500 if args.small else 10_000)

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from despedida.accounts import clock
    from despedida.accounts.models import Workspace
    from despedida.clients.models import Client, Message
    from despedida.mailbox import sync
    from despedida.mailbox.models import Mailbox, Security

    call_command("migrate", interactive=False, verbosity=0)
    folder = Path(tempfile.mkdtemp(prefix="despedida-bench-imap-"))
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure_dovecot.sh"), str(folder)], check=True, stdout=subprocess.DEVNULL
    )
    try:
        server = json.loads((folder / "server.json").read_text())
        user = f"bench{time.time_ns()}"
        now = clock.now()
        seed_s = seed(server, user, count, now)

        def workspace_and_mailbox(label):
            workspace = Workspace.objects.create(
                name=f"Bench mail {label}", slug=f"bench-mail-{label}-{time.time_ns()}"
            )
            Client.objects.bulk_create(
                [
                    Client(
                        workspace=workspace,
                        key=f"c{n}",
                        name=f"Cliente {n}",
                        contact_email=f"contacto@cliente{n}.example",
                        has_contact=True,
                        position=n,
                    )
                    for n in range(CLIENTS)
                ]
            )
            mailbox = Mailbox(
                workspace=workspace,
                host=server["host"],
                port=server["port"],
                security=Security.NONE,
                username=user,
                folders=["INBOX"],
                aliases=OURS,
                snippets=False,
                months=18,
            )
            mailbox.set_password(server["password"])
            mailbox.save()
            return workspace, mailbox

        workspace, mailbox = workspace_and_mailbox("cli")
        _alone, alone = workspace_and_mailbox("web")
        since = sync.months_before(clock.today_for(workspace), mailbox.months)
        floor(server, user, since, sync.BATCH)  # warm Dovecot's index and cache first
        floor_s, fetched = best(lambda: floor(server, user, since, sync.BATCH), 2)

        start = time.perf_counter()
        report = sync.sync_mailbox(mailbox, reader_process=True)
        first_s = time.perf_counter() - start
        assert report.error is None, report.error.explain()
        # The same first sync in one process, as the web's "Sync now" runs it (another workspace, its own ledger).
        start = time.perf_counter()
        single = sync.sync_mailbox(alone)
        single_s = time.perf_counter() - start
        assert single.error is None and single.to_read == report.to_read

        def incremental():
            started = time.perf_counter()
            again = sync.sync_mailbox(mailbox, reader_process=True)
            return time.perf_counter() - started, again.to_read

        second_s, second_read = best(incremental, 3)
        stored = Message.objects.filter(workspace=workspace).count()
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure_dovecot.sh"), "--stop", str(folder)], check=False)

    per_thousand = first_s / max(report.to_read, 1) * 1000
    print(f"store: {connection.vendor}; {count:,} messages seeded in {seed_s:.1f} s; headers only (snippets off)")
    print(
        f"{'messages':>9} {'floor s':>8} {'first sync s':>13} {'per 1,000 s':>12} {'ratio':>7} "
        f"{'second sync s':>14} {'stored':>7} {'assessed':>9}"
    )
    print(
        f"{fetched:>9,} {floor_s:>8.2f} {first_s:>13.2f} {per_thousand:>12.3f} {first_s / floor_s:>6.2f}x "
        f"{second_s:>14.3f} {stored:>7,} {report.clients_assessed:>9}"
    )
    print(
        f"{'':>9} {'':>8} {single_s:>13.2f} {single_s / max(single.to_read, 1) * 1000:>12.3f} "
        f"{single_s / floor_s:>6.2f}x   (the same first sync in one process, as the web's Sync now)"
    )
    print(
        f"targets: first sync <= 2x the floor ({'met' if first_s <= 2 * floor_s else 'missed'}); "
        f"second sync < 2 s ({'met' if second_s < 2 else 'missed'}, read {second_read} messages)"
    )


if __name__ == "__main__":
    main()
