"""The demo portfolio in the store: load it as of a day, and regenerate it as of today.

A demo workspace is marked (`Workspace.is_demo`, with its seed and size), so
it can be regenerated later; a real business's workspace never is.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from django.db import transaction

from despedida.accounts.clock import today_in
from despedida.core.demo.generator import BUSINESS, write_demo

DEFAULT_CLIENTS = 40
DEFAULT_SEED = 7


def demo_today(zone: str | None = None) -> dt.date:
    """Today on the demo business's calendar (or on `zone`'s)."""
    return today_in(zone or BUSINESS["timezone"])


def write_file(target: Path, clients: int, seed: int, day: dt.date) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=".demo-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            write_demo(handle, clients, seed, day)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_demo(clients: int, seed: int, day: dt.date | None, target=None):
    """Generate the demo and import it (into `target`, else a new workspace marked as a demo)."""
    from despedida.accounts.workspace_choice import first_owner
    from despedida.assessment.stored import recompute_workspace
    from despedida.audit.imports import import_source
    from despedida.core.portfolio.reader import stream_portfolio
    from despedida.portability.importer import import_portfolio

    day = day or demo_today(target.timezone if target is not None else None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.json"
        write_file(path, clients, seed, day)
        header, rows = stream_portfolio(path)
        with import_source(path):
            result = import_portfolio(header, rows, workspace=target, owner=None if target else first_owner())
    workspace = result.workspace
    if target is None or workspace.is_demo:
        workspace.is_demo, workspace.demo_seed, workspace.demo_clients, workspace.demo_as_of = True, seed, clients, day
        workspace.save(update_fields=["is_demo", "demo_seed", "demo_clients", "demo_as_of"])
    recompute_workspace(workspace)
    return result


def refresh_demo(workspace, *, clients: int | None = None, seed: int | None = None, day: dt.date | None = None):
    """Replace a demo workspace's clients with the demo as of `day` (default today), keeping its members.

    Refuses a workspace not loaded as a demo: a real business's records are never regenerated.
    """
    from despedida.audit.recorder import batched
    from despedida.clients.models import Client

    if not workspace.is_demo:
        raise ValueError(f"{workspace.slug} is not a demo workspace")
    clients = clients or workspace.demo_clients or DEFAULT_CLIENTS
    if seed is None:
        seed = workspace.demo_seed if workspace.demo_seed is not None else DEFAULT_SEED
    with transaction.atomic():
        with batched():  # thousands of rows deleted: one append for all their entries
            Client.objects.filter(workspace=workspace).delete()
        return load_demo(clients, seed, day, workspace)
