"""SARIF 2.1.0 output of a tone report, for editors and code-scanning tools.

Columns count Unicode code points (columnKind "unicodeCodePoints"), like
the report's own offsets. A missing element has no place in the text: its
result points at the file only.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from despedida import __version__
from despedida.core.tone.model import ToneReport
from despedida.core.tone.rulebook import RuleBook
from despedida.core.tone.text import LineIndex

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def missing_rule_id(lang: str, element: str) -> str:
    return f"{lang}.missing.{element}"


def _descriptors(book: RuleBook) -> list[dict[str, Any]]:
    descriptors = []
    for rule in (*book.rules, *book.implied):
        descriptors.append(
            {
                "id": rule.id,
                "name": rule.id.rsplit(".", 1)[-1],
                "shortDescription": {"text": rule.message},
                "help": {"text": rule.suggestion},
                "defaultConfiguration": {"level": LEVELS[rule.severity]},
                "properties": {"category": rule.category, "confidence": rule.confidence, "tags": [rule.category]},
            }
        )
    for element in book.elements.values():
        descriptors.append(
            {
                "id": missing_rule_id(book.lang, element.id),
                "name": f"missing_{element.id}",
                "shortDescription": {"text": element.message},
                "defaultConfiguration": {"level": "error"},
                "properties": {"category": "missing", "tags": ["missing"]},
            }
        )
    return descriptors


def artifact_uri(name: str) -> str:
    """A relative URI reference for a file name as given on the command line."""
    return quote(name.replace("\\", "/"), safe="/:._-~")


def to_sarif(report: ToneReport, book: RuleBook, text: str, uri: str) -> dict[str, Any]:
    """One run of `despedida tone` over one text, as a SARIF log."""
    descriptors = _descriptors(book)
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    lines = LineIndex(text)
    location = {"uri": uri, "index": 0}
    results = []
    for finding in report.findings:
        end_line, end_column = lines.position(finding.end)
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": LEVELS[finding.severity],
                "message": {"text": finding.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": location,
                            "region": {
                                "startLine": finding.line,
                                "startColumn": finding.column,
                                "endLine": end_line,
                                "endColumn": end_column,
                                "charOffset": finding.start,
                                "charLength": finding.end - finding.start,
                                "snippet": {"text": finding.excerpt},
                            },
                        }
                    }
                ],
                "properties": {"category": finding.category, "suggestion": finding.suggestion},
            }
        )
    for missing in report.missing:
        rule_id = missing_rule_id(report.lang, missing.element)
        results.append(
            {
                "ruleId": rule_id,
                "ruleIndex": index[rule_id],
                "level": "error",
                "message": {"text": missing.message},
                "locations": [{"physicalLocation": {"artifactLocation": location}}],
                "properties": {"category": "missing", "element": missing.element},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "despedida-tone",
                        "version": __version__,
                        "informationUri": "https://github.com/despedida/despedida/blob/main/docs/tone.md",
                        "rules": descriptors,
                    }
                },
                "artifacts": [{"location": {"uri": uri}, "mimeType": "text/plain", "encoding": "utf-8"}],
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True}],
                "language": report.lang,
                "results": results,
                "properties": {
                    "format": "despedida.tone/1",
                    "kind": report.kind,
                    "stats": report.stats.to_json(),
                },
            }
        ],
    }
