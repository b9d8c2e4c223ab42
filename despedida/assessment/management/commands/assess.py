"""`despedida assess FILE [--as-of DATE] [--client ID] [--format text|json]`
and `despedida assess --all [--workspace SLUG]`.

FILE mode reads the portfolio file alone (streamed, one client at a time)
and touches no database. `--all` recomputes the stored assessments of a
workspace. Exit status 2, with nothing on stdout, for bad input or usage.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import IO

from django.core.management.base import BaseCommand

from despedida.core.portfolio.input_errors import InputError, exit_input_error, exit_usage
from despedida.core.portfolio.values import day_argument


class Command(BaseCommand):
    help = (
        "Judge every client of a portfolio file: warning signs with evidence, value, "
        "a recommendation and dated next actions. With --all, recompute the stored portfolio."
    )
    # FILE mode must work without a database or a configured store.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", metavar="FILE", help="a portfolio file (despedida.portfolio/1)")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            metavar="DATE",
            help="judge as on this day (YYYY-MM-DD); default: the file's as_of, else today",
        )
        parser.add_argument(
            "--client", metavar="ID", help="only this client (the portfolio's totals still count everyone)"
        )
        parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
        parser.add_argument("--all", action="store_true", help="recompute every stored client of a workspace")
        parser.add_argument("--workspace", metavar="SLUG", help="with --all: which workspace, when there are several")

    def handle(self, *args, **options) -> None:
        if options["all"]:
            if options["file"]:
                exit_usage("assess: give either FILE or --all, not both")
            self.recompute_stored(options["workspace"], parse_as_of(options["as_of"]), options["format"])
            return
        if not options["file"]:
            exit_usage("assess: a portfolio FILE is required (or --all for the stored portfolio)")
        if options["workspace"]:
            exit_usage("assess: --workspace only applies with --all")
        as_of = parse_as_of(options["as_of"])
        self.assess_file(options["file"], as_of, options["client"], options["format"])

    def assess_file(self, path: str, as_of: dt.date | None, client_id: str | None, output: str) -> None:
        from despedida.core.assessment.engine import assess_clients, default_as_of
        from despedida.core.portfolio.reader import stream_portfolio

        try:
            head, clients = stream_portfolio(path)
            result = assess_clients(head.business, clients, as_of or default_as_of(head), only=client_id)
        except InputError as error:
            exit_input_error(error)
        if client_id is not None and not result.clients:
            exit_usage(f"{path}: --client: no client with id {client_id!r}")
        stream = sys.stdout
        if output == "json":
            write_json(result, stream)
        elif stream.isatty():
            from despedida.core.assessment.report import render_rich

            render_rich(result, head.business, stream)
        else:
            from despedida.core.assessment.report import render_plain

            render_plain(result, head.business, stream)
        stream.flush()

    def recompute_stored(self, slug: str | None, as_of: dt.date | None, output: str) -> None:
        from django.db import DatabaseError

        from despedida.accounts.workspace_choice import WorkspaceChoiceError, resolve_workspace
        from despedida.assessment.stored import recompute_workspace
        from despedida.cli_progress import progress_reporter
        from despedida.core.assessment.phrases import words_for

        try:
            workspace = resolve_workspace(slug)
        except WorkspaceChoiceError as error:
            exit_usage(f"assess --all: {error}")
        except DatabaseError as error:
            exit_usage(f"assess --all: the store is not ready ({error}); run `despedida migrate` first")
        extra = {"as_of": as_of} if as_of is not None else {}
        with progress_reporter(f"assess {workspace.slug}", sys.stderr) as progress:
            count = recompute_workspace(workspace, progress=progress, **extra)
        if output == "json":
            document = {"format": "despedida.assessment-run/1", "workspace": workspace.slug, "clients": count}
            sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
        else:
            words = words_for(getattr(workspace, "language", "es"))
            sys.stdout.write(words.say("report.recomputed", count=count, workspace=workspace.slug) + "\n")


def parse_as_of(value: str | None) -> dt.date | None:
    """The --as-of date, within the range the engine works in (else exit 2)."""
    import argparse

    if value is None:
        return None
    try:
        return day_argument(value)
    except argparse.ArgumentTypeError as error:
        exit_usage(f"assess: --as-of: {error}")


def write_json(result, stream: IO[str]) -> None:
    """The cli.md document, one client per line (C-speed encoding, readable diffs)."""
    from despedida.core.assessment.results import FORMAT

    encode = json.JSONEncoder(ensure_ascii=False).encode
    stream.write('{"format": %s, "as_of": %s, "clients": [' % (encode(FORMAT), encode(result.as_of.isoformat())))  # noqa: UP031 - a JSON template reads best without doubled braces
    separator = "\n"
    for client in result.clients:
        stream.write(separator)
        stream.write(encode(client.to_json()))
        separator = ",\n"
    stream.write("\n]}\n" if result.clients else "]}\n")
