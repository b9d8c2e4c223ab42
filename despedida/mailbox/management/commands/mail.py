"""`despedida mail sync|import`: read the business's mail into its clients' records.

- `despedida mail sync [--workspace SLUG]`: read new mail from the mailbox
  set up in Settings (every workspace's, without --workspace); exit 1 when
  a mailbox could not be read to the end (the reason on standard error).
- `despedida mail import PATH [--workspace SLUG] [--me ADDRESS]...`: an mbox
  file or a folder of .eml files, all or nothing; exit 2 naming every bad
  message.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from despedida.accounts.workspace_choice import WorkspaceChoiceError, ensure_migrated, resolve_workspace
from despedida.cli_progress import progress_reporter
from despedida.core.portfolio.input_errors import InputError, exit_input_error, exit_usage
from despedida.mailbox.importing import import_mail
from despedida.mailbox.models import Mailbox
from despedida.mailbox.recording import Counts
from despedida.mailbox.sync import Busy, sync_mailbox


def summary(counts: Counts) -> str:
    return (
        _(
            "%(stored)d stored in clients' records, %(already)d already there, %(skipped)d matched no client, "
            "%(failed)d could not be read"
        )
        % counts.as_dict()
    )


class Command(BaseCommand):
    help = _("Read the business's mail into its clients' records: from the mailbox (sync) or a mail export (import).")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{sync,import}")
        sync = actions.add_parser("sync", help=_("Read new mail from the mailbox set up in Settings."))
        sync.add_argument(
            "--workspace", help=_("Short name of the workspace (default: every workspace with a mailbox).")
        )
        mail_import = actions.add_parser(
            "import",
            help=_("Read an mbox file (Gmail Takeout, Thunderbird) or a folder of .eml files, all or nothing."),
        )
        mail_import.add_argument("path", help=_("The mbox file, or a folder of .eml files."))
        mail_import.add_argument("--workspace", help=_("Short name of the workspace to import into."))
        mail_import.add_argument(
            "--me",
            action="append",
            default=[],
            metavar="ADDRESS",
            help=_("One of your own addresses (repeat for each): mail from it counts as sent by you."),
        )

    def handle(self, *args, action, workspace=None, **options):
        ensure_migrated()
        if action == "sync":
            self.sync(workspace)
        else:
            self.import_file(Path(options["path"]), workspace, options["me"])

    def sync(self, slug: str | None) -> None:
        mailboxes = Mailbox.objects.select_related("workspace").order_by("workspace__slug")
        if slug:
            mailboxes = mailboxes.filter(workspace__slug=slug)
        mailboxes = list(mailboxes)
        if not mailboxes:
            exit_usage(
                _("no mailbox is set up: add one in Settings, Mail in")
                if not slug
                else _("workspace %(slug)s has no mailbox: add one in Settings, Mail in") % {"slug": slug},
                self.stderr,
            )
        failed = False
        for mailbox in mailboxes:
            label = mailbox.workspace.slug
            try:
                with progress_reporter(
                    _("Reading mail of %(workspace)s") % {"workspace": label}, self.stderr
                ) as update:
                    report = sync_mailbox(mailbox, progress=update, reader_process=True)
            except Busy:
                self.stderr.write(_("%(workspace)s: another sync of this mailbox is running.") % {"workspace": label})
                failed = True
                continue
            self.stdout.write(
                _("%(workspace)s: %(read)d messages read: %(summary)s; %(assessed)d clients assessed again.")
                % {
                    "workspace": label,
                    "read": report.to_read,
                    "summary": summary(report.counts),
                    "assessed": report.clients_assessed,
                }
            )
            for problem in [report.error, *report.folder_problems]:
                if problem is not None:
                    self.stderr.write(f"{label}: {problem.explain()}")
                    failed = True
        if failed:
            raise SystemExit(1)

    def import_file(self, path: Path, slug: str | None, me: list[str]) -> None:
        try:
            workspace = resolve_workspace(slug)
        except WorkspaceChoiceError as error:
            exit_usage(f"{path}: {error}", self.stderr)
        try:
            with progress_reporter(_("Importing mail"), self.stderr) as update:
                report = import_mail(workspace, path, me=me, progress=update)
        except InputError as error:
            exit_input_error(error, self.stderr)
        self.stdout.write(
            _(
                "Imported %(messages)d messages from %(files)d files into «%(workspace)s»: %(summary)s; "
                "%(assessed)d clients assessed again."
            )
            % {
                "messages": report.messages,
                "files": report.files,
                "workspace": workspace.slug,
                "summary": summary(report.counts),
                "assessed": report.clients_assessed,
            }
        )
