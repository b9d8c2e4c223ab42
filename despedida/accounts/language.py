"""The language a page is shown in, as the engines name it (es or en)."""

from __future__ import annotations

from django.utils.translation import get_language

LANGUAGES = ("es", "en")


def ui_language(default: str = "es") -> str:
    """The active language of this request or command, as `es` or `en`."""
    code = (get_language() or default)[:2]
    return code if code in LANGUAGES else default
