"""`despedida dossier --client ID --out DIR|FILE.zip`: a client's dossier for a lawyer."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from despedida.accounts.workspace_choice import WorkspaceChoiceError, ensure_migrated, resolve_workspace
from despedida.clients.models import Client
from despedida.core.portfolio.input_errors import exit_usage
from despedida.documents.dossier import dossier_files, dossier_zip


class Command(BaseCommand):
    help = _("Write a client's dossier: the PDF, the sent letters as .eml and the record as a portfolio file.")

    def add_arguments(self, parser):
        parser.add_argument("--client", required=True, help=_("The client's id (as in the portfolio file)."))
        parser.add_argument("--workspace", help=_("Short name of the workspace (needed when there are several)."))
        parser.add_argument("--out", required=True, help=_("A folder to write the files into, or a FILE.zip."))
        parser.add_argument("--lang", choices=["es", "en"], help=_("Language of the PDF (default: the business's)."))

    def handle(self, *args, client, workspace, out, lang, **options):
        ensure_migrated()
        try:
            chosen = resolve_workspace(workspace)
        except WorkspaceChoiceError as exc:
            exit_usage(f"dossier: {exc}")
        record = Client.objects.filter(workspace=chosen, key=client).first()
        if record is None:
            exit_usage(
                _("dossier: no client with id %(id)s in %(workspace)s") % {"id": client, "workspace": chosen.slug}
            )
        lang = lang or chosen.language
        target = Path(out)
        if target.suffix.lower() == ".zip":
            fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=".dossier-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(dossier_zip(record, lang))
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self.stderr.write(_("Dossier written to %(file)s") % {"file": target})
            return
        if target.exists() and not target.is_dir():
            exit_usage(_("dossier: --out must be a folder or a .zip file: %(path)s") % {"path": target})
        files = dossier_files(record, lang)
        for name, data in files.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.stderr.write(
            _("Dossier written to %(folder)s (%(count)d files)") % {"folder": target, "count": len(files)}
        )
