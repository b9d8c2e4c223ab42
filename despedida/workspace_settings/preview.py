"""What an import would do, worked out without writing anything.

The file is read the way the import reads it (`stream_portfolio`, one
client at a time), so every problem the import would refuse is found here
first, each with its JSON path.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from despedida.clients.models import Client as ClientRow
from despedida.core.portfolio import model as pf
from despedida.core.portfolio.input_errors import InputError, Problem
from despedida.core.portfolio.problems import problem
from despedida.core.portfolio.reader import stream_portfolio
from despedida.workspace_settings.problem_texts import describe

logger = logging.getLogger(__name__)
# A page lists this many problems at most (a file of a million broken rows
# would otherwise make a page too big to show), and says how many more.
SHOWN_PROBLEMS = 200

ROW_KINDS = {
    "contracts": _("Contracts"),
    "projects": _("Projects"),
    "milestones": _("Milestones"),
    "invoices": _("Invoices"),
    "payments": _("Payments"),
    "reminders": _("Payment reminders"),
    "time": _("Time entries"),
    "messages": _("Messages"),
    "events": _("Events"),
}


@dataclass
class Preview:
    business: pf.Business | None = None
    as_of: dt.date | None = None
    clients: int = 0
    new: int = 0
    replaced: int = 0
    untouched: int = 0
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROW_KINDS, 0))
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_lines(self) -> list[tuple[str, str]]:
        """(JSON path, sentence in the active language) for the first SHOWN_PROBLEMS problems."""
        return [(found.path, describe(found)) for found in self.problems[:SHOWN_PROBLEMS]]

    @property
    def problems_not_shown(self) -> int:
        return max(0, len(self.problems) - SHOWN_PROBLEMS)

    def row_counts(self) -> list[tuple[str, int]]:
        return [(ROW_KINDS[kind], count) for kind, count in self.rows.items()]


def preview_file(path, workspace) -> Preview:
    """The preview of the file at `path`; never raises for anything in the file.

    A reader that crashed on some file would be a bug; the page still
    answers, with that one problem, rather than with a server error.
    """
    existing = set(ClientRow.objects.in_workspace(workspace).values_list("key", flat=True))
    preview = Preview()
    try:
        header, clients = stream_portfolio(path)
        preview.business, preview.as_of = header.business, header.as_of
        for client in clients:
            _count(preview, client, existing)
    except InputError as error:
        return Preview(problems=list(error.problems))
    except Exception as error:  # noqa: BLE001 - see the docstring
        logger.exception("preview of an uploaded portfolio failed")
        return Preview(problems=[problem("", "unexpected", error=type(error).__name__)])
    preview.untouched = len(existing) - preview.replaced
    return preview


def _count(preview: Preview, client: pf.Client, existing: set[str]) -> None:
    preview.clients += 1
    if client.id in existing:
        preview.replaced += 1
    else:
        preview.new += 1
    rows = preview.rows
    rows["contracts"] += client.contract is not None
    rows["projects"] += len(client.projects)
    rows["milestones"] += sum(len(project.milestones) for project in client.projects)
    rows["invoices"] += len(client.invoices)
    rows["payments"] += sum(len(invoice.payments) for invoice in client.invoices)
    rows["reminders"] += sum(len(invoice.reminders) for invoice in client.invoices)
    rows["time"] += len(client.time)
    rows["messages"] += len(client.messages)
    rows["events"] += len(client.events)


def business_changes(workspace, business: pf.Business) -> list[tuple[str, object, object]]:
    """(setting, now, after the import) for each field of the business profile the file sets."""
    from despedida.accounts.models import Language

    languages = dict(Language.choices)
    return [
        (_("Name"), workspace.name, business.name or workspace.name),
        (_("Currency"), workspace.currency, business.currency),
        (
            _("Language"),
            languages.get(workspace.language, workspace.language),
            languages.get(business.language, business.language),
        ),
        (_("Time zone"), workspace.timezone, business.timezone),
        (_("Target hourly rate"), workspace.target_hourly_rate, business.target_hourly_rate),
        (_("Payment terms (days)"), workspace.payment_terms_days, business.payment_terms_days),
    ]
