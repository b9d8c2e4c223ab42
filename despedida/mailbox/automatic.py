"""Mail no person wrote: automatic replies (out of office) and bounces (pure).

Read from the headers alone, in this order: a delivery report
(multipart/report of delivery-status) or a message from MAILER-DAEMON or
postmaster is a bounce; Auto-Submitted (anything but "no"), X-Autoreply,
X-Autorespond, an automatic Precedence, or a read receipt is an automatic
reply. Failing those, the subject decides: the opening words that bounces
and out-of-office notices use in Spanish and English are data, in
`rules/automatic.yaml`, each list with examples that must and must not
match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml

RULES = Path(__file__).with_name("rules") / "automatic.yaml"
BOUNCE_SENDERS = frozenset({"mailer-daemon", "postmaster", "mail-daemon"})
AUTOMATIC_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk", "list"})
AUTOMATIC_HEADERS = frozenset({"auto-submitted", "x-autoreply", "x-autorespond", "precedence"})


class Automatic(StrEnum):
    NONE = ""
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"


@lru_cache(maxsize=1)
def subject_openings() -> dict[Automatic, tuple[str, ...]]:
    """The opening words of automatic subjects, normalised, for each kind (every language at once)."""
    document = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return {
        Automatic(kind): tuple(
            normalise(phrase) for phrases in document[kind]["openings"].values() for phrase in phrases
        )
        for kind in (Automatic.BOUNCE, Automatic.AUTO_REPLY)
    }


def normalise(text: str) -> str:
    """Lower case, accents off, spaces collapsed: "Respuesta  automática" -> "respuesta automatica"."""
    if not text.isascii():
        plain = text.translate(_PLAIN)  # the accented letters of Latin scripts, the common case, at C speed
        if not plain.isascii():
            return _normalise_fully(text)
        text = plain
    return " ".join(text.lower().split())


def _normalise_fully(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


# Each Latin-1 and Latin Extended-A letter that normalising turns into plain ASCII, and what it becomes.
_PLAIN = {
    code: _normalise_fully(chr(code) + "x")[:-1] or " "
    for code in range(0xA0, 0x180)
    if _normalise_fully(chr(code) + "x").isascii()
}


def by_subject(subject: str) -> Automatic:
    # The openings are short: the start of the subject is enough, and much cheaper to normalise.
    text = normalise(subject[:80]).lstrip("[( ")
    for kind, openings in subject_openings().items():
        if text.startswith(openings):
            return kind
    return Automatic.NONE


REPORT_TYPE = re.compile(r"report-type\s*=\s*\"?([\w-]+)", re.IGNORECASE)


def detect(headers: Mapping[str, str], sender: str | None, subject: str) -> Automatic:
    """What kind of automatic message this is, if any, from its raw header values (lower-case names)."""
    raw_type = headers.get("content-type", "")
    content_type = raw_type.split(";", 1)[0].strip().lower()
    if content_type == "multipart/report":
        found = REPORT_TYPE.search(raw_type)
        if found and found.group(1).lower() == "delivery-status":
            return Automatic.BOUNCE
    local_part = (sender or "").partition("@")[0]
    if local_part in BOUNCE_SENDERS:
        return Automatic.BOUNCE
    if not AUTOMATIC_HEADERS.intersection(headers):  # most mail: none of them, the subject decides
        return Automatic.AUTO_REPLY if content_type == "multipart/report" else by_subject(subject)
    submitted = _value(headers, "auto-submitted")
    if submitted and submitted != "no":
        return Automatic.BOUNCE if by_subject(subject) == Automatic.BOUNCE else Automatic.AUTO_REPLY
    if _value(headers, "x-autoreply") or _value(headers, "x-autorespond"):
        return Automatic.AUTO_REPLY
    if _value(headers, "precedence") in AUTOMATIC_PRECEDENCE:
        return Automatic.AUTO_REPLY
    if content_type == "multipart/report":  # a read receipt or another machine's report
        return Automatic.AUTO_REPLY
    return by_subject(subject)


def _value(headers: Mapping[str, str], name: str) -> str:
    return headers.get(name, "").split(";")[0].strip().lower()
