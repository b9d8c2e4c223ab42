"""`despedida tone FILE|- [--lang es|en|auto] [--kind KIND] [--format text|json|sarif]`

Checks a letter's tone (see docs/tone.md and the command-line contract).
Exit 0: nothing to fix; 1: an error-level finding or a missing element;
2: the input cannot be judged (empty, binary, not UTF-8, unreadable, a bad
option), with one line on stderr naming the file and nothing on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from despedida.core.portfolio.input_errors import InputError, Problem, exit_input_error, exit_usage
from despedida.core.tone.checker import check
from despedida.core.tone.model import KINDS, LANGUAGES, ToneInputError
from despedida.core.tone.render import render_text
from despedida.core.tone.rulebook import load_rulebook
from despedida.core.tone.sarif import artifact_uri, to_sarif

FORMATS = ("text", "json", "sarif")
STDIN_NAME = "<stdin>"


def read_text(source: str) -> tuple[str, str]:
    """The text of FILE (or stdin for "-") and the name to report it by.

    Raises InputError for an unreadable file, binary data or bytes that are
    not UTF-8. The text is kept exactly as read (a BOM stays, line endings
    stay) so that offsets point at the same characters an editor shows.
    """
    name = STDIN_NAME if source == "-" else source
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise InputError([Problem("", f"cannot read: {exc.strerror or exc}")], name) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError([Problem("", f"binary input (NUL byte at byte {nul}), not a text")], name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Problem("", f"not UTF-8 text (invalid byte at byte {exc.start})")], name) from exc
    return text, name


class Command(BaseCommand):
    help = "Check the tone of a letter (FILE, or - for stdin): findings with line:column, and missing elements."
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # One line on stderr for a usage error, as for every other input error.
        parser.error = lambda message: exit_usage(f"despedida tone: {message}")  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the letter, UTF-8 text; - reads stdin")
        parser.add_argument("--lang", default="auto", help="es, en or auto (default: detect)")
        parser.add_argument(
            "--kind", default=None, help=f"kind of letter, to check what it must contain: {', '.join(KINDS)}"
        )
        parser.add_argument("--format", default="text", dest="output_format", help="text (default), json or sarif")

    def handle(self, *args, **options):
        source = options["file"]
        name = STDIN_NAME if source == "-" else source
        lang, kind, output_format = options["lang"], options["kind"], options["output_format"]
        problems = []
        if lang not in (*LANGUAGES, "auto"):
            problems.append(Problem("", f"unknown language code {lang!r} (use es, en or auto)"))
        if kind is not None and kind not in KINDS:
            problems.append(Problem("", f"unknown kind {kind!r} (use one of {', '.join(KINDS)})"))
        if output_format not in FORMATS:
            problems.append(Problem("", f"unknown format {output_format!r} (use text, json or sarif)"))
        if problems:
            exit_input_error(InputError(problems[:1], name))
        try:
            text, name = read_text(source)
            report = check(text, lang, kind)
        except InputError as error:
            exit_input_error(error)
        except ToneInputError as error:
            exit_input_error(InputError([Problem("", str(error))], name))

        if output_format == "json":
            output = json.dumps(report.to_json(), ensure_ascii=False, indent=2)
        elif output_format == "sarif":
            uri = "stdin" if source == "-" else artifact_uri(source)
            output = json.dumps(to_sarif(report, load_rulebook(report.lang), text, uri), ensure_ascii=False, indent=2)
        else:
            output = render_text(report, name)
        self.stdout.write(output)
        self.stdout.flush()
        if report.has_errors:
            raise SystemExit(1)
