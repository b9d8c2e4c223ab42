"""`despedida audit verify|export`: check a workspace's audit chain, or write it out."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from despedida.accounts.models import Workspace
from despedida.accounts.workspace_choice import WorkspaceChoiceError, ensure_migrated, resolve_workspace
from despedida.audit.chain import FORMAT, Verdict, read_jsonl, verify
from despedida.audit.ledger import verify_workspace, write_log
from despedida.core.portfolio.input_errors import exit_usage

REASONS = {
    "altered": lambda: _("its content does not match its hash (it was changed)"),
    "missing": lambda: _("it is missing (deleted)"),
    "relinked": lambda: _("it does not follow the entry before it"),
    "truncated": lambda: _("the entries from here on are missing"),
}


class Command(BaseCommand):
    help = _("Check a workspace's audit log (the hash chain) or export it as JSON Lines.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser("verify", help=_("Recompute the chain and name the first broken entry."))
        check.add_argument("--workspace", help=_("Short name of the workspace (default: every workspace)."))
        check.add_argument("--file", help=_("Check an exported log file instead of the store."))
        out = actions.add_parser("export", help=_("Write the audit log as JSON Lines."))
        out.add_argument("--workspace", help=_("Short name of the workspace (needed when there are several)."))
        out.add_argument("--out", help=_("Write to this file instead of standard output."))

    def handle(self, *args, action, **options):
        if action == "verify":
            self.verify(options.get("workspace"), options.get("file"))
        else:
            self.export(options.get("workspace"), options.get("out"))

    def verify(self, slug: str | None, file: str | None) -> None:
        if file:
            verdict = self.verify_file(Path(file))
            self.report(file, verdict)
            if not verdict.intact:
                raise SystemExit(1)
            return
        ensure_migrated()
        if slug:
            try:
                workspaces = [resolve_workspace(slug)]
            except WorkspaceChoiceError as exc:
                exit_usage(f"audit: {exc}")
        else:
            workspaces = list(Workspace.objects.order_by("slug"))
        broken = False
        for workspace in workspaces:
            verdict = verify_workspace(workspace.pk)
            self.report(workspace.slug, verdict)
            broken = broken or not verdict.intact
        if broken:
            raise SystemExit(1)

    def verify_file(self, path: Path) -> Verdict:
        try:
            with path.open(encoding="utf-8") as handle:
                first = json.loads(handle.readline() or "{}")
                if first.get("format") != FORMAT:
                    exit_usage(
                        _("audit: %(file)s is not an exported audit log (%(format)s)")
                        % {"file": path, "format": FORMAT}
                    )
                return verify(read_jsonl(handle), expected_count=first.get("entries"), expected_head=first.get("head"))
        except (OSError, ValueError, TypeError) as exc:
            exit_usage(_("audit: cannot read %(file)s: %(error)s") % {"file": path, "error": exc})

    def report(self, name: str, verdict: Verdict) -> None:
        if verdict.intact:
            self.stdout.write(
                _("%(name)s: intact, %(count)d entries, head %(head)s")
                % {"name": name, "count": verdict.count, "head": verdict.head}
            )
        else:
            self.stdout.write(
                _("%(name)s: BROKEN at entry %(number)d: %(reason)s (%(count)d entries intact before it)")
                % {
                    "name": name,
                    "number": verdict.broken_at,
                    "reason": REASONS[verdict.reason](),
                    "count": verdict.count,
                }
            )

    def export(self, slug: str | None, out: str | None) -> None:
        ensure_migrated()
        try:
            workspace = resolve_workspace(slug)
        except WorkspaceChoiceError as exc:
            exit_usage(f"audit: {exc}")
        if not out:
            write_log(workspace, getattr(self.stdout, "_out", sys.stdout))
            return
        target = Path(out)
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=".audit-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                count = write_log(workspace, handle)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stderr.write(_("Exported %(count)d audit entries to %(file)s") % {"count": count, "file": out})
