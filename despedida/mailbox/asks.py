"""Does a message we sent need the client's answer? (pure; the rules are data).

An outgoing message needs a reply when it asks something: a question, a
delivery with attachments, an invoice, an approval request. The rules live
in `rules/needs_reply.yaml` with their phrases in Spanish and English and
examples that must and must not match. They read the subject and the
snippet (the start of the text, when snippets are on). The subject of a
reply ("Re: ...") is the client's own words, so only the snippet of a
reply is read. The user corrects the judgement on the client page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from despedida.mailbox.automatic import normalise

RULES = Path(__file__).with_name("rules") / "needs_reply.yaml"
REPLY_PREFIX = re.compile(r"^\s*((re|aw|rv|fw|fwd|res|r)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    pattern: re.Pattern
    needs_attachment: bool
    question_mark: bool
    examples: dict = field(compare=False)
    """{"match": [...], "no_match": [...]}: each a subject, and optionally a snippet and attachments."""


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    document = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    loaded = []
    for item in document["rules"]:
        phrases = [normalise(p) for language in item.get("phrases", {}).values() for p in language]
        words = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        loaded.append(
            Rule(
                code=item["code"],
                pattern=re.compile(rf"(?<!\w)({words})(?!\w)") if words else re.compile(r"(?!x)x"),
                needs_attachment=bool(item.get("needs_attachment", False)),
                question_mark=bool(item.get("question_mark", False)),
                examples=dict(item.get("examples") or {}),
            )
        )
    return tuple(loaded)


def asks(subject: str, snippet: str = "", has_attachments: bool = False) -> tuple[str, ...]:
    """The codes of the rules the message meets (empty: it asks nothing)."""
    subject = "" if REPLY_PREFIX.match(subject or "") else (subject or "")
    text = normalise(f"{subject}\n{snippet or ''}")
    found = []
    for rule in rules():
        if rule.needs_attachment and not has_attachments:
            continue
        if (rule.question_mark and ("?" in text or "¿" in text)) or rule.pattern.search(text):
            found.append(rule.code)
    return tuple(found)


def needs_reply(subject: str, snippet: str = "", has_attachments: bool = False) -> bool:
    return bool(asks(subject, snippet, has_attachments))
