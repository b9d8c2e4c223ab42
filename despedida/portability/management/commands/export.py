"""`despedida export`: write a workspace as a portfolio file.

The file is written whole before anything reaches its destination: to a
temporary file renamed over `--out`, or to a spooled temporary file copied
to standard output. A failure half-way therefore never leaves half a
portfolio behind (a truncated backup is worse than none): it exits 1 with
one line on stderr and writes nothing.
"""

from __future__ import annotations

import argparse
import codecs
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from despedida.accounts.clock import today_for
from despedida.accounts.workspace_choice import WorkspaceChoiceError, ensure_migrated, resolve_workspace
from despedida.audit.ledger import head as audit_head
from despedida.core.portfolio.input_errors import exit_usage
from despedida.core.portfolio.values import day_argument
from despedida.portability.exporter import write_export

logger = logging.getLogger(__name__)
# Exports up to this size stay in memory on their way to standard output.
SPOOL_BYTES = 32 * 1024 * 1024


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
                day = day_argument(as_of)
            except argparse.ArgumentTypeError as error:
                exit_usage(f"export: --as-of: {error}")
        else:
            day = today_for(chosen)
        if out:
            count = self.write_file(chosen, day, Path(out))
            self.stderr.write(_("Exported %(count)d clients to %(file)s") % {"count": count, "file": out})
            entries, digest = audit_head(chosen.pk)
            if entries:
                # The portfolio file holds the record, not its history: say where the history is.
                self.stderr.write(
                    _(
                        "The audit log (%(count)d entries, head %(head)s) is not part of the portfolio file; "
                        "`despedida audit export` writes it."
                    )
                    % {"count": entries, "head": digest}
                )
        else:
            self.write_stdout(chosen, day)

    def write_file(self, workspace, day, target: Path) -> int:
        # Write beside the target and rename, so a crash never leaves half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=".export-")
        try:
            with os.fdopen(fd, "wb") as handle:
                count = written(workspace, day, handle)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return count

    def write_stdout(self, workspace, day) -> None:
        # The raw stream: OutputWrapper would add a newline after every chunk.
        stream = getattr(self.stdout, "_out", sys.stdout)
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b") as spool:
            written(workspace, day, spool)
            spool.seek(0)
            binary = getattr(stream, "buffer", None)
            if binary is not None:
                stream.flush()
                shutil.copyfileobj(spool, binary)
                binary.flush()
            else:  # a text stream without bytes under it (a test's StringIO)
                decoder = codecs.getincrementaldecoder("utf-8")()
                while chunk := spool.read(1 << 20):
                    stream.write(decoder.decode(chunk))
                stream.write(decoder.decode(b"", final=True))


def written(workspace, day, handle) -> int:
    """`write_export`, ending the command with one line and exit status 1 if it fails.

    It should not fail (every value was checked on its way in); if it does,
    the partial file is thrown away, never handed on.
    """
    try:
        return write_export(workspace, day, handle)
    except Exception as error:  # noqa: BLE001 - reported in one line, nothing written
        logger.exception("export of workspace %s failed", workspace.pk)
        sys.stderr.write(f"export: failed, nothing written: {error}\n")
        raise SystemExit(1) from None
