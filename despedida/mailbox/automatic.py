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

import unicodedata
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml

RULES = Path(__file__).with_name("rules") / "automatic.yaml"
BOUNCE_SENDERS = frozenset({"mailer-daemon", "postmaster", "mail-daemon"})
AUTOMATIC_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk", "list"})


class Automatic(StrEnum):
    NONE = ""
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"


@lru_cache(maxsize=1)
def subject_openings() -> dict[Automatic, tuple[str, ...]]:
    """The opening words of automatic subjects, normalised, for each kind (every language at once)."""
    document = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return {
        Automatic(kind): tuple(normalise(phrase) for phrases in document[kind]["openings"].values() for phrase in phrases)
        for kind in (Automatic.BOUNCE, Automatic.AUTO_REPLY)
    }


def normalise(text: str) -> str:
    """Lower case, accents off, spaces collapsed: "Respuesta  automática" -> "respuesta automatica"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def by_subject(subject: str) -> Automatic:
    text = normalise(subject).lstrip("[( ")
    for kind, openings in subject_openings().items():
        if text.startswith(openings):
            return kind
    return Automatic.NONE


def detect(message, sender: str | None, subject: str) -> Automatic:
    """What kind of automatic message `message` (an email.message.Message of headers) is, if any."""
    content_type = message.get_content_type()
    report_type = str(message.get_param("report-type", "") or "").lower()
    local_part = (sender or "").partition("@")[0]
    if content_type == "multipart/report" and report_type == "delivery-status":
        return Automatic.BOUNCE
    if local_part in BOUNCE_SENDERS:
        return Automatic.BOUNCE
    submitted = _value(message, "Auto-Submitted")
    if submitted and submitted != "no":
        return Automatic.BOUNCE if by_subject(subject) == Automatic.BOUNCE else Automatic.AUTO_REPLY
    if _value(message, "X-Autoreply") or _value(message, "X-Autorespond"):
        return Automatic.AUTO_REPLY
    if _value(message, "Precedence") in AUTOMATIC_PRECEDENCE:
        return Automatic.AUTO_REPLY
    if content_type == "multipart/report":  # a read receipt or another machine's report
        return Automatic.AUTO_REPLY
    return by_subject(subject)


def _value(message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - unreadable is as good as absent
        return ""
    return str(value).split(";")[0].strip().lower() if value is not None else ""
