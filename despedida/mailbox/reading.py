"""Who fetches a sync's batches of headers: this process, or a reader process beside it.

A batch is claimed in the ledger right before it is read (see `recording`),
then its headers are fetched, then it is decided (headers parsed, matched to
clients, the start of a body asked for where needed) and written. Fetching
the headers is the IMAP library's work, as costly as deciding and writing
together, so the first sync of a big mailbox gives it to a second process
with its own IMAP session (`ReaderProcess`): while the reader fetches the
next batches, this process decides and writes the one in hand (the few
bodies it needs come over its own session).

The ledger keeps its guarantees. A batch is claimed before it is sent to the
reader, and at most two are in the reader's hands; when one fails (the
connection dropped, the reader died), the sync stops there as it would in
one process, and the batch asked after it gives its attempt back: no
attempt is counted for a batch whose reading was abandoned before it began.

`InProcess` fetches each batch in this process when its result is asked
for: small syncs, the web's "Sync now" (a web server's threads are no place
to fork), and any system without `fork`.

Both are used the same way: `open(folder)` gives the folder's UIDVALIDITY,
`request(folder, uidvalidity, uids)` claims a batch and starts reading it,
`result()` gives the decisions of the oldest batch requested.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import traceback
from collections import deque

from django.utils.translation import gettext as _

from despedida.mailbox.imap import Connection, MailServerError, Problem, connect
from despedida.mailbox.models import Mailbox
from despedida.mailbox.parsing import fixed_zone
from despedida.mailbox.recording import Decision, Recorder

Batch = tuple[str, int, list[int]]
Headers = dict[int, tuple[bytes, dt.datetime | None]]
# Seconds a reader gets to finish the fetch in hand and log out once the sync is over.
STOP_WAIT = 5
# Batches in the reader's hands at a time: it starts the next as soon as it has sent one.
AHEAD = 2


def decide_batch(connection: Connection, recorder: Recorder, headers: Headers) -> list[Decision]:
    """Decide each message of a batch whose `headers` were fetched, asking `connection` for the bodies it needs."""

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
        return decide_batch(self.connection, self.recorder, self.connection.headers(uids))

    def close(self) -> None:
        self._requested.clear()


class ReaderProcess:
    """A forked process with its own IMAP session that fetches the headers of the batches sent to it.

    Batches come back in the order they were asked for; each is decided here,
    with `connection` for the bodies. (Two readers were tried: with this
    process and Dovecot, three busy processes on two cores made it slower.)
    """

    ahead = AHEAD

    def __init__(self, connection: Connection, recorder: Recorder) -> None:
        self.connection = connection
        self.recorder = recorder
        self._reader = _Reader(connection.mailbox)
        self._asked: deque[Batch] = deque()

    def open(self, folder: str) -> int | None:
        """The folder's UIDVALIDITY as the reader and this session opened it (None if it changed meanwhile).

        This session opens it too: the bodies of its messages are fetched here, by uid.
        """
        self._reader.send(("open", folder))
        found = {self._reader.answer(), self.connection.open_folder(folder)}
        return found.pop() if len(found) == 1 else None

    def request(self, folder: str, uidvalidity: int, uids: list[int]) -> None:
        self.recorder.claim(folder, uidvalidity, uids)
        self._asked.append((folder, uidvalidity, uids))
        self._reader.send(("read", uids))

    def result(self) -> list[Decision]:
        self._asked.popleft()
        try:
            headers = unpack(self._reader.answer())
        except MailServerError:
            # The sync stops here: the batch asked after this one was claimed but its
            # reading is abandoned, so its attempt is given back.
            for folder, uidvalidity, uids in self._asked:
                self.recorder.release(folder, uidvalidity, uids)
            self._asked.clear()
            raise
        return decide_batch(self.connection, self.recorder, headers)

    def close(self) -> None:
        self._reader.close()


class _Reader:
    """One reader process and the pipe to it."""

    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox
        context = multiprocessing.get_context("fork")
        self.pipe, theirs = context.Pipe()
        # Forked: the reader shares this process's memory as it stands (the mailbox, the
        # settings); it never touches the database.
        self._process = context.Process(target=_serve, args=(theirs, self.pipe, mailbox), daemon=True)
        self._process.start()
        theirs.close()
        self.answer()  # logged in, or the reason it could not

    def send(self, command: tuple) -> None:
        try:
            self.pipe.send(command)
        except OSError:
            pass  # the reader is gone: its next answer says so, in the order the sync asks for them

    def answer(self):
        try:
            kind, value = self.pipe.recv()
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
        self.pipe.close()
        self._process.join(timeout=STOP_WAIT)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _serve(pipe, syncing_end, mailbox: Mailbox) -> None:
    """The reader process: log in, then answer each command until the syncing process closes its end."""
    syncing_end.close()  # forked with both ends of the pipe: only the syncing process may hold its own
    try:
        with connect(mailbox) as connection:
            pipe.send(("ok", None))
            while True:
                command, argument = pipe.recv()
                try:
                    if command == "open":
                        answer = connection.open_folder(argument)
                    else:
                        answer = fetch_headers(connection, argument)
                    pipe.send(("ok", answer))
                except MailServerError as error:
                    pipe.send(("error", error.as_data()))
    except (EOFError, BrokenPipeError):
        return  # the syncing process is gone: nothing to answer to
    except MailServerError as error:
        pipe.send(("error", error.as_data()))
    except BaseException:  # noqa: BLE001 - a bug is reported to the syncing process, which raises it
        pipe.send(("crash", traceback.format_exc()))


def fetch_headers(connection: Connection, uids: list[int]) -> list[tuple]:
    """The reader's work: the batch's headers, packed to cross the pipe."""
    return pack(connection.headers(uids))


# Headers cross the pipe as bytes and plain numbers: an aware datetime pickles with its zone
# object, which costs more than everything else of a message.


def pack(headers: Headers) -> list[tuple]:
    packed = []
    for uid, (raw, arrived) in headers.items():
        offset = arrived.utcoffset() if arrived is not None else None
        if arrived is None or offset is None:
            packed.append((uid, raw, arrived, None))
        else:
            packed.append((uid, raw, arrived.replace(tzinfo=None), int(offset.total_seconds())))
    return packed


def unpack(packed: list[tuple]) -> Headers:
    return {
        uid: (raw, arrived if offset is None else arrived.replace(tzinfo=fixed_zone(offset)))
        for uid, raw, arrived, offset in packed
    }
