"""The text report of `despedida assess`: most urgent client first.

`render_plain` writes plain lines (files, pipes, tests); `render_rich`
draws the same report with tables and colour for a terminal. Both take a
`PortfolioAssessment` and the business, and use the business language.
"""

from __future__ import annotations

from collections import Counter
from typing import IO

from despedida.core.assessment.phrases import Words, words_for
from despedida.core.assessment.results import ClientAssessment, PortfolioAssessment, Recommendation
from despedida.core.portfolio.model import Business

COLOURS = {
    Recommendation.KEEP: "green",
    Recommendation.PROTECT: "cyan",
    Recommendation.REPAIR: "yellow",
    Recommendation.DECLINE: "magenta",
    Recommendation.EXIT: "red",
    Recommendation.WALK_AWAY: "bold red",
}
SEVERITY_COLOURS = {"low": "dim", "medium": "yellow", "high": "red", "critical": "bold red"}


def title_lines(result: PortfolioAssessment, business: Business, words: Words) -> list[str]:
    counts = Counter(c.recommendation for c in result.clients)
    breakdown = ", ".join(f"{counts[r]} {words.say(f'rec.{r}')}" for r in sorted(counts, key=lambda r: -r.rank))
    return [
        words.say("report.title", business=business.name or "—", date=words.date(result.as_of)),
        words.say("report.count", count=len(result.clients), breakdown=breakdown or "—"),
    ]


def client_lines(client: ClientAssessment, business: Business, words: Words) -> list[str]:
    """The detail of one client, as plain lines (the first one is its heading)."""
    lines = [f"{client.name} ({client.id}) · {words.say(f'rec.{client.recommendation}')} · {client.summary}"]
    for signal in client.signals:
        lines.append(f"  [{words.say(f'sev.{signal.severity}')}] {signal.code}: {signal.evidence}")
    for action in client.next_actions:
        lines.append(f"  → {action.due_on.isoformat()} {action.action}: {action.why}")
    if client.exit is not None:
        lines.append("  " + words.say("report.exit", date=client.exit.earliest_on.isoformat(), why=client.exit.why))
    lines.append("  " + value_line(client, business, words))
    for note in client.notes:
        lines.append(f"  · {note}")
    return lines


def value_line(client: ClientAssessment, business: Business, words: Words) -> str:
    value = client.value
    unknown = words.say("report.unknown")
    rate = value.effective_hourly_rate
    share = f" ({words.percent(client.revenue_share)})" if client.revenue_share is not None else ""
    return words.say(
        "report.value",
        revenue=words.money(value.revenue_12m, business.currency),
        share=share,
        rate=f"{words.money(rate, business.currency)}/h" if rate is not None else unknown,
        chasing=words.hours(value.hours_chasing) if value.has_time else unknown,
    )


def render_plain(result: PortfolioAssessment, business: Business, stream: IO[str]) -> None:
    words = words_for(business.language)
    out = [*title_lines(result, business, words), ""]
    for client in result.by_urgency():
        out.extend(client_lines(client, business, words))
        out.append("")
    stream.write("\n".join(out))


def render_rich(result: PortfolioAssessment, business: Business, stream: IO[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    words = words_for(business.language)
    console = Console(file=stream, highlight=False)
    first, second = title_lines(result, business, words)
    console.print(Text(first, style="bold"))
    console.print(second)
    ordered = result.by_urgency()
    table = Table(show_lines=False, expand=True)
    table.add_column(words.say("report.client"), overflow="fold")
    table.add_column(words.say("report.recommendation"))
    table.add_column(words.say("report.risk"), justify="right")
    table.add_column(words.say("report.next"), overflow="fold")
    for client in ordered:
        colour = COLOURS[client.recommendation]
        action = client.next_actions[0] if client.next_actions else None
        table.add_row(
            f"{client.name} ({client.id})",
            Text(words.say(f"rec.{client.recommendation}"), style=colour),
            str(client.risk),
            f"{action.due_on.isoformat()} {action.action}" if action else "—",
        )
    console.print(table)
    for client in ordered:
        if client.recommendation == Recommendation.KEEP and not client.signals:
            continue
        colour = COLOURS[client.recommendation]
        heading = Text(f"{client.name} ({client.id}) · ", style="bold")
        heading.append(words.say(f"rec.{client.recommendation}"), style=colour)
        console.print()
        console.print(heading)
        console.print(client.summary)
        for signal in client.signals:
            line = Text("  ")
            line.append(f"[{words.say(f'sev.{signal.severity}')}]", style=SEVERITY_COLOURS[str(signal.severity)])
            line.append(f" {signal.code}: {signal.evidence}")
            console.print(line)
        for action in client.next_actions:
            console.print(f"  → {action.due_on.isoformat()} {action.action}: {action.why}")
        if client.exit is not None:
            console.print(
                "  " + words.say("report.exit", date=client.exit.earliest_on.isoformat(), why=client.exit.why)
            )
        console.print("  " + value_line(client, business, words), style="dim")
        for note in client.notes:
            console.print(f"  · {note}", style="dim")
