"""The earliest sensible last day of work: never mid-job.

Three dates bound it, and the latest wins:
- the cool-off: a termination letter is re-read before it goes out, so
  nothing ends before `as_of + cool_off_days`;
- the contract's notice period, counted from the day the letter can be sent;
- the current milestone of every active project (its first undelivered
  one): its due date, or, when that date has already passed or is not
  set, `as_of + milestone_overdue_buffer_days` to finish and hand it over;
  an active project without milestones (work in hand, open-ended) gets
  the same buffer.

Walking away (an ethics concern) is different: the work stops at once and
ends within `walk_away_days`, with the work done invoiced; a notice period
written for ordinary endings does not oblige anyone to go on with work
that cannot be done in conscience (`walk_away_exit`).

The rules match the exit plan's (`despedida.core.plans.planning`), so that
`assess` and `plan` give the same last day of work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from despedida.core.assessment.phrases import Words
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.portfolio.model import Client, ProjectStatus


@dataclass(frozen=True, slots=True)
class ExitDate:
    on: dt.date
    reason: str  # milestone, milestone_late, milestone_undated, open_ended, notice, cool_off or walk_away
    milestone: str | None = None
    project: str | None = None
    days: int = 0

    def why(self, words: Words) -> str:
        if self.reason.startswith("milestone") or self.reason == "open_ended":
            return words.say(
                f"exit.{self.reason}", milestone=self.milestone, project=self.project, days=words.days(self.days)
            )
        return words.say(f"exit.{self.reason}", days=words.days(self.days))


def earliest_exit(client: Client, as_of: dt.date, thresholds: Thresholds) -> ExitDate:
    letter_on = as_of + dt.timedelta(days=thresholds.cool_off_days)
    best = ExitDate(letter_on, "cool_off", days=thresholds.cool_off_days)
    notice_days = client.contract.notice_days if client.contract is not None else None
    if notice_days:
        notice_end = letter_on + dt.timedelta(days=notice_days)
        if notice_end > best.on:
            best = ExitDate(notice_end, "notice", days=notice_days)
    for project in client.projects:
        if project.status != ProjectStatus.ACTIVE:
            continue
        buffer = thresholds.milestone_overdue_buffer_days
        buffer_end = as_of + dt.timedelta(days=buffer)
        if not project.milestones:
            candidate = ExitDate(buffer_end, "open_ended", None, project.name, buffer)
        else:
            # The current milestone as it stood on as_of (a later delivery had not happened yet).
            milestone = next((m for m in project.milestones if m.delivered_on is None or m.delivered_on > as_of), None)
            if milestone is None:
                continue
            if milestone.due_on is None:
                candidate = ExitDate(buffer_end, "milestone_undated", milestone.name, project.name, buffer)
            elif milestone.due_on >= as_of:
                candidate = ExitDate(milestone.due_on, "milestone", milestone.name, project.name)
            else:
                candidate = ExitDate(buffer_end, "milestone_late", milestone.name, project.name, buffer)
        if candidate.on > best.on:
            best = candidate
    return best


def walk_away_exit(as_of: dt.date, thresholds: Thresholds) -> ExitDate:
    """The last day of work when walking away: within `walk_away_days`, whatever the notice or milestones."""
    days = max(thresholds.walk_away_days, thresholds.cool_off_days)
    return ExitDate(as_of + dt.timedelta(days=days), "walk_away", days=days)
