"""`despedida letter FILE --client ID --kind KIND [--lang es|en] [--as-of DATE]`:
a ready draft (subject line, blank line, body), from a portfolio file alone.

Bad input (an unreadable file, an unknown client or kind, a bad language or
date, a letter the record cannot support, a late-payment rate missing from
the table) prints a one-line reason on stderr and exits 2, nothing on stdout.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from despedida.core.letters.errors import LetterError
from despedida.core.letters.render import KINDS, draft_letter
from despedida.core.portfolio.input_errors import InputError, exit_input_error, exit_usage
from despedida.core.portfolio.model import Portfolio
from despedida.core.portfolio.values import day_argument


def load_portfolio(file: str) -> Portfolio:
    """Read the portfolio file (or standard input for "-"); raises InputError or OSError."""
    from despedida.core.portfolio.reader import read_portfolio

    if file == "-":
        return read_portfolio(sys.stdin, name="-")
    return read_portfolio(file)


class Command(BaseCommand):
    # Reads a file alone: the store's models (and their checks) play no part.
    requires_system_checks: list[str] = []
    help = (
        "Print a ready draft of a letter to one client (subject line, blank line, body), "
        "filled from a portfolio file alone, in the client's language unless --lang says otherwise."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # The contract wants one line on stderr and exit 2, not argparse's usage block.
        parser.error = lambda message: exit_usage(f"despedida letter: {message}")
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="The portfolio file (despedida.portfolio/1), or - for standard input.")
        parser.add_argument("--client", required=True, help="The id of the client to write to.")
        parser.add_argument(
            "--kind", required=True, choices=KINDS, metavar="KIND", help="One of: " + ", ".join(KINDS) + "."
        )
        parser.add_argument("--lang", choices=("es", "en"), help="Write in this language (default: the client's).")
        parser.add_argument(
            "--as-of",
            type=day_argument,
            help="Write as of this date (YYYY-MM-DD); default: the file's as_of, else today.",
        )

    def handle(self, *args, file, client, kind, lang, as_of, **options):
        try:
            portfolio = load_portfolio(file)
        except InputError as error:
            if not error.source:
                error.source = file
            exit_input_error(error)
        except OSError as error:
            exit_usage(f"{file}: {error.strerror or error}")
        found = portfolio.client_by_id(client)
        if found is None:
            exit_usage(f"{file}: clients: no client with id {client!r}")
        try:
            letter = draft_letter(portfolio, found, kind, lang=lang, as_of=as_of)
        except LetterError as error:
            exit_usage(f"{file}: {error}")
        self.stdout.write(letter.text, ending="")
