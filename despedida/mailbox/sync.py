"""Read a workspace's mailbox into its clients' records: `despedida mail sync` and the worker's job.

One sync: log in, open each chosen folder read-only, ask for the messages
of the last N months (UID SEARCH SINCE), leave out those the ledger has
finished with, and read the rest in batches of headers (see `recording`).
A dropped connection leaves the batch in hand as FETCHED: the next sync
reads it again. A folder whose UIDVALIDITY changed is a new generation:
every message is read again, and none is stored twice (the Message-ID
decides). A folder that disappeared is reported and the others are read.

Only one sync of a mailbox runs at a time: it holds a lease on the
mailbox row (a compare-and-swap update, renewed after each batch).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from despedida.accounts import clock
from despedida.mailbox.imap import MailServerError, Problem, connect
from despedida.mailbox.models import Mailbox, Source
from despedida.mailbox.reading import InProcess, ReaderProcess, can_fork
from despedida.mailbox.recording import Counts, Recorder, origin_for, own_addresses

logger = logging.getLogger("despedida.mailbox")

BATCH = 500
# From this many messages to read, a sync that may use a reader process does.
READER_PROCESS_FROM = 2 * BATCH
LEASE = dt.timedelta(minutes=15)
# Past this many clients changed, assessing the whole workspace costs less than one by one.
WHOLE_WORKSPACE_FROM = 200

Progress = Callable[[int, int], None]


class Busy(Exception):
    """Another sync of this mailbox is running."""


@dataclass
class SyncReport:
    mailbox: Mailbox
    counts: Counts = field(default_factory=Counts)
    to_read: int = 0
    folder_problems: list[MailServerError] = field(default_factory=list)
    error: MailServerError | None = None
    clients_assessed: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and not self.folder_problems


def months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def lease() -> dt.timedelta:
    """How long a sync's claim holds without renewal (`DESPEDIDA_MAIL_SYNC_LEASE_SECONDS`)."""
    seconds = getattr(settings, "MAIL_SYNC_LEASE_SECONDS", None)
    return LEASE if seconds is None else dt.timedelta(seconds=seconds)


def claim(mailbox: Mailbox, now: dt.datetime | None = None) -> bool:
    """Take the mailbox's lease if no other sync holds it (compare-and-swap)."""
    now = now or clock.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return Mailbox.objects.filter(free, pk=mailbox.pk).update(claimed_until=now + lease()) == 1


def sync_mailbox(mailbox: Mailbox, progress: Progress | None = None, *, reader_process: bool = False) -> SyncReport:
    """Read new mail of `mailbox`; raises Busy when another sync holds it.

    With `reader_process` (the CLI and the worker), a sync of at least READER_PROCESS_FROM
    messages is read by a second process while this one writes (see `reading`).
    """
    if not claim(mailbox):
        raise Busy(str(mailbox))
    report = SyncReport(mailbox)
    workspace = mailbox.workspace
    recorder = Recorder(
        workspace,
        Source.IMAP,
        origin_for(Source.IMAP),
        own_addresses(workspace, mailbox),
        snippets=mailbox.snippets,
        mailbox=mailbox,
    )
    try:
        _read(mailbox, recorder, report, progress or (lambda done, total: None), reader_process)
    except MailServerError as error:
        report.error = error
        logger.warning("Mail sync of workspace %s stopped: %s", workspace.slug, error.problem)
    finally:
        try:
            report.clients_assessed = assess_again(workspace, recorder.affected)
        finally:
            _finish(mailbox, report)
    return report


def _read(mailbox: Mailbox, recorder: Recorder, report: SyncReport, progress: Progress, reader_process: bool) -> None:
    since = months_before(clock.today_for(mailbox.workspace), mailbox.months)
    with connect(mailbox) as connection:
        plan = []
        for folder in mailbox.folders or ["INBOX"]:
            try:
                uidvalidity = connection.open_folder(folder)
            except MailServerError as error:
                if error.problem != Problem.FOLDER:
                    raise
                report.folder_problems.append(error)
                continue
            todo = recorder.pending(folder, uidvalidity, connection.uids_since(since))
            plan.append((folder, uidvalidity, todo))
        report.to_read = sum(len(todo) for _f, _v, todo in plan)
        progress(0, report.to_read)
        if not report.to_read:
            return
        separate = reader_process and report.to_read >= READER_PROCESS_FROM and can_fork()
        reader = ReaderProcess(connection, recorder) if separate else InProcess(connection, recorder)
        try:
            done = 0
            for folder, uidvalidity, todo in plan:
                if not todo:
                    continue
                if reader.open(folder) != uidvalidity:
                    continue  # renumbered this very minute: the next sync reads the new generation
                batches = split(todo, pipelined=separate)
                for batch in batches[: reader.ahead]:
                    reader.request(folder, uidvalidity, batch)
                for number, batch in enumerate(batches):
                    decisions = reader.result()
                    if number + reader.ahead < len(batches):
                        # The reader goes on with the next batches while this one is written.
                        reader.request(folder, uidvalidity, batches[number + reader.ahead])
                    report.counts.add(recorder.write(folder, uidvalidity, decisions, batch))
                    done += len(batch)
                    progress(done, report.to_read)
                    claim_again(mailbox)
        finally:
            reader.close()


def split(todo: list[int], pipelined: bool) -> list[list[int]]:
    """Batches of BATCH uids. Pipelined, the first and the last are smaller: the writing waits
    for the first to be read, and the reading for the last to be written."""
    edge = BATCH // 5
    if not pipelined or not edge or len(todo) <= 2 * BATCH:
        return [todo[start : start + BATCH] for start in range(0, len(todo), BATCH)]
    middle = todo[edge:-edge]
    return [todo[:edge], *(middle[start : start + BATCH] for start in range(0, len(middle), BATCH)), todo[-edge:]]


def claim_again(mailbox: Mailbox) -> None:
    Mailbox.objects.filter(pk=mailbox.pk).update(claimed_until=clock.now() + lease())


def assess_again(workspace, client_ids: set[int]) -> int:
    """Recompute the assessments of the clients whose mail changed."""
    if not client_ids:
        return 0
    from despedida.assessment.stored import recompute_client, recompute_workspace
    from despedida.clients.models import Client
    from despedida.silence.protocol import open_protocol, stop_if_client_replied

    clients = list(Client.objects.in_workspace(workspace).filter(pk__in=client_ids).select_related("workspace"))
    # Messages are written in bulk, without signals: an answer read from the mailbox stops
    # the client's silence protocol here, as one typed on the client page does.
    for client in clients:
        protocol = open_protocol(client)
        if protocol is not None:
            stop_if_client_replied(protocol)
    if len(client_ids) >= WHOLE_WORKSPACE_FROM:
        return recompute_workspace(workspace)
    for client in clients:
        try:
            recompute_client(client)
        except Client.DoesNotExist:
            pass  # an import replaced it meanwhile, and assesses the new one itself
    return len(client_ids)


def _finish(mailbox: Mailbox, report: SyncReport) -> None:
    problems = [report.error] if report.error else []
    problems += report.folder_problems
    Mailbox.objects.filter(pk=mailbox.pk).update(
        claimed_until=None,
        last_sync_at=clock.now(),
        last_problems=[problem.as_data() for problem in problems],
        last_counts={**report.counts.as_dict(), "to_read": report.to_read},
    )
    mailbox.refresh_from_db()


def sync_due(now: dt.datetime) -> int:
    """The worker's job: sync each enabled mailbox whose next sync is due; returns messages stored."""
    stored = 0
    due = Mailbox.objects.filter(enabled=True).filter(Q(next_sync_at__isnull=True) | Q(next_sync_at__lte=now))
    for mailbox in due.select_related("workspace"):
        # Move the next sync first (compare-and-swap), so two workers never both take this one.
        taken = Mailbox.objects.filter(pk=mailbox.pk, next_sync_at=mailbox.next_sync_at).update(
            next_sync_at=now + dt.timedelta(minutes=mailbox.sync_every_minutes)
        )
        if taken != 1:
            continue
        try:
            report = sync_mailbox(mailbox, reader_process=True)
        except Busy:
            continue
        stored += report.counts.stored
    return stored
