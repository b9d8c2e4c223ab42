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
    """Read the header block `raw`; `fallback_date` (e.g. IMAP's INTERNALDATE) stands in for a missing Date.

    A sync reads tens of thousands of these, so the modern policy's header
    classes (slow: a full RFC 5322 grammar each) are used only where they
    are needed: encoded subjects and names, and addresses the quick reader
    cannot make out. Ids, dates and the rest are read from the raw values.
    """
    message = HeaderParser(policy=POLICY).parsestr(_as_text(raw), headersonly=True)
    values: dict[str, str] = {}
    for name, value in message.raw_items():
        values.setdefault(name.lower(), UNFOLD.sub("", value) if "\n" in value else value)
    sender_name, sender = _first_address(message, values, "from")
    references = tuple(_ids(values.get("references", "")))
    replying = _ids(values.get("in-reply-to", ""))
    date = _date(message, values.get("date")) or _aware(fallback_date)
    subject = _clean(_decoded(message, values, "subject"))
    content_type = _content_type(values.get("content-type", ""))
    return MailHeaders(
        message_id=next(iter(_ids(values.get("message-id", ""))), None),
        in_reply_to=replying[0] if replying else (references[-1] if references else None),
        references=references,
        sender=sender,
        sender_name=sender_name,
        to=_addresses(message, values, "to"),
        cc=_addresses(message, values, "cc"),
        date=date,
        subject=subject,
        automatic=detect(values, sender, subject),
        has_attachments=content_type == "multipart/mixed",
        content_type=content_type,
    )


UNFOLD = re.compile(r"\r?\n(?=[ \t])")


def _content_type(value: str) -> str:
    kind = value.split(";", 1)[0].strip().lower()
    return kind if "/" in kind else "text/plain"


# The modern policy's class for unstructured headers, looked up once: the registry builds a
# new class on every lookup, which costs more than decoding the subject itself.
UNSTRUCTURED = POLICY.header_factory["subject"]


def _decoded(message: EmailMessage, values: dict[str, str], name: str) -> str:
    """The header as text: RFC 2047 words decoded by the modern policy, plain ASCII as it is."""
    value = values.get(name, "")
    if "=?" in value or not value.isascii():
        try:
            return str(UNSTRUCTURED(name, value))
        except Exception:  # noqa: BLE001 - unreadable is as good as absent
            return _header(message, name)
    return value


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


def _address_list(message: EmailMessage, values: dict[str, str], name: str) -> list[tuple[str, str]]:
    value = values.get(name)
    if not value:
        return []
    found = [] if "=?" in value or not value.isascii() else email.utils.getaddresses([value])
    if not any("@" in spec and " " not in spec for _display, spec in found):
        # Encoded names, odd quoting: the modern policy's full grammar.
        try:
            found = [(a.display_name, a.addr_spec) for a in getattr(message.get(name), "addresses", ())]
        except Exception:  # noqa: BLE001 - unreadable is as good as absent
            found = []
    return [(_clean(display), spec.strip().strip("<>").lower()) for display, spec in found if "@" in spec]


def _first_address(message: EmailMessage, values: dict[str, str], name: str) -> tuple[str, str | None]:
    found = _address_list(message, values, name)
    return found[0] if found else ("", None)


def _addresses(message: EmailMessage, values: dict[str, str], name: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for _display, spec in _address_list(message, values, name):
        seen.setdefault(spec)
    return tuple(seen)


def _date(message: EmailMessage, value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        stamp = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        try:  # the modern policy is more forgiving of odd spacing and comments
            stamp = getattr(message.get("Date"), "datetime", None)
        except Exception:  # noqa: BLE001
            stamp = None
    return _aware(stamp)


def _aware(stamp: dt.datetime | None) -> dt.datetime | None:
    # RFC 5322: "-0000" means the zone is unknown; Python gives a naive time. Take it as UTC.
    if stamp is None:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.timezone.utc)


def _clean(text: str) -> str:
    """One line of readable text: folding and control characters out, undecodable bytes as U+FFFD."""
    if not text.isascii():
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if not text.replace("\t", " ").replace("\r", " ").replace("\n", " ").isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())
