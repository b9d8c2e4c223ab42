"""The text of a letter as HTML with each tone finding wrapped in <mark>."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, findings: Iterable[Mapping[str, Any]]) -> tuple[SafeString, list[dict[str, Any]]]:
    """The escaped text with numbered <mark>s, and the findings shown (numbered the same).

    Offsets are code points, as Python indexes strings. A finding that
    overlaps one already marked is listed but not marked again.
    """
    shown: list[dict[str, Any]] = []
    parts: list[str] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f["start"], -f["end"])):
        number = len(shown) + 1
        start, end = max(0, int(finding["start"])), min(len(text), int(finding["end"]))
        entry = {**finding, "number": number, "marked": start >= position and end > start}
        shown.append(entry)
        if not entry["marked"]:
            continue
        parts.append(escape(text[position:start]))
        parts.append(
            format_html(
                '<mark class="tone-{}" id="finding-{}" title="{}">{}<sup>{}</sup></mark>',
                finding.get("severity", "info"),
                number,
                finding.get("message", ""),
                text[start:end],
                number,
            )
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts)), shown
