"""Tone checker for client letters: pure Python, no Django import.

from despedida.core.tone import check
report = check(text, lang="auto", kind="termination")
report.has_errors, report.findings, report.missing, report.to_json()
"""

from despedida.core.tone.checker import check
from despedida.core.tone.model import (
    CATEGORIES,
    KINDS,
    LANGUAGES,
    Finding,
    MissingElement,
    Stats,
    ToneInputError,
    ToneReport,
)

__all__ = [
    "CATEGORIES",
    "KINDS",
    "LANGUAGES",
    "Finding",
    "MissingElement",
    "Stats",
    "ToneInputError",
    "ToneReport",
    "check",
]
