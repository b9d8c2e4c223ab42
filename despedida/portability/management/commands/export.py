"""`despedida export`: write a workspace as a portfolio file."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from despedida.accounts.clock import today_for
from despedida.cli_support import exit_usage
from despedida.portability.exporter import header_of, iter_clients
from despedida.portability.workspaces import WorkspaceChoiceError, ensure_migrated, resolve_workspace
from despedida.portfolio.writer import write_portfolio


class Command(BaseCommand):
    help = _("Export a workspace as a portfolio file (to standard output unless --out is given).")

    def add_arguments(self, parser):
        parser.add_argument("--out", help=_("Write to this file (replaced atomically) instead of standard output."))
        parser.add_argument("--workspace", help=_("Short name of the workspace (needed when there are several)."))
        parser.add_argument("--as-of", help=_("The file's as_of date (default: today in the business's time zone)."))

    def handle(self, *args, out, workspace, as_of, **options):
        ensure_migrated()
        try:
            chosen = resolve_workspace(workspace)
        except WorkspaceChoiceError as exc:
            exit_usage(f"export: {exc}")
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError:
                exit_usage(_("export: --as-of: not a date (YYYY-MM-DD): %(value)s") % {"value": as_of})
        else:
            day = today_for(chosen)
        header = header_of(chosen, day)
        header.clients = list(iter_clients(chosen))
        if not out:
            # The raw stream: OutputWrapper would add a newline after every chunk.
            write_portfolio(header, getattr(self.stdout, "_out", sys.stdout))
            return
        target = Path(out)
        # Write beside the target and rename, so a crash never leaves half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=".export-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                write_portfolio(header, handle)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stderr.write(_("Exported %(count)d clients to %(file)s") % {"count": len(header.clients), "file": out})
