"""`despedida restore FILE`: bring a backup back into an empty data directory and database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from despedida.backups import archive as archive_format
from despedida.backups import snapshot
from despedida.backups.messages import describe


class Command(BaseCommand):
    # It runs before the data directory holds anything (not even the upload folder
    # the checks look for); the restored instance is checked when it next starts.
    requires_system_checks = []
    help = _("Restore a backup made by `despedida backup` into an empty data directory (and empty database).")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help=_("The backup archive (.tar.gz)."))

    def handle(self, *args, archive: Path, **options):
        try:
            manifest = snapshot.restore(archive)
        except (snapshot.BackupError, archive_format.ArchiveError) as error:
            raise CommandError(describe(error, source=str(archive)), returncode=2) from None
        self.stdout.write(
            _(
                "Restored the backup of %(created)s (Despedida %(version)s): %(count)d files. "
                "Start the server and the worker as usual."
            )
            % {"created": manifest.created_at, "version": manifest.app_version, "count": len(manifest.files)}
        )
