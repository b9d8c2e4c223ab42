"""What little is read of a body: a short snippet, and what a bounce reports (pure).

Both work on the header block plus the start of the body (IMAP fetches a
few kilobytes, `BODY.PEEK[TEXT]<0.N>`; a file gives the whole message),
so a cut in the middle of a part is normal here, never an error. Bodies
come in any charset: the declared one, else UTF-8, else Windows-1252;
nothing is dropped for an odd byte.
"""

from __future__ import annotations

import email.policy
import html
import re
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser

from despedida.mailbox.addresses import is_address, normal_address
from despedida.mailbox.parsing import MESSAGE_ID

SNIPPET_LENGTH = 200
# Where the quoted earlier message starts: "On ... wrote:", "El ... escribió:", a forwarded header.
QUOTE_START = re.compile(
    r"(^|\n)\s*(On .{0,200}wrote:|El .{0,200}escribi[óo]:|-{2,}\s*(Original Message|Mensaje original)\s*-{2,}"
    r"|_{5,}|From: .{0,200}\n\s*Sent: |De: .{0,200}\n\s*Enviado(: | el:))",
    re.IGNORECASE | re.DOTALL,
)
SIGNATURE = re.compile(r"\n-- ?\n")
TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)
RECIPIENT_FIELDS = ("final-recipient", "original-recipient")


def snippet(raw: bytes, length: int = SNIPPET_LENGTH) -> str:
    """The first words of the message's text, without quotes or signature; "" when there is none."""
    message = _parse(raw)
    text = _first_text(message)
    if not text:
        return ""
    match = QUOTE_START.search(text)
    if match:
        text = text[: match.start()]
    signature = SIGNATURE.search(text)
    if signature:
        text = text[: signature.start()]
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    words = " ".join(" ".join(lines).split())
    if len(words) <= length:
        return words
    return words[: length - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True, slots=True)
class BounceReport:
    recipients: tuple[str, ...]
    """The addresses that could not be reached."""
    original_message_id: str | None
    """The Message-ID of the message that bounced, when the report quotes it."""


def bounce_report(raw: bytes) -> BounceReport:
    """The failed recipients and the bounced message's id, from a delivery report (RFC 3464) or its text."""
    message = _parse(raw)
    recipients: list[str] = []
    original = None
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            recipients += _status_recipients(part)
        elif content_type in ("text/rfc822-headers", "message/rfc822") and original is None:
            original = _original_id(part)
    if not recipients:
        # Servers that send no report still name the address in their text.
        text = _first_text(message) or ""
        recipients = [a for a in re.findall(r"<?([\w.+'-]+@[\w-]+(?:\.[\w-]+)+)>?", text) if is_address(a)]
    seen = dict.fromkeys(normal_address(a) for a in recipients)
    return BounceReport(tuple(a for a in seen if a.partition("@")[0] not in ("mailer-daemon", "postmaster")), original)


def _parse(raw: bytes) -> Message:
    return BytesParser(policy=email.policy.default).parsebytes(raw)


def _first_text(message: Message) -> str | None:
    html_text = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain":
            return _decoded(part)
        if content_type == "text/html" and html_text is None:
            html_text = html.unescape(TAG.sub(" ", _decoded(part)))
    return html_text


def _decoded(part: Message) -> str:
    """The part's text in its declared charset, else UTF-8, else Windows-1252."""
    try:
        payload = part.get_payload(decode=True) or b""
    except Exception:  # noqa: BLE001 - a payload cut mid-way (partial fetch) decodes as far as it goes
        payload = str(part.get_payload()).encode("ascii", "replace")
    declared = part.get_content_charset()
    for charset in (declared, "utf-8"):
        if not charset:
            continue
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("cp1252", errors="replace")


def _status_recipients(part: Message) -> list[str]:
    found = []
    blocks = part.get_payload() if isinstance(part.get_payload(), list) else []
    for block in blocks:
        for name in RECIPIENT_FIELDS:
            value = str(block.get(name) or "")
            address = value.partition(";")[2].strip() or value.strip()
            if is_address(address):
                found.append(address)
                break
    if not found:  # a report the parser did not split into blocks: read its lines
        text = part.as_string() if not blocks else ""
        for line in text.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() in RECIPIENT_FIELDS:
                address = value.partition(";")[2].strip()
                if is_address(address):
                    found.append(address)
    return found


def _original_id(part: Message) -> str | None:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        text = str(inner.get("Message-ID") or "") if isinstance(inner, Message) else ""
    else:
        text = ""
        for line in _decoded(part).splitlines():
            if line.lower().startswith("message-id:"):
                text = line.partition(":")[2]
                break
    found = MESSAGE_ID.findall(text)
    return found[0] if found else None
