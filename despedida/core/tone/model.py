"""What the tone checker returns: plain frozen dataclasses, no Django.

The JSON shape is the command-line contract's `despedida.tone/1`
(shared/spec/cli.md): add keys if needed, never rename them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT = "despedida.tone/1"

LANGUAGES = ("es", "en")
SEVERITIES = ("error", "warning", "info")
CATEGORIES = (
    "attack",
    "absolute",
    "blame",
    "sarcasm",
    "shouting",
    "emotional",
    "threat",
    "jargon",
    "us_vs_them",
    "length",
)
KINDS = (
    "termination",
    "checkin",
    "ultimatum",
    "closing",
    "decline",
    "renegotiation",
    "reply_plead",
    "reply_anger",
    "reply_relief",
    "payment_reminder",
    "formal_demand",
)


class ToneInputError(ValueError):
    """Text or options the checker cannot judge: empty text, unknown language or kind."""


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: str
    severity: str
    start: int  # code point offset into the text as given, inclusive
    end: int  # exclusive
    line: int  # 1-based
    column: int  # 1-based, in code points
    excerpt: str
    message: str
    suggestion: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "excerpt": self.excerpt,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class MissingElement:
    element: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"element": self.element, "message": self.message}


@dataclass(frozen=True, slots=True)
class Stats:
    words: int
    sentences: int

    def to_json(self) -> dict[str, Any]:
        return {"words": self.words, "sentences": self.sentences}


@dataclass(frozen=True, slots=True)
class ToneReport:
    lang: str
    kind: str | None
    findings: tuple[Finding, ...] = ()
    missing: tuple[MissingElement, ...] = ()
    stats: Stats = field(default_factory=lambda: Stats(0, 0))

    @property
    def has_errors(self) -> bool:
        """True when the letter should not go out as is (the CLI's exit 1)."""
        return bool(self.missing) or any(f.severity == "error" for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "lang": self.lang,
            "kind": self.kind,
            "findings": [finding.to_json() for finding in self.findings],
            "missing": [element.to_json() for element in self.missing],
            "stats": self.stats.to_json(),
        }
