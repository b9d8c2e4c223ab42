"""`despedida backup [--out FILE]`: a consistent snapshot of the running instance in one archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from despedida.backups import snapshot
from despedida.backups.messages import describe


class Command(BaseCommand):
    help = _("Write a backup (database, keys and kept files, with a manifest and checksums) while the app runs.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            metavar="FILE",
            help=_("Where to write the archive (default: a dated file in the backups folder)."),
        )

    def handle(self, *args, out: Path | None, **options):
        try:
            path, manifest = snapshot.make_backup(out)
        except snapshot.BackupError as error:
            raise CommandError(describe(error), returncode=2) from None
        self.stdout.write(
            _("Backup written to %(path)s (%(count)d files, %(engine)s database).")
            % {
                "path": path,
                "count": len(manifest.files),
                "engine": manifest.engine,
            }
        )
