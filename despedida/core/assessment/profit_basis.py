"""Whether there is enough history to judge a client's profitability, and on what.

"Judge profitability on enough history" (domain.md): a client of a few
weeks, or a fixed fee still mostly unbilled, is too early to call
unprofitable. Two corrections follow:

- a client whose first recorded work (time, invoice, project start or
  signature) is less than `min_history_days` old is too new: no verdict;
- a fixed-fee project still mostly unbilled (less than half its fee
  invoiced) is counted by the work delivered: its fee times the share of
  its milestones delivered, less what was invoiced, is added to the
  revenue the rate is judged on. With no milestone delivered yet (or none
  to measure by) there is too little to judge that project: its hours are
  set aside.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import Client, FeeType, ProjectStatus

ZERO = Decimal(0)
UNDER_WAY = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED)
STARTED = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED, ProjectStatus.DONE)


@dataclass(frozen=True, slots=True)
class ProfitBasis:
    history_days: int | None
    """Days since the first recorded work; None when nothing is recorded."""
    earned_unbilled: Decimal
    """The delivered share of mostly unbilled fixed fees, not invoiced yet (business currency)."""
    earned_projects: tuple[str, ...]
    early_projects: tuple[str, ...]
    """Fixed-fee projects mostly unbilled with nothing delivered to measure them by."""
    early_hours: Decimal
    """Hours in the revenue window logged on `early_projects` (set aside)."""


def profit_basis(client: Client, currency: str, as_of: dt.date, thresholds: Thresholds) -> ProfitBasis:
    firsts = [e.on for e in client.time if e.on <= as_of]
    firsts += [i.issued_on for i in client.invoices if i.issued_on is not None and i.issued_on <= as_of]
    firsts += [p.started_on for p in client.projects if p.status in STARTED and p.started_on and p.started_on <= as_of]
    contract = client.contract
    if contract is not None and contract.signed_on is not None and contract.signed_on <= as_of:
        firsts.append(contract.signed_on)
    history = (as_of - min(firsts)).days if firsts else None

    # With a single project, invoices and hours recorded without one are that project's.
    only = client.projects[0].id if len(client.projects) == 1 else None
    earned = ZERO
    earned_names: list[str] = []
    early: list[str] = []
    early_ids: set[str] = set()
    for project in client.projects:
        if project.status not in UNDER_WAY or project.fee_type != FeeType.FIXED or not project.fee or project.fee <= 0:
            continue
        invoiced = sum(
            (
                i.amount
                for i in client.invoices
                if (i.project or only) == project.id
                and (i.currency or currency) == currency
                and (i.issued_on or i.due_on or as_of) <= as_of
            ),
            ZERO,
        )
        if invoiced * 2 >= project.fee:
            continue  # mostly billed: the invoices tell the story
        total = len(project.milestones)
        delivered = sum(1 for m in project.milestones if m.delivered_on is not None and m.delivered_on <= as_of)
        if not delivered:
            early.append(project.name)
            early_ids.add(project.id)
            continue
        share = project.fee * delivered / total
        if share > invoiced:
            earned += share - invoiced
            earned_names.append(project.name)
    start = as_of - dt.timedelta(days=thresholds.revenue_window_days)
    early_hours = sum(
        (e.hours for e in client.time if (e.project or only) in early_ids and start < e.on <= as_of),
        ZERO,
    )
    return ProfitBasis(history, earned, tuple(earned_names), tuple(early), early_hours)
