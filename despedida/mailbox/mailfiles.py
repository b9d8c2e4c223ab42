"""Mail exports on disk: an mbox file (Gmail Takeout, Thunderbird) or a folder of .eml files (pure).

Each file is one unit for the ledger, like an IMAP folder: its name is the
folder, a hash of its content the UIDVALIDITY (a file that changed is a new
generation, read again without duplicates), the position of a message in
it the UID. Reading the same file twice reads nothing new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MBOX_SUFFIXES = {".mbox", ".mbx", ""}


class NotMail(Exception):
    """The path is neither an mbox file, an .eml file nor a folder holding .eml files."""


@dataclass(frozen=True, slots=True)
class FileMessage:
    position: int
    """1 for the first message of the file."""
    raw: bytes
    envelope_date: dt.datetime | None
    """The date on the mbox "From " line: stands in for a missing Date header."""


@dataclass(frozen=True, slots=True)
class MailFile:
    path: Path
    is_mbox: bool

    @property
    def label(self) -> str:
        return self.path.name

    def generation(self) -> int:
        """A 63-bit hash of the content: this file's UIDVALIDITY."""
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return int.from_bytes(digest.digest()[:8], "big") >> 1

    def count(self) -> int:
        if not self.is_mbox:
            return 1
        box = mailbox.mbox(self.path, create=False)
        try:
            return len(box)
        finally:
            box.close()

    def messages(self) -> Iterator[FileMessage]:
        if not self.is_mbox:
            yield FileMessage(1, self.path.read_bytes(), None)
            return
        box = mailbox.mbox(self.path, create=False)
        try:
            for position, key in enumerate(box.iterkeys(), start=1):
                raw = box.get_bytes(key)
                yield FileMessage(position, raw, _envelope_date(box.get_message(key).get_from()))
        finally:
            box.close()


def mail_files(path: Path) -> list[MailFile]:
    """The files under `path`, in name order; raises NotMail (with a reason) when there are none."""
    if not path.exists():
        raise NotMail("no such file or folder")
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".eml")
        if not found:
            raise NotMail("this folder holds no .eml files")
        return [MailFile(p, is_mbox=False) for p in found]
    if path.suffix.lower() == ".eml":
        return [MailFile(path, is_mbox=False)]
    with path.open("rb") as handle:
        start = handle.read(5)
    if start != b"From ":
        raise NotMail('not an mbox file (it should start with a "From " line) nor an .eml file')
    return [MailFile(path, is_mbox=True)]


ENVELOPE_FORMATS = ("%a %b %d %H:%M:%S %Y", "%a %b %d %H:%M:%S %z %Y", "%a %b %d %H:%M %Y")


def _envelope_date(line: str | None) -> dt.datetime | None:
    """The date of an mbox "From sender date" line (asctime, sometimes with a zone); UTC when none."""
    parts = (line or "").split()
    if len(parts) < 5:
        return None
    text = " ".join(parts[1:])
    for fmt in ENVELOPE_FORMATS:
        try:
            stamp = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
    return None
