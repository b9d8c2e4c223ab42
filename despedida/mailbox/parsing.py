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

import base64
import codecs
import datetime as dt
import email.policy
import email.utils
import hashlib
import re
from dataclasses import dataclass
from email import quoprimime
from functools import lru_cache

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
        basis = "\n".join(
            [
                self.date.isoformat() if self.date else "",
                self.sender or "",
                " ".join(self.recipients),
                self.subject,
            ]
        )
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

    A sync reads tens of thousands of these, so only the headers used here
    are taken from the block (`_fields`), and the modern policy's header
    classes (slow: a full RFC 5322 grammar each) are used only where the
    quick readers cannot make a value out: encoded words are decoded with
    the email package's quoted-printable and base64 helpers, the common
    shapes of address by a pattern and `email.utils`, dates by
    `email.utils.parsedate_to_datetime`.
    """
    values = _fields(_as_text(raw))
    sender_name, sender = _first_address(values, "from")
    references = tuple(_ids(values.get("references", "")))
    replying = _ids(values.get("in-reply-to", ""))
    date = _date(values.get("date")) or _aware(fallback_date)
    subject = _clean(_decoded(values, "subject"))
    content_type = _content_type(values.get("content-type", ""))
    return MailHeaders(
        message_id=next(iter(_ids(values.get("message-id", ""))), None),
        in_reply_to=replying[0] if replying else (references[-1] if references else None),
        references=references,
        sender=sender,
        sender_name=sender_name,
        to=_addresses(values, "to"),
        cc=_addresses(values, "cc"),
        date=date,
        subject=subject,
        automatic=detect(values, sender, subject),
        has_attachments=content_type == "multipart/mixed",
        content_type=content_type,
    )


UNFOLD = re.compile(r"\r?\n(?=[ \t])")
# The headers read here (the rest of the block is not looked at).
WANTED = frozenset(
    {
        "from",
        "to",
        "cc",
        "date",
        "subject",
        "message-id",
        "in-reply-to",
        "references",
        "content-type",
        "auto-submitted",
        "x-autoreply",
        "x-autorespond",
        "precedence",
    }
)
# A field: its name (printable ASCII but the colon) at the start of a line, and its value with
# any continuation lines (RFC 5322, 2.2). The block ends at the first empty line.
FIELD = re.compile(r"^([!-9;-~]+)[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.MULTILINE)
BLOCK_END = re.compile(r"\r?\n\r?\n|^\r?\n")


def _fields(text: str) -> dict[str, str]:
    """The wanted fields of the header block, by lower-case name, unfolded (the first of each name wins).

    A line that is not a field (an mbox "From " line, stray text) is passed over.
    """
    end = BLOCK_END.search(text)
    block = text[: end.start() + 1] if end else text
    values: dict[str, str] = {}
    for found in FIELD.finditer(block):
        name = found.group(1).lower()
        if name in WANTED and name not in values:
            value = found.group(2).rstrip("\r\n")
            values[name] = UNFOLD.sub("", value) if "\n" in value else value
    return values


def _content_type(value: str) -> str:
    kind = value.split(";", 1)[0].strip().lower()
    return kind if "/" in kind else "text/plain"


# The modern policy's header classes, looked up once: the registry builds a new class on
# every lookup, which costs more than reading the header itself.
UNSTRUCTURED = POLICY.header_factory["subject"]
ADDRESS_HEADER = {name: POLICY.header_factory[name] for name in ("from", "to", "cc")}
DATE_HEADER = POLICY.header_factory["date"]
ENCODED_WORD = re.compile(r"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=")


def _decoded(values: dict[str, str], name: str) -> str:
    """The header as text: RFC 2047 words decoded, plain ASCII as it is."""
    value = values.get(name, "")
    if value.isascii() and "=?" not in value:
        return value
    if value.isascii() and ENCODED_WORD.search(value):
        try:
            return _words(value)
        except Exception:  # noqa: BLE001 - the modern policy's grammar below is more forgiving
            pass
    try:
        return str(UNSTRUCTURED(name, value))
    except Exception:  # noqa: BLE001 - unreadable is as good as absent
        return value


def _words(value: str) -> str:
    """RFC 2047 words decoded (whitespace between two words dropped, as the RFC says).

    Consecutive words in one charset are decoded together: a character may be split between them.
    """
    parts: list[str] = []
    pending = bytearray()
    pending_charset = ""
    position = 0
    for word in ENCODED_WORD.finditer(value):
        between = value[position : word.start()]
        if between and not (position and between.isspace()):
            if pending:
                parts.append(_text(pending, pending_charset))
                pending.clear()
            parts.append(between)
        charset, kind, encoded = word.group(1).lower(), word.group(2), word.group(3)
        if pending and charset != pending_charset:
            parts.append(_text(pending, pending_charset))
            pending.clear()
        pending_charset = charset
        if kind in "qQ":
            pending += quoprimime.header_decode(encoded).encode("latin-1")
        else:
            pending += base64.b64decode(encoded + "=" * (-len(encoded) % 4))
        position = word.end()
    if pending:
        parts.append(_text(pending, pending_charset))
    parts.append(value[position:])
    return "".join(parts)


def _text(data: bytes | bytearray, charset: str) -> str:
    return bytes(data).decode(charset if _known(charset) else "utf-8", errors="replace")


@lru_cache(maxsize=64)
def _known(charset: str | None) -> bool:
    if not charset:
        return True
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True


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


def _ids(text: str) -> list[str]:
    found = MESSAGE_ID.findall(text)
    if not found and BARE_ID.match(text.strip()):
        found = [text.strip()]
    return found


# The common shapes, read without the full grammar: "Name <a@b>", "\"Name\" <a@b>", "a@b".
SIMPLE_ADDRESS = re.compile(
    r'^\s*(?:"([^"\\<>]*)"|([^",;:<>@()\\\[\]]*?))\s*<([^<>\s@",;]+@[^<>\s@",;]+)>\s*$'
    r'|^\s*<?([^<>\s@",;()]+@[^<>\s@",;()]+)>?\s*$'
)


def _address_list(values: dict[str, str], name: str) -> list[tuple[str, str]]:
    value = values.get(name)
    if not value:
        return []
    found: list[tuple[str, str]] = []
    if value.isascii() and "=?" not in value:
        simple = SIMPLE_ADDRESS.match(value)
        if simple:
            quoted, plain, spec, bare = simple.groups()
            found = [((quoted if quoted is not None else plain or "").strip(), spec or bare)]
        else:
            found = email.utils.getaddresses([value])
    if not any("@" in spec and " " not in spec for _display, spec in found):
        # Encoded names, odd quoting: the modern policy's full grammar.
        try:
            found = [(a.display_name, a.addr_spec) for a in ADDRESS_HEADER[name](name, value).addresses]
        except Exception:  # noqa: BLE001 - unreadable is as good as absent
            found = []
    return [(_clean(display), spec.strip().strip("<>").lower()) for display, spec in found if "@" in spec]


def _first_address(values: dict[str, str], name: str) -> tuple[str, str | None]:
    found = _address_list(values, name)
    return found[0] if found else ("", None)


def _addresses(values: dict[str, str], name: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for _display, spec in _address_list(values, name):
        seen.setdefault(spec)
    return tuple(seen)


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        stamp = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        try:  # the modern policy is more forgiving of odd spacing and comments
            stamp = DATE_HEADER("date", value).datetime
        except Exception:  # noqa: BLE001
            stamp = None
    return _aware(stamp)


def _aware(stamp: dt.datetime | None) -> dt.datetime | None:
    # RFC 5322: "-0000" means the zone is unknown; Python gives a naive time. Take it as UTC.
    if stamp is None:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.UTC)


def _clean(text: str) -> str:
    """One line of readable text: folding and control characters out, undecodable bytes as U+FFFD."""
    if not text.isascii():
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if not text.replace("\t", " ").replace("\r", " ").replace("\n", " ").isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())
