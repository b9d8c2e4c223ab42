"""`despedida demo`: a realistic synthetic portfolio, into the store or a file."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from despedida.cli_support import exit_usage
from despedida.portfolio.demo import write_demo


class Command(BaseCommand):
    # `--out` reads and writes no store; system checks would only slow it down.
    requires_system_checks = []
    help = _("Generate a realistic demo portfolio (same seed, same file): into the store, or as a file with --out.")

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=40, help=_("How many clients (default 40)."))
        parser.add_argument("--seed", type=int, default=7, help=_("Random seed (default 7)."))
        parser.add_argument("--out", help=_("Write a portfolio file (- for standard output) instead of the store."))
        parser.add_argument("--as-of", help=_("The portfolio's date (default 2026-11-22, fixed so files are reproducible)."))
        parser.add_argument("--workspace", help=_("Import into this workspace (default: a new one)."))

    def handle(self, *args, clients, seed, out, as_of, workspace, **options):
        if clients < 1:
            exit_usage(_("demo: --clients must be at least 1"))
        day = None
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError:
                exit_usage(_("demo: --as-of: not a date (YYYY-MM-DD): %(value)s") % {"value": as_of})
        if out == "-":
            # UTF-8 whatever the locale says: names carry accents.
            stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", write_through=True)
            write_demo(stream, clients, seed, day)
            stream.detach()
            return
        if out:
            self.write_file(Path(out), clients, seed, day)
            return
        self.load_into_store(clients, seed, day, workspace)

    def write_file(self, target: Path, clients: int, seed: int, day) -> None:
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=".demo-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                write_demo(handle, clients, seed, day)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load_into_store(self, clients: int, seed: int, day, workspace_slug: str | None) -> None:
        from despedida.assessment.stored import recompute_workspace
        from despedida.portability.importer import import_portfolio
        from despedida.portability.workspaces import (
            WorkspaceChoiceError,
            ensure_migrated,
            first_owner,
            resolve_workspace,
        )
        from despedida.portfolio.reader import stream_portfolio

        ensure_migrated()
        try:
            target = resolve_workspace(workspace_slug) if workspace_slug else None
        except WorkspaceChoiceError as exc:
            exit_usage(f"demo: {exc}")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "demo.json"
            self.write_file(path, clients, seed, day)
            header, rows = stream_portfolio(path)
            result = import_portfolio(header, rows, workspace=target, owner=first_owner())
        recompute_workspace(result.workspace)
        self.stdout.write(
            _("Demo portfolio with %(count)d clients loaded into «%(workspace)s».")
            % {"count": result.clients, "workspace": result.workspace.slug}
        )
