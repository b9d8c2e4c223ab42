"""`despedida mail import`: a mail export (mbox, or a folder of .eml files) into the clients' records.

The same ledger and matching as the IMAP sync (see `recording`), each file
a folder of its own. All or nothing: every message of PATH is read inside
one transaction, and if any cannot be used (no sender, no date) the whole
import is refused with every bad message named, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from despedida.accounts.models import Workspace
from despedida.core.portfolio.input_errors import InputError, Problem
from despedida.mailbox.mailfiles import FileMessage, NotMail, mail_files
from despedida.mailbox.models import Mailbox, Source
from despedida.mailbox.recording import Counts, Recorder, explain_reason, origin_for, own_addresses
from despedida.mailbox.sync import assess_again

BATCH = 500


@dataclass
class ImportReport:
    files: int = 0
    messages: int = 0
    counts: Counts = field(default_factory=Counts)
    clients_assessed: int = 0


def header_block(raw: bytes) -> bytes:
    """The headers of a whole message: everything up to the first empty line."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        end = raw.find(separator)
        if end != -1:
            return raw[: end + len(separator)]
    return raw


def import_mail(
    workspace: Workspace, path: Path, me: Iterable[str] = (), progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Import the mail under `path`; raises InputError (nothing written) when anything is wrong."""
    try:
        files = mail_files(path)
    except NotMail as reason:
        raise InputError([Problem("", str(reason))], str(path)) from None
    mailbox = Mailbox.objects.in_workspace(workspace).first()
    own = own_addresses(workspace, mailbox, extra=me)
    if not own:
        raise InputError(
            [
                Problem(
                    "",
                    _(
                        "say which addresses are yours with --me ADDRESS (or set up the mailbox in Settings): "
                        "without them every message would look like the client's"
                    ),
                )
            ],
            str(path),
        )
    recorder = Recorder(
        workspace, Source.FILE, origin_for(Source.FILE), own, snippets=mailbox.snippets if mailbox else True
    )
    report = ImportReport(files=len(files))
    totals = [file.count() for file in files]
    total = sum(totals)
    problems: list[Problem] = []
    with transaction.atomic():
        for file, count in zip(files, totals):
            generation = file.generation()
            todo = set(recorder.pending(file.label, generation, range(1, count + 1)))
            messages = (m for m in file.messages() if m.position in todo)
            while batch := list(islice(messages, BATCH)):
                report.counts.add(_import_batch(recorder, file.label, generation, batch, problems))
                report.messages += len(batch)
                if progress is not None:
                    progress(report.messages, total)
        if problems:
            raise InputError(problems, str(path))
    report.clients_assessed = assess_again(workspace, recorder.affected)
    return report


def _import_batch(recorder: Recorder, label: str, generation: int, batch: list[FileMessage], problems: list) -> Counts:
    uids = [m.position for m in batch]
    recorder.claim(label, generation, uids)
    raw = {m.position: m.raw for m in batch}
    headers = {m.position: (header_block(m.raw), m.envelope_date) for m in batch}
    decisions = recorder.decide(headers, lambda wanted, size: {uid: raw[uid] for uid in wanted})
    for decision in decisions:
        if decision.problem is not None:
            where = _("%(file)s, message %(number)d") % {"file": label, "number": decision.uid}
            if decision.headers is not None and decision.headers.message_id:
                where += f" <{decision.headers.message_id}>"
            problems.append(Problem(where, explain_reason(decision.problem)))
    return recorder.write(label, generation, decisions, uids)
