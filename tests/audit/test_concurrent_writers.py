"""Several writers at once keep one linear chain per workspace.

Each writer creates clients in its own transactions on its own connection;
they all start together. On PostgreSQL writers lock the chain head's row:
without that lock two of them would read the same head and write entries
numbered alike or chained onto the same predecessor. On SQLite the database
admits one writer at a time (IMMEDIATE transactions); the tests' shared
in-memory database refuses a second writer at once instead of waiting for
the busy timeout, so there a refused transaction is tried again, as a
waiting writer would be, and must leave nothing behind.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

from despedida.audit.ledger import verify_workspace
from despedida.audit.models import AuditEntry
from despedida.clients import models as db

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS, EACH = 4, 6


def test_concurrent_writers_keep_the_chain_linear(norte):
    clients = [db.Client.objects.create(workspace=norte, key=f"w{n}", name=f"Writer {n}") for n in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    errors: list[Exception] = []

    def writer(n: int) -> None:
        try:
            start.wait(10)
            for i in range(EACH):
                while True:
                    try:
                        with transaction.atomic():
                            db.Event.objects.create(
                                workspace=norte,
                                client=clients[n],
                                on="2026-11-20",
                                type="conversation",
                                topic=f"precio {i}",
                            )
                            db.TimeEntry.objects.create(
                                workspace=norte, client=clients[n], on="2026-11-20", hours="1.5", note=f"llamada {i}"
                            )
                        break
                    except OperationalError:
                        if connection.vendor != "sqlite":
                            raise
                        time.sleep(0.005)  # another writer holds the database: wait as the busy timeout would
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    expected = WRITERS + WRITERS * EACH * 2
    verdict = verify_workspace(norte.pk)
    assert verdict.intact and verdict.count == expected
    numbers = list(AuditEntry.objects.filter(workspace=norte).order_by("sequence").values_list("sequence", flat=True))
    assert numbers == list(range(1, expected + 1))
    assert db.Event.objects.filter(workspace=norte).count() == WRITERS * EACH
