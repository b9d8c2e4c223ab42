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
import binascii
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
# A wanted field: its name at the start of a line, then its value with any continuation lines
# (RFC 5322, 2.2). Only the wanted names are matched, so the many other lines of a real header
# block (Received, DKIM-Signature...) are skipped by the pattern itself.
FIELD = re.compile(
    r"^(" + "|".join(re.escape(name) for name in sorted(WANTED, key=len, reverse=True)) + r")[ \t]*:[ \t]*"
    r"(.*(?:\r?\n[ \t].*)*)",
    re.MULTILINE | re.IGNORECASE,
)


def _block(text: str) -> str:
    """The header block: the text up to its first empty line (kept with the last header's line end)."""
    if text.startswith(("\n", "\r\n")):
        return ""
    ends = [found for found in (text.find("\n\n"), text.find("\n\r\n")) if found >= 0]
    return text[: min(ends) + 1] if ends else text


def _fields(text: str) -> dict[str, str]:
    """The wanted fields of the header block, by lower-case name, unfolded (the first of each name wins).

    A line that is not a field (an mbox "From " line, stray text) is passed over.
    """
    block = _block(text)
    values: dict[str, str] = {}
    for name, value in FIELD.findall(block):
        name = name.lower()
        if name not in values:
            value = value.rstrip("\r\n")
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
            # binascii decodes Q words at C speed; a stray "=" at the end is kept, as the email package does.
            pending += (
                binascii.a2b_qp(encoded, header=True)
                if not encoded.endswith("=")
                else quoprimime.header_decode(encoded).encode("latin-1")
            )
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
    if value.isascii():
        simple = SIMPLE_ADDRESS.match(value)
        if simple:
            quoted, plain, spec, bare = simple.groups()
            found = [((quoted if quoted is not None else plain or "").strip(), spec or bare)]
        elif "=?" not in value:
            found = email.utils.getaddresses([value])
        if "=?" in value and found:
            # An encoded name ("=?UTF-8?Q?Ana_Mar=C3=ADa?= <ana@...>"), the common shape of a
            # Spanish name: its words decoded here; anything odder goes to the full grammar.
            try:
                found = [
                    (_words(display) if ENCODED_WORD.search(display) else display, spec) for display, spec in found
                ]
            except Exception:  # noqa: BLE001 - the full grammar below reads it
                found = []
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


# The shape nearly every mailer writes (RFC 5322, 3.3): "Fri, 4 Dec 2026 20:37:34 +0100".
PLAIN_DATE = re.compile(
    r"(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4})"
)
MONTHS = {name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


@lru_cache(maxsize=256)
def fixed_zone(offset_seconds: int) -> dt.timezone:
    """The zone of a fixed UTC offset, made once: a mailbox's dates share a handful of them."""
    return dt.timezone(dt.timedelta(seconds=offset_seconds))


def _zone(offset: str) -> dt.timezone:
    """The zone of a "+0100" / "-0500" offset."""
    seconds = int(offset[1:3]) * 3600 + int(offset[3:5]) * 60
    return fixed_zone(-seconds if offset[0] == "-" else seconds)


def _plain_date(value: str) -> dt.datetime | None:
    """The common shape read directly (what `parsedate_to_datetime` gives for it), or None."""
    found = PLAIN_DATE.fullmatch(value)
    month = MONTHS.get(found.group(2).lower()) if found else None
    if month is None:
        return None
    day, _month, year, hour, minute, second, offset = found.groups()
    try:
        return dt.datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0), tzinfo=_zone(offset))
    except ValueError:
        return None  # 31 February and the like: the email package decides


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    quick = _plain_date(value.strip())
    if quick is not None:
        return quick
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
    if text.isprintable():  # the common case: nothing to replace (a lone surrogate is not printable)
        return " ".join(text.split())
    if not text.isascii():
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if not text.replace("\t", " ").replace("\r", " ").replace("\n", " ").isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())
