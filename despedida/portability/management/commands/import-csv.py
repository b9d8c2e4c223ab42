"""`despedida import-csv FILE --kind invoices|payments|time`: an export of another tool, all or nothing.

Exit 2, one line per problem on standard error and nothing written, when the
file cannot be read, when a row has a problem, when its dates could be
day/month or month/day and `--date-order` does not say, or when some client
names are only close to known ones and `--accept-matches` was not given.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from despedida.accounts.workspace_choice import WorkspaceChoiceError, ensure_migrated, resolve_workspace
from despedida.csv_import.dates import DateOrder
from despedida.csv_import.fields import Kind
from despedida.csv_import.mapping import PRESETS, detect_preset, read_mapping_file
from despedida.csv_import.problems import CsvError, Problem
from despedida.csv_import.reading import read_records
from despedida.csv_import.source import read_table
from despedida.portability.csv_messages import notice_text, problem_text, summary_text
from despedida.portability.csv_store import NeedsConfirmation, apply_import, plan_import, reassess


class Command(BaseCommand):
    help = _(
        "Import invoices, payments or hours from another tool's CSV export. The tool is recognised from "
        "the header row (or named with --preset, or described with --map). All or nothing; importing the "
        "same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The CSV file."))
        parser.add_argument("--kind", required=True, choices=[k.value for k in Kind], help=_("What the file holds."))
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--preset", choices=sorted(PRESETS), help=_("The tool the file comes from."))
        source.add_argument(
            "--map", dest="map_file", help=_("A mapping file (YAML or JSON): our field: the file's column.")
        )
        parser.add_argument("--workspace", help=_("Short name of the workspace to import into."))
        parser.add_argument("--dry-run", action="store_true", help=_("Say what would change; write nothing."))
        parser.add_argument(
            "--accept-matches",
            action="store_true",
            help=_("Take close client names as the known clients they resemble (and remember them)."),
        )
        parser.add_argument(
            "--date-order",
            choices=[o.value for o in DateOrder],
            help=_("Day first (dmy) or month first (mdy), when the dates leave it open."),
        )

    def handle(self, *args, file, kind, preset, map_file, workspace, dry_run, accept_matches, date_order, **options):
        kind = Kind(kind)
        try:
            mapping = read_mapping_file(map_file) if map_file else None
        except CsvError as error:
            self._refuse(map_file, error.problems)
        try:
            with open(file, "rb") as stream:
                data = stream.read()
        except OSError as error:
            self._usage(f"{file}: {error.strerror or error}")
        try:
            table = read_table(data)
            if mapping is None:
                mapping = PRESETS[preset] if preset else detect_preset(table, kind)
            if mapping is None:
                self._usage(
                    _(
                        "%(file)s: no preset recognises this header row; name one with --preset (%(names)s) "
                        "or describe the columns with --map"
                    )
                    % {"file": file, "names": ", ".join(n for n, p in sorted(PRESETS.items()) if p.kind == kind)}
                )
            if mapping.kind != kind:
                self._usage(
                    _("%(file)s: %(preset)s is for %(other)s, not %(kind)s")
                    % {
                        "file": file,
                        "preset": mapping.label or mapping.name,
                        "other": mapping.kind.value,
                        "kind": kind.value,
                    }
                )
            reading = read_records(table, mapping, DateOrder(date_order) if date_order else None)
        except CsvError as error:
            self._refuse(file, error.problems)
        if reading.needs_date_order:
            self._refuse(file, [Problem("date_order_needed")])
        if reading.problems:
            self._refuse(file, reading.problems)

        ensure_migrated()
        try:
            target = resolve_workspace(workspace)
        except WorkspaceChoiceError as exc:
            self._usage(f"{file}: {exc}")
        plan = plan_import(target, reading)
        try:
            summary = apply_import(target, plan, file_name=file, accept_all=accept_matches, dry_run=dry_run)
        except NeedsConfirmation as pending:
            for match in pending.matches:
                self.stderr.write(
                    _(
                        "%(file)s: «%(name)s» looks like the client «%(known)s» (%(score)s%%); "
                        "run again with --accept-matches to take it as that client"
                    )
                    % {"file": file, "name": match.name, "known": match.known_name, "score": round(match.score)}
                )
            raise SystemExit(2)
        except CsvError as error:
            self._refuse(file, error.problems)
        if not dry_run:
            reassess(target, summary.affected)
        label = mapping.label or mapping.name or map_file
        self.stdout.write(
            _("%(file)s read as %(label)s: %(count)d records.")
            % {
                "file": file,
                "label": label,
                "count": len(reading.records),
            }
        )
        for match in plan.new_clients:
            self.stdout.write(_("New client: %(name)s") % {"name": match.name or match.tax_id})
        for notice in summary.notices:
            self.stdout.write(notice_text(notice))
        self.stdout.write(summary_text(summary.counts(), dry_run=dry_run))

    def _usage(self, message: str):
        self.stderr.write(message)
        raise SystemExit(2)

    def _refuse(self, file: str, problems: list[Problem]):
        for problem in problems:
            self.stderr.write(f"{file}: {problem_text(problem)}")
        raise SystemExit(2)
