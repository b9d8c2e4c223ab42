"""From messages read (IMAP or a file) to the ledger and the client's record, a batch at a time.

IMAP sync and mail import share this path. A batch goes:

1. `claim()`: the ledger rows exist, as FETCHED, with one more attempt
   counted, before anything is read (a message that breaks the connection
   every time runs out of attempts instead of blocking the folder);
2. the caller reads the headers; `decide()` parses and matches them,
   asking for the start of a body only where it is needed (a bounce's
   report, the snippet of a message that matched a client);
3. `write()`: in one transaction, new `clients.Message` rows (never one
   whose Message-ID the workspace already holds), the final status of each
   ledger row, the unknown senders' counts.

Clients whose record changed are collected in `affected`, for the caller
to assess again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils.translation import gettext_lazy

from despedida.accounts import clock
from despedida.accounts.models import Workspace
from despedida.clients.models import AutoReply, Client, Direction, Message, MessageOrigin
from despedida.fast_insert import insert_alike, insert_rows, update_rows
from despedida.mailbox import asks
from despedida.mailbox.automatic import Automatic
from despedida.mailbox.matching import Directory, Match, match
from despedida.mailbox.models import (
    MAX_ATTEMPTS,
    AddressKind,
    ClientAddress,
    LedgerEntry,
    Mailbox,
    Source,
    Status,
    UnknownSender,
)
from despedida.mailbox.parsing import MailHeaders, parse_headers
from despedida.mailbox.snippets import bounce_report, snippet
from despedida.outbox.models import SmtpAccount

# Why a message could not be read: codes in the ledger, sentences where they are shown.
REASONS = {
    "no_sender": gettext_lazy("no sender: the From header is missing or unreadable"),
    "no_date": gettext_lazy("no date: the Date header is missing or unreadable"),
    "unreadable": gettext_lazy("the headers could not be read"),
    "connection": gettext_lazy("the connection broke every time this message was read"),
}


def explain_reason(reason: str) -> str:
    code, _sep, detail = reason.partition(":")
    text = REASONS.get(code)
    if text is None:
        return reason
    return f"{text} ({detail.strip()})" if detail.strip() else str(text)


LEDGER_COLUMNS = (
    "workspace_id",
    "source",
    "mailbox_id",
    "folder",
    "uidvalidity",
    "uid",
    "status",
    "reason",
    "attempts",
    "message_id",
    "client_id",
    "counterparts",
    "updated_at",
)
# A ledger row's final word on its message, written over the claim (see `write`).
FINAL_COLUMNS = ("status", "reason", "message_id", "client", "counterparts", "updated_at")
# Messages are inserted as plain rows (see fast_insert): no signals, as bulk_create, at a fraction of its cost.
MESSAGE_COLUMNS = (
    "workspace_id",
    "client_id",
    "extra",
    "position",
    "at",
    "utc_offset_minutes",
    "direction",
    "subject",
    "body",
    "needs_reply",
    "origin",
    "message_id",
    "in_reply_to",
    "references",
    "snippet",
    "auto_reply",
    "needs_reply_set_by_user",
)
SNIPPET_BYTES = 4096
# Unknown senders per statement (four values each).
UPSERT_ROWS = 5000
REPORT_BYTES = 16384

# The caller's way to get the start of bodies: {uid: header and body bytes}, for these uids, this many bytes.
BodyReader = Callable[[list[int], int], dict[int, bytes]]


def own_addresses(workspace: Workspace, mailbox: Mailbox | None = None, extra: Iterable[str] = ()) -> list[str]:
    """The business's addresses: the mailbox's user, its aliases, the SMTP account's, and `extra` (--me)."""
    found = list(extra)
    mailbox = mailbox or Mailbox.objects.in_workspace(workspace).first()
    if mailbox is not None:
        found += [mailbox.username, *mailbox.alias_list()]
    account = SmtpAccount.objects.in_workspace(workspace).first()
    if account is not None:
        found += [account.from_address, account.reply_to]
    return [a.strip().lower() for a in found if a and "@" in a]


def load_directory(workspace: Workspace, own: Iterable[str]) -> Directory:
    extra = ClientAddress.objects.in_workspace(workspace)
    contacts = Client.objects.in_workspace(workspace).exclude(contact_email=None).exclude(contact_email="")
    # Addresses given on the client page come first: where an address is also another
    # client's contact email, the user's latest word wins.
    addresses = list(extra.filter(kind=AddressKind.ADDRESS).values_list("client_id", "value"))
    addresses += list(contacts.values_list("pk", "contact_email"))
    domains = list(extra.filter(kind=AddressKind.DOMAIN).values_list("client_id", "value"))
    return Directory.build(own, addresses, domains)


@dataclass
class Decision:
    uid: int
    headers: MailHeaders | None
    problem: str | None = None
    found: Match | None = None
    snippet: str = ""
    bounced_id: str | None = None

    @property
    def client(self) -> int | None:
        return self.found.client if self.found else None


@dataclass
class Counts:
    stored: int = 0
    already: int = 0
    skipped: int = 0
    failed: int = 0
    gone: int = 0

    def add(self, other: Counts) -> None:
        for name in ("stored", "already", "skipped", "failed", "gone"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {"stored": self.stored, "already": self.already, "skipped": self.skipped, "failed": self.failed}


@dataclass
class Recorder:
    workspace: Workspace
    source: str
    origin: str
    own: list[str]
    snippets: bool = True
    mailbox: Mailbox | None = None
    affected: set[int] = field(default_factory=set)
    directory: Directory = field(init=False)
    # Per (folder, uidvalidity): the uids that already have a ledger row.
    _has_row: dict[tuple[str, int], set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.directory = load_directory(self.workspace, self.own)

    @property
    def mailbox_id(self) -> int | None:
        return self.mailbox.pk if self.mailbox is not None else None

    # -- 1. claim ------------------------------------------------------------

    def rows(self, folder: str, uidvalidity: int):
        rows = LedgerEntry.objects.filter(
            workspace=self.workspace, source=self.source, folder=folder, uidvalidity=uidvalidity
        )
        return rows.filter(mailbox=self.mailbox) if self.source == Source.IMAP else rows

    def pending(self, folder: str, uidvalidity: int, candidates: Iterable[int]) -> list[int]:
        """Of `candidates`, the uids still to read: not yet in the ledger, being read, or failed with attempts left.

        Rows sent back to FETCHED (an address was assigned to a client) are pending too.
        """
        finished = set(
            self.rows(folder, uidvalidity)
            .filter(status__in=[Status.STORED, Status.SKIPPED_UNMATCHED])
            .values_list("uid", flat=True)
        )
        given_up = set(
            self.rows(folder, uidvalidity)
            .filter(status=Status.FAILED, attempts__gte=MAX_ATTEMPTS)
            .values_list("uid", flat=True)
        )
        sent_back = set(self.rows(folder, uidvalidity).filter(status=Status.FETCHED).values_list("uid", flat=True))
        retrying = set(self.rows(folder, uidvalidity).filter(status=Status.FAILED).values_list("uid", flat=True))
        self._has_row[(folder, uidvalidity)] = sent_back | retrying
        return sorted((set(candidates) | sent_back) - finished - given_up)

    def claim(self, folder: str, uidvalidity: int, uids: list[int]) -> None:
        """Record the attempt before reading: rows exist as FETCHED, attempts + 1."""
        known = self._has_row.get((folder, uidvalidity))
        if known is None:  # claimed without asking what is pending first: look
            known = set(self.rows(folder, uidvalidity).filter(uid__in=uids).values_list("uid", flat=True))
            self._has_row[(folder, uidvalidity)] = known
        with transaction.atomic():
            fresh = [uid for uid in uids if uid not in known]
            existing = [uid for uid in uids if uid in known]
            now = clock.now()
            insert_alike(
                LedgerEntry,
                LEDGER_COLUMNS,
                (
                    self.workspace.pk,
                    self.source,
                    self.mailbox_id,
                    folder,
                    uidvalidity,
                    Status.FETCHED,
                    "",
                    1,
                    "",
                    None,
                    "",
                    now,
                ),
                "uid",
                fresh,
            )
            if existing:
                rows = self.rows(folder, uidvalidity).filter(uid__in=existing)
                # A row read MAX_ATTEMPTS times without an answer (the connection broke each time) stops here.
                rows.filter(status=Status.FETCHED, attempts__gte=MAX_ATTEMPTS).update(
                    status=Status.FAILED, reason="connection", updated_at=now
                )
                rows.exclude(status=Status.FAILED, attempts__gte=MAX_ATTEMPTS).update(
                    status=Status.FETCHED, attempts=F("attempts") + 1, updated_at=now
                )
        known.update(fresh)

    def release(self, folder: str, uidvalidity: int, uids: list[int]) -> None:
        """Give back the attempt claimed for `uids` when their reading was abandoned before it began.

        The rows this claim created go; the others keep one attempt fewer.
        """
        rows = self.rows(folder, uidvalidity).filter(uid__in=uids, status=Status.FETCHED)
        with transaction.atomic():
            gone = set(rows.filter(attempts__lte=1).values_list("uid", flat=True))
            rows.filter(attempts__lte=1)._raw_delete(LedgerEntry.objects.db)  # as `write` removes rows: no signals
            rows.update(attempts=F("attempts") - 1)
        known = self._has_row.get((folder, uidvalidity))
        if known is not None:
            known.difference_update(gone)

    # -- 2. decide -----------------------------------------------------------

    def decide(self, raw_headers: dict[int, tuple[bytes, dt.datetime | None]], bodies: BodyReader) -> list[Decision]:
        decisions = []
        for uid, (raw, arrived) in sorted(raw_headers.items()):
            try:
                headers = parse_headers(raw, fallback_date=arrived)
            except Exception as error:  # noqa: BLE001 - any parser failure is recorded, never skipped
                decisions.append(Decision(uid, None, problem=f"unreadable: {error.__class__.__name__}: {error}"))
                continue
            decisions.append(Decision(uid, headers, problem=headers.problem()))
        readable = [d for d in decisions if d.problem is None]
        bounces = [d.uid for d in readable if d.headers.automatic == Automatic.BOUNCE]
        reports = {uid: bounce_report(raw) for uid, raw in bodies(bounces, REPORT_BYTES).items()} if bounces else {}
        for decision in readable:
            headers = decision.headers
            report = reports.get(decision.uid)
            failed = report.recipients if report and report.recipients else None
            decision.found = match(headers.sender, headers.recipients, self.directory, counterparts=failed)
            if report is not None:
                decision.bounced_id = report.original_message_id or headers.in_reply_to
        wanted = [d.uid for d in readable if d.client and self.snippets and d.headers.automatic == Automatic.NONE]
        if wanted:
            by_uid = {d.uid: d for d in readable}
            for uid, raw in bodies(wanted, SNIPPET_BYTES).items():
                decision = by_uid[uid]
                try:
                    decision.snippet = snippet(raw)
                except Exception:  # noqa: BLE001 - a snippet is a nicety; the message is stored without one
                    decision.snippet = ""
        return decisions

    # -- 3. write ------------------------------------------------------------

    def write(self, folder: str, uidvalidity: int, decisions: list[Decision], claimed: Iterable[int]) -> Counts:
        counts = Counts()
        with transaction.atomic():
            rows = self._claimed_rows(folder, uidvalidity, list(claimed))
            ids = [d.headers.dedupe_id() for d in decisions if d.headers is not None]
            held = dict(self._select_in("message_id, client_id", Message, "message_id", ids))
            claimed_pks = set(rows.values())
            seen_before = {
                message_id
                for pk, message_id in self._select_in("id, message_id", LedgerEntry, "message_id", ids)
                if pk not in claimed_pks
            }
            positions = self._next_positions({d.client for d in decisions if d.client})
            new_messages: list[dict] = []
            unknown: dict[str, list[dt.datetime]] = {}
            bounced: list[str] = []
            final: list[tuple] = []
            now = clock.now()

            def record(
                uid: int,
                status: str,
                reason: str = "",
                message_id: str = "",
                client: int | None = None,
                counterparts: str = "",
            ) -> None:
                final.append((rows[uid], status, reason, message_id[:500], client, counterparts, now))

            for decision in decisions:
                uid = decision.uid
                if uid not in rows:
                    continue
                if decision.problem is not None:
                    record(uid, Status.FAILED, reason=decision.problem)
                    counts.failed += 1
                    continue
                headers = decision.headers
                message_id = headers.dedupe_id()
                if decision.client is None:
                    record(
                        uid,
                        Status.SKIPPED_UNMATCHED,
                        message_id=message_id,
                        counterparts=" " + " ".join(decision.found.counterparts) + " ",
                    )
                    counts.skipped += 1
                    if (
                        decision.found.direction == "in"
                        and headers.automatic == Automatic.NONE
                        and message_id not in seen_before
                        and decision.found.counterparts
                    ):
                        unknown.setdefault(decision.found.counterparts[0], []).append(headers.date)
                    seen_before.add(message_id)
                    continue
                if message_id in held:
                    record(uid, Status.STORED, message_id=message_id, client=held[message_id])
                    counts.already += 1
                    continue
                record(uid, Status.STORED, message_id=message_id, client=decision.client)
                held[message_id] = decision.client
                new_messages.append(self._message(decision, positions))
                if decision.bounced_id:
                    bounced.append(decision.bounced_id)
                self.affected.add(decision.client)
                counts.stored += 1
            # A bounce read before the message it bounced (another folder, an earlier batch).
            asking = [m["message_id"] for m in new_messages if m["needs_reply"]]
            if asking:
                bounced_before = set(
                    Message.objects.filter(
                        workspace=self.workspace, auto_reply=AutoReply.BOUNCE, in_reply_to__in=asking
                    ).values_list("in_reply_to", flat=True)
                ) | set(bounced)
                for message in new_messages:
                    if message["needs_reply"] and message["message_id"] in bounced_before:
                        message["needs_reply"] = False
            insert_rows(
                Message,
                MESSAGE_COLUMNS,
                (tuple(message[name] for name in MESSAGE_COLUMNS) for message in new_messages),
            )
            update_rows(LedgerEntry, FINAL_COLUMNS, final)
            # Claimed but not returned by the server: expunged meanwhile, nothing to read (the row goes).
            written = {row[0] for row in final}
            gone = [pk for pk in claimed_pks if pk not in written]
            if gone:
                LedgerEntry.objects.filter(pk__in=gone)._raw_delete(LedgerEntry.objects.db)
            counts.gone += len(gone)
            self._count_unknown(unknown)
            if bounced:
                self._mark_bounced(bounced)
        return counts

    def _claimed_rows(self, folder: str, uidvalidity: int, uids: list[int]) -> dict[int, int]:
        """uid -> pk of this batch's ledger rows (the raw form of `rows(folder, uidvalidity)`)."""
        where = "source = %s AND folder = %s AND uidvalidity = %s AND " + (
            "mailbox_id = %s" if self.source == Source.IMAP else "mailbox_id IS NULL"
        )
        params = [self.source, folder, uidvalidity] + ([self.mailbox_id] if self.source == Source.IMAP else [])
        return dict(self._select_in("uid, id", LedgerEntry, "uid", uids, where, params))

    def _select_in(
        self, columns: str, model, column: str, values: list, where: str = "", params: Iterable = ()
    ) -> list[tuple]:
        """`columns` of the workspace's rows of `model` whose `column` is one of `values` (and `where`):
        one plain statement, where Django's `__in` lookup adapts each of hundreds of values one by one."""
        if not values:
            return []
        quote = connection.ops.quote_name
        if connection.vendor == "postgresql":  # one array, not hundreds of parameters
            one_of, values = f"= ANY(%s::{model._meta.get_field(column).db_type(connection)}[])", [list(values)]
        else:
            one_of = "IN (" + ", ".join(["%s"] * len(values)) + ")"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {quote(model._meta.db_table)} "
                f"WHERE workspace_id = %s AND {quote(column)} {one_of}" + (f" AND {where}" if where else ""),
                [self.workspace.pk, *values, *params],
            )
            return cursor.fetchall()

    def _next_positions(self, clients: set[int]) -> dict[int, int]:
        found = dict(
            Message.objects.filter(client_id__in=clients)
            .values("client_id")
            .annotate(top=Max("position"))
            .values_list("client_id", "top")
        )
        return {client: (found.get(client) if found.get(client) is not None else -1) + 1 for client in clients}

    def _message(self, decision: Decision, positions: dict[int, int]) -> dict:
        """The new message's row, by column (MESSAGE_COLUMNS): a model instance each would cost more than the rest."""
        headers = decision.headers
        client = decision.client
        position = positions[client]
        positions[client] = position + 1
        offset = headers.date.utcoffset() or dt.timedelta(0)
        outgoing = decision.found.direction == "out"
        automatic = headers.automatic
        return {
            "workspace_id": self.workspace.pk,
            "client_id": client,
            "extra": {},
            "position": position,
            "at": headers.date,
            "utc_offset_minutes": int(offset.total_seconds() // 60),
            "direction": Direction.OUT if outgoing else Direction.IN,
            "subject": headers.subject[:500] or None,
            "body": None,
            "snippet": decision.snippet[:300],
            "needs_reply": outgoing
            and automatic == Automatic.NONE
            and asks.needs_reply(headers.subject, decision.snippet, headers.has_attachments),
            "origin": self.origin,
            "message_id": headers.dedupe_id()[:500],
            "in_reply_to": (decision.bounced_id or headers.in_reply_to or "")[:500],
            "references": " ".join(headers.references),
            "auto_reply": AutoReply(automatic.value) if automatic != Automatic.NONE else AutoReply.NONE,
            "needs_reply_set_by_user": False,
        }

    def _count_unknown(self, unknown: dict[str, list[dt.datetime]]) -> None:
        """Add this batch's messages to each unknown sender's count, keeping the latest date:
        one INSERT ... ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike) for the batch."""
        known = set(self.directory.addresses)
        rows = [
            (self.workspace.pk, address[:320], len(dates), _db_instant(max(dates)))
            for address, dates in unknown.items()
            if address not in known
        ]
        if not rows:
            return
        table, workspace, address, count, last = (
            connection.ops.quote_name(name)
            for name in (UnknownSender._meta.db_table, "workspace_id", "address", "count", "last_at")
        )
        with connection.cursor() as cursor:
            for start in range(0, len(rows), UPSERT_ROWS):
                chunk = rows[start : start + UPSERT_ROWS]
                cursor.execute(
                    f"INSERT INTO {table} ({workspace}, {address}, {count}, {last}) VALUES "
                    + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                    + f" ON CONFLICT ({workspace}, {address}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}, "
                    f"{last} = CASE WHEN excluded.{last} > {table}.{last} THEN excluded.{last} ELSE {table}.{last} END",
                    [value for row in chunk for value in row],
                )

    def _mark_bounced(self, message_ids: list[str]) -> None:
        """A message that bounced never reached the client: nothing waits on them for it."""
        rows = Message.objects.filter(
            workspace=self.workspace,
            message_id__in=message_ids,
            direction=Direction.OUT,
            needs_reply=True,
            needs_reply_set_by_user=False,
        )
        self.affected.update(rows.values_list("client_id", flat=True))
        rows.update(needs_reply=False)


def _db_instant(at: dt.datetime):
    """An aware instant as the database driver takes it in a plain statement (as Django would save it)."""
    return UnknownSender._meta.get_field("last_at").get_db_prep_save(at, connection)


def tally(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for item in counts:
        total.add(item)
    return total


def origin_for(source: str) -> str:
    return MessageOrigin.IMAP if source == Source.IMAP else MessageOrigin.MAIL_FILE
