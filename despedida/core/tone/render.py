"""The human-readable form of a tone report (`--format text`).

carta.txt:3:12: error [es.attack.insult] «incompetente»
  Es un insulto o una etiqueta para la persona. …
  → Quita la etiqueta y describe el hecho concreto: …
carta.txt: missing handover: Falta el traspaso: …
carta.txt: 1 error, 0 warnings, 0 notes; 1 missing element (es, termination; 84 words, 6 sentences)
"""

from __future__ import annotations

from despedida.core.tone.model import ToneReport

_EXCERPT_LIMIT = 80


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT_LIMIT else flat[: _EXCERPT_LIMIT - 1] + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_text(report: ToneReport, name: str) -> str:
    lines = []
    for finding in report.findings:
        lines.append(
            f"{name}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}] «{_excerpt(finding.excerpt)}»"
        )
        lines.append(f"  {finding.message}")
        lines.append(f"  → {finding.suggestion}")
    for missing in report.missing:
        lines.append(f"{name}: missing {missing.element}: {missing.message}")
    counts = {
        severity: sum(1 for f in report.findings if f.severity == severity) for severity in ("error", "warning", "info")
    }
    context = ", ".join(part for part in (report.lang, report.kind) if part)
    lines.append(
        f"{name}: {_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
        f"{_plural(counts['info'], 'note')}; {_plural(len(report.missing), 'missing element')} "
        f"({context}; {_plural(report.stats.words, 'word')}, {_plural(report.stats.sentences, 'sentence')})"
    )
    return "\n".join(lines)
