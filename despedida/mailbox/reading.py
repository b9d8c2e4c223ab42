"""Who reads a sync's batches off the server: this process, or a reader process beside it.

A batch is claimed in the ledger right before it is read (see `recording`),
then fetched and decided (headers parsed, bodies asked for where needed,
matched to clients), then written. Fetching and deciding are the costly
part and touch no database, so the first sync of a big mailbox gives them
to a second process with its own IMAP session (`ReaderProcess`): while it
reads batch n + 1, this process writes batch n. The ledger keeps the same
guarantees, because batch n + 1 is claimed only once batch n has come back
whole: a connection that drops loses at most the batch in hand, and no
attempt is counted for a batch nobody started to read.

`InProcess` does the same one batch at a time in this process: small syncs,
the web's "Sync now" (a web server's threads are no place to fork), and any
system without `fork`.

Both are used the same way: `open(folder)` gives the folder's UIDVALIDITY,
`request(folder, uidvalidity, uids)` claims a batch and starts reading it,
`result()` gives the decisions of the oldest batch requested.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import traceback
from collections import deque
from collections.abc import Callable
from functools import lru_cache

from django.utils.translation import gettext as _

from despedida.mailbox.automatic import Automatic
from despedida.mailbox.imap import Connection, MailServerError, Problem, connect
from despedida.mailbox.matching import Direction, How, Match
from despedida.mailbox.models import Mailbox
from despedida.mailbox.parsing import MailHeaders
from despedida.mailbox.recording import Decision, Recorder

Batch = tuple[str, int, list[int]]
# Seconds a reader gets to finish the fetch in hand and log out once the sync is over.
STOP_WAIT = 5
# Batches asked of each reader at a time: it starts the next as soon as it has sent one.
AHEAD = 2


def read_batch(connection: Connection, recorder: Recorder, uids: list[int]) -> list[Decision]:
    """Fetch the headers of `uids` and decide each message (with the bodies it needs)."""
    headers = connection.headers(uids)

    def bodies(wanted: list[int], size: int) -> dict[int, bytes]:
        starts = connection.text_starts([uid for uid in wanted if uid in headers], size)
        return {uid: headers[uid][0] + body for uid, body in starts.items()}

    return recorder.decide(headers, bodies)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class InProcess:
    """Claim, fetch and decide each batch in this process when its result is asked for."""

    ahead = 1

    def __init__(self, connection: Connection, recorder: Recorder) -> None:
        self.connection = connection
        self.recorder = recorder
        self._requested: deque[Batch] = deque()

    def open(self, folder: str) -> int:
        return self.connection.open_folder(folder)

    def request(self, folder: str, uidvalidity: int, uids: list[int]) -> None:
        self._requested.append((folder, uidvalidity, uids))

    def result(self) -> list[Decision]:
        folder, uidvalidity, uids = self._requested.popleft()
        self.recorder.claim(folder, uidvalidity, uids)
        return read_batch(self.connection, self.recorder, uids)

    def close(self) -> None:
        self._requested.clear()


class ReaderProcesses:
    """Forked processes, each with its own IMAP session, that fetch and decide the batches sent to them.

    Batches go to the readers in turn, and their results come back in the order they were asked for.
    """

    def __init__(self, mailbox: Mailbox, recorder: Recorder, count: int) -> None:
        self.mailbox = mailbox
        self.recorder = recorder
        self.ahead = AHEAD * count
        self._readers: list[_Reader] = []
        self._asked: deque[tuple[_Reader, Batch]] = deque()
        self._turn = 0
        try:
            for _ in range(count):
                self._readers.append(_Reader(mailbox, recorder, [reader._pipe for reader in self._readers]))
        except BaseException:
            self.close()
            raise

    def open(self, folder: str) -> int | None:
        """The folder's UIDVALIDITY as every reader opened it (None if it changed between two of them)."""
        for reader in self._readers:
            reader.send(("open", folder))
        found = {reader.answer() for reader in self._readers}
        return found.pop() if len(found) == 1 else None

    def request(self, folder: str, uidvalidity: int, uids: list[int]) -> None:
        self.recorder.claim(folder, uidvalidity, uids)
        reader = self._readers[self._turn % len(self._readers)]
        self._turn += 1
        self._asked.append((reader, (folder, uidvalidity, uids)))
        reader.send(("read", uids))

    def result(self) -> list[Decision]:
        reader, _batch = self._asked.popleft()
        try:
            return [unpack(item) for item in reader.answer()]
        except MailServerError:
            # The sync stops here: the batches asked after this one were claimed but their
            # reading is abandoned, so their attempt is given back.
            for _reader, (folder, uidvalidity, uids) in self._asked:
                self.recorder.release(folder, uidvalidity, uids)
            self._asked.clear()
            raise

    def close(self) -> None:
        for reader in self._readers:
            reader.close()


class _Reader:
    """One reader process and the pipe to it."""

    def __init__(self, mailbox: Mailbox, recorder: Recorder, others: list) -> None:
        self.mailbox = mailbox
        context = multiprocessing.get_context("fork")
        self._pipe, theirs = context.Pipe()
        # Forked: the reader shares this process's memory as it stands (the recorder's directory of
        # clients, the settings); it never touches the database.
        self._process = context.Process(
            target=_serve, args=(theirs, [self._pipe, *others], mailbox, recorder), daemon=True
        )
        self._process.start()
        theirs.close()
        self.answer()  # logged in, or the reason it could not

    def send(self, command: tuple) -> None:
        try:
            self._pipe.send(command)
        except OSError:
            pass  # the reader is gone: its next answer says so, in the order the sync asks for them

    def answer(self):
        try:
            kind, value = self._pipe.recv()
        except (EOFError, OSError):
            raise MailServerError(Problem.LOST, self.mailbox, _("the reading process stopped")) from None
        if kind == "error":
            raise MailServerError.from_data(self.mailbox, value)
        if kind == "crash":
            raise RuntimeError(f"the mail reading process failed:\n{value}")
        return value

    def close(self) -> None:
        # Closing our end is the signal: the reader stops at its next word to us (EOF or a
        # broken pipe), logs out and exits, even in the middle of a batch nobody will write.
        self._pipe.close()
        self._process.join(timeout=STOP_WAIT)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _serve(pipe, syncing_ends: list, mailbox: Mailbox, recorder: Recorder) -> None:
    """The reader process: log in, then answer each command until the syncing process closes its end."""
    for end in syncing_ends:
        end.close()  # forked with the syncing process's ends of every pipe: only it may hold them
    try:
        with connect(mailbox) as connection:
            pipe.send(("ok", None))
            commands: dict[str, Callable] = {
                "open": connection.open_folder,
                "read": lambda uids: [pack(decision) for decision in read_batch(connection, recorder, uids)],
            }
            while True:
                command, argument = pipe.recv()
                try:
                    pipe.send(("ok", commands[command](argument)))
                except MailServerError as error:
                    pipe.send(("error", error.as_data()))
    except (EOFError, BrokenPipeError):
        return  # the syncing process is gone: nothing to answer to
    except MailServerError as error:
        pipe.send(("error", error.as_data()))
    except BaseException:  # noqa: BLE001 - a bug is reported to the syncing process, which raises it
        pipe.send(("crash", traceback.format_exc()))


# Decisions cross the pipe as plain tuples: pickling the dataclasses (and an aware datetime with
# its zone) costs several times more, on both sides, for every message of a big first sync.


def pack(decision: Decision) -> tuple:
    headers, found = decision.headers, decision.found
    return (
        decision.uid,
        decision.problem,
        decision.snippet,
        decision.bounced_id,
        None if headers is None else _pack_headers(headers),
        None if found is None else (found.direction.value, found.client, found.how, found.counterparts),
    )


def unpack(item: tuple) -> Decision:
    uid, problem, snippet, bounced_id, headers, found = item
    return Decision(
        uid,
        None if headers is None else _unpack_headers(headers),
        problem=problem,
        found=None if found is None else _unpack_match(found),
        snippet=snippet,
        bounced_id=bounced_id,
    )


def _pack_headers(h: MailHeaders) -> tuple:
    date = h.date
    instant = None if date is None else (date.replace(tzinfo=None), date.utcoffset().total_seconds())
    return (
        h.message_id,
        h.in_reply_to,
        h.references,
        h.sender,
        h.sender_name,
        h.to,
        h.cc,
        instant,
        h.subject,
        h.automatic.value,
        h.has_attachments,
        h.content_type,
    )


def _unpack_headers(values: tuple) -> MailHeaders:
    message_id, in_reply_to, references, sender, sender_name, to, cc, instant, subject, automatic, files, kind = values
    return MailHeaders(
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        sender=sender,
        sender_name=sender_name,
        to=to,
        cc=cc,
        date=None if instant is None else instant[0].replace(tzinfo=_zone(instant[1])),
        subject=subject,
        automatic=Automatic(automatic),
        has_attachments=files,
        content_type=kind,
    )


def _unpack_match(values: tuple) -> Match:
    direction, client, how, counterparts = values
    return Match(Direction(direction), client, None if how is None else How(how), counterparts)


@lru_cache(maxsize=256)
def _zone(offset_seconds: float) -> dt.timezone:
    return dt.timezone(dt.timedelta(seconds=offset_seconds))
