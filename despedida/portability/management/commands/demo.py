"""`despedida demo`: a realistic synthetic portfolio, into the store or a file.

Without `--as-of` the demo is dated today on the demo business's calendar,
so it always looks current; the same seed and date give the same bytes.
`--refresh` regenerates demo workspaces as of today, and never touches a
workspace that was not loaded as a demo.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from despedida.core.demo.generator import write_demo
from despedida.core.portfolio.input_errors import exit_usage


class Command(BaseCommand):
    # `--out` reads and writes no store; system checks would only slow it down.
    requires_system_checks = []
    help = _(
        "Generate a realistic demo portfolio (same seed and date, same file): into the store, or as a file with --out."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, help=_("How many clients (default 40)."))
        parser.add_argument("--seed", type=int, help=_("Random seed (default 7)."))
        parser.add_argument("--out", help=_("Write a portfolio file (- for standard output) instead of the store."))
        parser.add_argument(
            "--as-of", help=_("The portfolio's date, YYYY-MM-DD (default: today on the demo business's calendar).")
        )
        parser.add_argument("--workspace", help=_("Import into this workspace (default: a new one)."))
        parser.add_argument(
            "--refresh",
            action="store_true",
            help=_("Regenerate the demo workspace(s) as of today (or --as-of); never touches a real workspace."),
        )

    def handle(self, *args, clients, seed, out, as_of, workspace, refresh, **options):
        if clients is not None and clients < 1:
            exit_usage(_("demo: --clients must be at least 1"))
        day = None
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError:
                exit_usage(_("demo: --as-of: not a date (YYYY-MM-DD): %(value)s") % {"value": as_of})
        from despedida.portability.demo_store import DEFAULT_CLIENTS, DEFAULT_SEED, demo_today, write_file

        if refresh:
            if out:
                exit_usage(_("demo: --refresh works on the store; it cannot be used with --out"))
            self.refresh(workspace, clients, seed, day)
            return
        clients = clients or DEFAULT_CLIENTS
        seed = DEFAULT_SEED if seed is None else seed
        if out == "-":
            # UTF-8 whatever the locale says: names carry accents.
            stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", write_through=True)
            write_demo(stream, clients, seed, day or demo_today())
            stream.detach()
            return
        if out:
            write_file(Path(out), clients, seed, day or demo_today())
            return
        self.load_into_store(clients, seed, day, workspace)

    def load_into_store(self, clients: int, seed: int, day, workspace_slug: str | None) -> None:
        from despedida.accounts.workspace_choice import WorkspaceChoiceError, ensure_migrated, resolve_workspace
        from despedida.portability.demo_store import load_demo

        ensure_migrated()
        try:
            target = resolve_workspace(workspace_slug) if workspace_slug else None
        except WorkspaceChoiceError as exc:
            exit_usage(f"demo: {exc}")
        result = load_demo(clients, seed, day, target)
        self.stdout.write(
            _("Demo portfolio with %(count)d clients loaded into «%(workspace)s».")
            % {"count": result.clients, "workspace": result.workspace.slug}
        )

    def refresh(self, workspace_slug: str | None, clients: int | None, seed: int | None, day) -> None:
        from despedida.accounts.models import Workspace
        from despedida.accounts.workspace_choice import ensure_migrated
        from despedida.portability.demo_store import refresh_demo

        ensure_migrated()
        demos = Workspace.objects.filter(is_demo=True)
        if workspace_slug:
            found = Workspace.objects.filter(slug=workspace_slug).first()
            if found is None:
                exit_usage(_("demo: no workspace «%(slug)s»") % {"slug": workspace_slug})
            if not found.is_demo:
                exit_usage(
                    _("demo: «%(slug)s» is not a demo workspace; --refresh only regenerates demos")
                    % {"slug": workspace_slug}
                )
            demos = demos.filter(pk=found.pk)
        if not demos.exists():
            exit_usage(_("demo: there is no demo workspace to refresh"))
        for workspace in demos:
            result = refresh_demo(workspace, clients=clients, seed=seed, day=day)
            self.stdout.write(
                _("Demo «%(workspace)s» regenerated as of %(date)s (%(count)d clients).")
                % {
                    "workspace": workspace.slug,
                    "date": result.workspace.demo_as_of.isoformat(),
                    "count": result.clients,
                }
            )
