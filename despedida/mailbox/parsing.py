"""The headers of one mail message as a plain record (pure; the standard `email` package, modern policy).

`parse_headers(raw)` takes the header bytes (what IMAP's BODY.PEEK[HEADER]
returns, or the start of a file) and gives a `MailHeaders`: Message-ID and
the thread headers without angle brackets, addresses in lower case, the
Date as an aware datetime in the offset it was written in, the subject
decoded (RFC 2047, or raw 8-bit text in UTF-8 or Windows-1252), and
whether a machine wrote it (see `automatic`). Nothing here raises on a
malformed header: what cannot be read is left empty, and `problem()` names
what is missing for the message to be usable.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import hashlib
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import HeaderParser

from despedida.mailbox.automatic import Automatic, detect

POLICY = email.policy.default.clone(max_line_length=None)
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
BARE_ID = re.compile(r"^[^<>\s]+@[^<>\s]+$")
# Synthetic ids for messages without one: the reserved .invalid domain says it is ours.
SYNTHETIC_DOMAIN = "despedida.invalid"


@dataclass(frozen=True, slots=True)
class MailHeaders:
    message_id: str | None
    in_reply_to: str | None
    """The message this one answers: In-Reply-To, else the last of References."""
    references: tuple[str, ...]
    sender: str | None
    sender_name: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    date: dt.datetime | None
    subject: str
    automatic: Automatic
    has_attachments: bool
    """A multipart/mixed message: as near as headers get to "it carries files"."""
    content_type: str

    @property
    def recipients(self) -> tuple[str, ...]:
        return self.to + tuple(a for a in self.cc if a not in self.to)

    def dedupe_id(self) -> str:
        """The Message-ID, or for a message without one an id made from what it says of itself."""
        if self.message_id:
            return self.message_id
        basis = "\n".join([
            self.date.isoformat() if self.date else "", self.sender or "", " ".join(self.recipients), self.subject,
        ])
        return f"{hashlib.sha256(basis.encode()).hexdigest()[:32]}@{SYNTHETIC_DOMAIN}"

    def problem(self) -> str | None:
        """Why the message cannot be placed in a client's record (a code: no_sender, no_date), or None."""
        if not self.sender:
            return "no_sender"
        if self.date is None:
            return "no_date"
        return None


def parse_headers(raw: bytes | str, fallback_date: dt.datetime | None = None) -> MailHeaders:
    """Read the header block `raw`; `fallback_date` (e.g. IMAP's INTERNALDATE) stands in for a missing Date."""
    message = HeaderParser(policy=POLICY).parsestr(_as_text(raw), headersonly=True)
    sender_name, sender = _first_address(message, "From")
    references = tuple(_ids(_header(message, "References")))
    replying = _ids(_header(message, "In-Reply-To"))
    date = _date(message) or _aware(fallback_date)
    subject = _clean(_header(message, "Subject"))
    content_type = message.get_content_type()
    return MailHeaders(
        message_id=next(iter(_ids(_header(message, "Message-ID"))), None),
        in_reply_to=replying[0] if replying else (references[-1] if references else None),
        references=references,
        sender=sender,
        sender_name=sender_name,
        to=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        date=date,
        subject=subject,
        automatic=detect(message, sender, subject),
        has_attachments=content_type == "multipart/mixed",
        content_type=content_type,
    )


def _as_text(raw: bytes | str) -> str:
    """Header bytes as text. RFC 2047 words are decoded later; raw 8-bit text (which
    careless mailers send) is read as UTF-8, else as Windows-1252, never dropped."""
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - a header the parser chokes on is as good as absent
        return ""
    return "" if value is None else str(value)


def _ids(text: str) -> list[str]:
    found = MESSAGE_ID.findall(text)
    if not found and BARE_ID.match(text.strip()):
        found = [text.strip()]
    return found


def _address_list(message: EmailMessage, name: str) -> list[tuple[str, str]]:
    try:
        header = message.get(name)
        if header is None:
            return []
        found = [(a.display_name, a.addr_spec) for a in getattr(header, "addresses", ())]
    except Exception:  # noqa: BLE001 - fall back to the lenient parser below
        found = []
    if not any("@" in spec for _name, spec in found):
        raw = message.get_all(name) or []
        found = email.utils.getaddresses([str(value) for value in raw])
    return [(_clean(display), spec.strip().strip("<>").lower()) for display, spec in found if "@" in spec]


def _first_address(message: EmailMessage, name: str) -> tuple[str, str | None]:
    found = _address_list(message, name)
    return found[0] if found else ("", None)


def _addresses(message: EmailMessage, name: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for _display, spec in _address_list(message, name):
        seen.setdefault(spec)
    return tuple(seen)


def _date(message: EmailMessage) -> dt.datetime | None:
    try:
        header = message.get("Date")
        stamp = getattr(header, "datetime", None) if header is not None else None
    except Exception:  # noqa: BLE001
        stamp = None
    if stamp is None and header is not None:
        try:
            stamp = email.utils.parsedate_to_datetime(str(header))
        except (TypeError, ValueError, IndexError):
            stamp = None
    return _aware(stamp)


def _aware(stamp: dt.datetime | None) -> dt.datetime | None:
    # RFC 5322: "-0000" means the zone is unknown; Python gives a naive time. Take it as UTC.
    if stamp is None:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.timezone.utc)


def _clean(text: str) -> str:
    """One line of readable text: folding and control characters out, undecodable bytes as U+FFFD."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())
