"""A client's id in an address: any text the portfolio format allows, as one path segment.

"/" can't sit in a path segment (and a server decodes %2F before routing),
and "." or ".." alone would be folded away by browsers, so those are
escaped with "~" and two hex digits; "~" itself is escaped the same way.
"""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"~([0-9A-F]{2})")


class ClientKeyConverter:
    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), value)

    def to_url(self, value: str) -> str:
        text = str(value).replace("~", "~7E").replace("/", "~2F")
        if text.startswith("."):
            text = "~2E" + text[1:]
        return text
