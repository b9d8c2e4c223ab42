"""`despedida import FILE`: load a portfolio file into the store, all or nothing."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from despedida.accounts.workspace_choice import WorkspaceChoiceError, ensure_migrated, first_owner, resolve_workspace
from despedida.audit.imports import import_source
from despedida.cli_progress import progress_reporter
from despedida.core.portfolio.input_errors import InputError, exit_input_error, exit_usage
from despedida.core.portfolio.reader import read_portfolio, stream_portfolio
from despedida.portability.importer import import_portfolio


class Command(BaseCommand):
    help = _(
        "Import a portfolio file (despedida.portfolio/1). A bad file is refused whole, "
        "every problem listed, and nothing is written. Importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The portfolio file, or - for standard input."))
        parser.add_argument("--workspace", help=_("Short name of the workspace to import into."))
        parser.add_argument(
            "--new-workspace", action="store_true", help=_("Create a new workspace from the file's business.")
        )

    def handle(self, *args, file, workspace, new_workspace, **options):
        try:
            # Open and start reading the file before touching the store: a missing
            # or broken file must not even create the database.
            if file == "-":
                portfolio = read_portfolio(sys.stdin, name="-")
                header, clients = portfolio, portfolio.clients
            else:
                header, clients = stream_portfolio(file)
            ensure_migrated()
            try:
                target = None if new_workspace else resolve_workspace(workspace, create_if_empty=True)
            except WorkspaceChoiceError as exc:
                exit_usage(f"{file}: {exc}")
            with (
                progress_reporter(_("Importing"), self.stderr) as progress,
                import_source(None if file == "-" else file),
            ):
                result = import_portfolio(header, clients, workspace=target, owner=first_owner(), progress=progress)
        except InputError as error:
            exit_input_error(error)
        from despedida.assessment.stored import recompute_workspace

        recompute_workspace(result.workspace)
        self.stdout.write(
            _("Imported %(total)d clients (%(created)d new, %(updated)d replaced) into «%(workspace)s».")
            % {
                "total": result.clients,
                "created": result.created,
                "updated": result.updated,
                "workspace": result.workspace.slug,
            }
        )
