"""The export: the workspace's portfolio file, written from the store a chunk of clients at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from despedida.accounts.models import Workspace
from despedida.clients.record import header_of, iter_clients
from despedida.core.collector import collector_paused
from despedida.core.portfolio import model as pf
from despedida.core.portfolio.writer import iter_json_chunks


def write_export(workspace: Workspace, as_of: dt.date, handle) -> int:
    """Write the workspace's portfolio file as UTF-8 to the binary `handle`; the number of clients.

    Callers write to a temporary file and hand it on only once this
    returns: an export that fails half-way must never pass for a whole one.
    """
    count = 0

    def clients() -> Iterator[pf.Client]:
        nonlocal count
        for client in iter_clients(workspace):
            count += 1
            yield client

    # The collector is paused while clients are read and written (a seventh of the time).
    with collector_paused():
        for chunk in iter_json_chunks(header_of(workspace, as_of), clients()):
            handle.write(chunk.encode("utf-8"))
    return count
