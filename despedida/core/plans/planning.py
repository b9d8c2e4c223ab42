"""Exit plans: the dated steps of ending a client relationship well.

Pure Python: takes the portfolio dataclasses, returns frozen dataclasses,
and `ExitPlan.to_json()` is the `despedida.plan/1` document of the
command-line contract. How the dates are chosen is in docs/exit-plans.md;
in short:

- the letter is drafted on `as_of` and sent no earlier than the next day
  (24 hours to cool off, re-read and show it to a colleague);
- work is never dropped mid-job: the last day of work is the latest of the
  current milestone of every active project (or a buffer when that
  milestone is overdue, undated, or the project has none), the end of the
  contract's notice period, and the day the letter goes out;
- walking away (an active client with an ethics concern on record) is now:
  new work stops at once and the last day of work is `walk_away_days`
  after `as_of` (or the day the letter goes out, if later); neither the
  current milestone nor the contract's notice period holds it back;
- a client silent past the ultimatum's deadline gets the closing letter;
  while that deadline is still ahead, the letter waits for it (you said
  you would);
- the handover window follows the last day of work;
- the final invoice is issued on the last day of work (see billing.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from despedida.core.assessment.silence import SilenceState, SilenceStep
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.plans.checklist import ChecklistItem, exit_checklist
from despedida.core.plans.final_invoice import FinalInvoice, plan_final_invoice
from despedida.core.plans.notes import Note
from despedida.core.plans.silence_steps import silence_json, silence_notes, silence_of
from despedida.core.portfolio.model import Business, Client, EventType, Portfolio, ProjectStatus, Stage

FORMAT = "despedida.plan/1"
DAY = dt.timedelta(days=1)

# Days to finish a piece of work whose end the record can't tell (overdue,
# undated, or an active project without milestones): two working weeks.
DEFAULT_BUFFER_DAYS = 14
# Days after the last day of work in which the client finds someone else
# and you answer the newcomer's questions.
DEFAULT_HANDOVER_DAYS = 14
# Days after the letter goes out to answer the client's reaction.
FOLLOW_UP_DAYS = 3


class PlanInputError(ValueError):
    """A plan was asked for with inputs that can't make a sound plan."""


class UnknownClientError(PlanInputError):
    pass


class StepAction(StrEnum):
    """In the order they happen when they fall on the same day."""

    DRAFT_LETTER = "draft_letter"
    REVIEW = "review"
    SEND_LETTER = "send_letter"
    FOLLOW_UP = "follow_up"
    HANDOVER_START = "handover_start"
    LAST_WORK = "last_work"
    FINAL_INVOICE = "final_invoice"
    HANDOVER_END = "handover_end"
    CHECKLIST = "checklist"


STEP_LABELS: dict[StepAction, dict[str, str]] = {
    StepAction.DRAFT_LETTER: {"es": "Redactar la carta", "en": "Draft the letter"},
    StepAction.REVIEW: {
        "es": "Releerla y enseñársela a un colega de confianza (opcional)",
        "en": "Re-read it and show it to a trusted colleague (optional)",
    },
    StepAction.SEND_LETTER: {"es": "Enviar la carta", "en": "Send the letter"},
    StepAction.FOLLOW_UP: {
        "es": "Responder a su reacción, con calma y sin cambiar la decisión",
        "en": "Answer their reaction, calmly and without changing course",
    },
    StepAction.HANDOVER_START: {
        "es": "Entregar archivos, accesos y notas de traspaso",
        "en": "Hand over files, access and handover notes",
    },
    StepAction.LAST_WORK: {"es": "Último día de trabajo", "en": "Last day of work"},
    StepAction.FINAL_INVOICE: {"es": "Emitir la factura final", "en": "Issue the final invoice"},
    StepAction.HANDOVER_END: {
        "es": "Fin del traspaso: ya no atiendes consultas",
        "en": "End of handover: no more questions answered",
    },
    StepAction.CHECKLIST: {"es": "Lista de cierre", "en": "Closing checklist"},
}


class ConstraintKind(StrEnum):
    MILESTONE = "milestone"  # the current milestone, due on or after as_of
    OVERDUE_MILESTONE = "overdue_milestone"  # due before as_of: buffer
    UNDATED_MILESTONE = "undated_milestone"  # no due date: buffer
    OPEN_ENDED = "open_ended"  # active project without milestones: buffer
    NOTICE_PERIOD = "notice_period"  # notice_on + contract.notice_days
    NOTICE_DAY = "notice_day"  # work never ends before the letter is sent
    WALK_AWAY = "walk_away"  # an ethics concern: the work stops within days


WHY: dict[ConstraintKind, dict[str, str]] = {
    ConstraintKind.MILESTONE: {
        "es": "tras el hito «{milestone}» ({project})",
        "en": "after milestone «{milestone}» ({project})",
    },
    ConstraintKind.OVERDUE_MILESTONE: {
        "es": "margen para terminar el hito atrasado «{milestone}» ({project})",
        "en": "time to finish the overdue milestone «{milestone}» ({project})",
    },
    ConstraintKind.UNDATED_MILESTONE: {
        "es": "margen para terminar el hito sin fecha «{milestone}» ({project})",
        "en": "time to finish the undated milestone «{milestone}» ({project})",
    },
    ConstraintKind.OPEN_ENDED: {
        "es": "margen para cerrar el trabajo en curso de {project}",
        "en": "time to close the work in hand on {project}",
    },
    ConstraintKind.NOTICE_PERIOD: {
        "es": "al cumplirse el preaviso de {days} días del contrato",
        "en": "when the contract's {days}-day notice period ends",
    },
    ConstraintKind.NOTICE_DAY: {"es": "el día del aviso", "en": "on the day of the notice"},
    ConstraintKind.WALK_AWAY: {
        "es": "en {days} días como mucho: hay una objeción ética y el trabajo se detiene ya",
        "en": "within {days} days: there is an ethics concern and the work stops now",
    },
}


@dataclass(frozen=True, slots=True)
class Constraint:
    """A date before which the work can't end, and why."""

    kind: ConstraintKind
    on: dt.date
    project: str | None = None  # project id
    project_name: str | None = None
    milestone: str | None = None
    days: int | None = None

    def why(self, language: str = "es") -> str:
        templates = WHY[self.kind]
        return templates.get(language, templates["en"]).format(
            milestone=self.milestone, project=self.project_name, days=self.days
        )

    def to_json(self) -> dict[str, object]:
        document: dict[str, object] = {"kind": str(self.kind), "on": self.on.isoformat()}
        if self.project is not None:
            document["project"] = self.project
        if self.milestone is not None:
            document["milestone"] = self.milestone
        if self.days is not None:
            document["days"] = self.days
        return document


@dataclass(frozen=True, slots=True)
class PlanStep:
    on: dt.date
    action: StepAction
    optional: bool = False

    def label(self, language: str = "es") -> str:
        labels = STEP_LABELS[self.action]
        return labels.get(language, labels["en"])

    def to_json(self) -> dict[str, object]:
        return {"on": self.on.isoformat(), "action": str(self.action), "optional": self.optional}


@dataclass(frozen=True, slots=True)
class ExitPlan:
    client: str
    client_name: str
    language: str  # of the business: notes and reasons are written in it
    as_of: dt.date
    notice_on: dt.date
    last_work_on: dt.date
    handover_until: dt.date
    final_invoice: FinalInvoice | None
    steps: tuple[PlanStep, ...]
    checklist: tuple[ChecklistItem, ...]
    constraints: tuple[Constraint, ...]
    decided_by: Constraint  # the constraint that set last_work_on
    notes: tuple[Note, ...]
    letter: str = "termination"  # the `despedida letter --kind` to draft: termination or closing
    silence: SilenceState | None = None  # where the silence protocol stands, when the client is silent

    def step(self, action: StepAction) -> PlanStep | None:
        return next((s for s in self.steps if s.action == action), None)

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "client": self.client,
            "as_of": self.as_of.isoformat(),
            "notice_on": self.notice_on.isoformat(),
            "last_work_on": self.last_work_on.isoformat(),
            "handover_until": self.handover_until.isoformat(),
            "final_invoice": self.final_invoice.to_json() if self.final_invoice else None,
            "steps": [step.to_json() for step in self.steps],
            "checklist": [str(item) for item in self.checklist],
            "letter": self.letter,
            "silence": silence_json(self.silence),
            "why": self.decided_by.why(self.language),
            "constraints": [c.to_json() for c in self.constraints],
            "notes": [note.to_json(self.language) for note in self.notes],
        }


def work_constraints(client: Client, as_of: dt.date, buffer_days: int) -> tuple[list[Constraint], list[Note]]:
    """When the current piece of work of each active project can end."""
    constraints: list[Constraint] = []
    notes: list[Note] = []
    buffer_end = as_of + dt.timedelta(days=buffer_days)
    for project in client.projects:
        if project.status != ProjectStatus.ACTIVE:
            continue
        if not project.milestones:
            constraints.append(Constraint(ConstraintKind.OPEN_ENDED, buffer_end, project.id, project.name))
            notes.append(Note.of("open_ended", project=project.name, buffer_days=buffer_days))
            continue
        current = project.current_milestone()
        if current is None:  # everything delivered: nothing in hand
            continue
        where = dict(project=project.id, project_name=project.name, milestone=current.name)
        if current.due_on is None:
            constraints.append(Constraint(ConstraintKind.UNDATED_MILESTONE, buffer_end, **where))
            notes.append(
                Note.of("milestone_undated", milestone=current.name, project=project.name, buffer_days=buffer_days)
            )
        elif current.due_on < as_of:
            constraints.append(Constraint(ConstraintKind.OVERDUE_MILESTONE, buffer_end, **where))
            notes.append(
                Note.of(
                    "milestone_overdue",
                    milestone=current.name,
                    project=project.name,
                    due_on=current.due_on.isoformat(),
                    buffer_days=buffer_days,
                )
            )
        else:
            constraints.append(Constraint(ConstraintKind.MILESTONE, current.due_on, **where))
    return constraints, notes


def is_walking_away(client: Client, as_of: dt.date) -> bool:
    """An active client with an ethics concern on record by `as_of`: the assessment says walk away."""
    return client.stage == Stage.ACTIVE and any(
        e.type == EventType.ETHICS_CONCERN and e.on <= as_of for e in client.events
    )


def plan_steps(
    as_of: dt.date,
    notice_on: dt.date,
    last_work_on: dt.date,
    handover_until: dt.date,
    final_invoice: FinalInvoice | None,
    review: bool,
) -> tuple[PlanStep, ...]:
    steps = [
        PlanStep(as_of, StepAction.DRAFT_LETTER),
        PlanStep(notice_on, StepAction.SEND_LETTER),
        PlanStep(notice_on + dt.timedelta(days=FOLLOW_UP_DAYS), StepAction.FOLLOW_UP),
        PlanStep(last_work_on, StepAction.HANDOVER_START),
        PlanStep(last_work_on, StepAction.LAST_WORK),
        PlanStep(handover_until, StepAction.HANDOVER_END),
        PlanStep(handover_until, StepAction.CHECKLIST),
    ]
    if review:
        # On the eve of sending: after the cool-off has begun, before the letter leaves.
        steps.append(PlanStep(notice_on - DAY, StepAction.REVIEW, optional=True))
    if final_invoice is not None:
        steps.append(PlanStep(final_invoice.issued_on, StepAction.FINAL_INVOICE))
    order = list(StepAction)
    return tuple(sorted(steps, key=lambda s: (s.on, order.index(s.action))))


def plan_exit(
    business: Business,
    client: Client,
    as_of: dt.date,
    notice_on: dt.date | None = None,
    *,
    handover_days: int = DEFAULT_HANDOVER_DAYS,
    buffer_days: int = DEFAULT_BUFFER_DAYS,
    review: bool = True,
    thresholds: Thresholds | None = None,
) -> ExitPlan:
    """The exit plan for `client` as of `as_of`.

    `notice_on` is the day the letter is sent; it defaults to the day after
    `as_of` (or after a pending ultimatum's deadline) and can't be earlier
    (PlanInputError).
    """
    silence = silence_of(business, client, as_of, thresholds)
    # An ultimatum still running: you said you would wait until its deadline.
    pending_deadline = silence.deadline if silence.step == SilenceStep.ULTIMATUM_SENT else None
    if notice_on is None:
        notice_on = as_of + DAY
        if pending_deadline is not None:
            notice_on = max(notice_on, pending_deadline + DAY)
    if notice_on < as_of:
        raise PlanInputError(f"notice_on {notice_on.isoformat()} is in the past (as of {as_of.isoformat()})")
    if notice_on < as_of + DAY:
        raise PlanInputError(
            f"notice_on {notice_on.isoformat()} leaves no 24-hour cool-off: the letter is drafted "
            f"on {as_of.isoformat()} and can be sent from {(as_of + DAY).isoformat()}"
        )
    if pending_deadline is not None and notice_on <= pending_deadline:
        raise PlanInputError(
            f"notice_on {notice_on.isoformat()} is not after the ultimatum's deadline "
            f"{pending_deadline.isoformat()}: the client was promised until then"
        )
    if handover_days < 0:
        raise PlanInputError(f"handover_days must not be negative, got {handover_days}")
    if buffer_days < 1:
        raise PlanInputError(f"buffer_days must be at least 1, got {buffer_days}")

    notes: list[Note] = []
    if client.stage == Stage.PROSPECT:
        notes.append(Note.of("stage_prospect"))
    elif client.stage == Stage.FORMER:
        notes.append(Note.of("stage_former"))
    if not client.projects:
        notes.append(Note.of("no_projects"))
    if not client.invoices:
        notes.append(Note.of("no_invoices"))
    notes.extend(silence_notes(silence))

    contract = client.contract
    walking_away = is_walking_away(client, as_of)
    if walking_away:
        # Work that can't be done in conscience stops now: no milestone to finish, no notice to serve.
        days = (thresholds or Thresholds()).walk_away_days
        constraints = [Constraint(ConstraintKind.WALK_AWAY, as_of + dt.timedelta(days=days), days=days)]
        notes.append(Note.of("walk_away", days=days))
    else:
        constraints, work_notes = work_constraints(client, as_of, buffer_days)
        notes.extend(work_notes)
    mid_job = bool(constraints) and not walking_away
    if contract is None:
        notes.append(Note.of("no_contract"))
    elif contract.notice_days and not walking_away:
        constraints.append(
            Constraint(
                ConstraintKind.NOTICE_PERIOD,
                notice_on + dt.timedelta(days=contract.notice_days),
                days=contract.notice_days,
            )
        )
    constraints.append(Constraint(ConstraintKind.NOTICE_DAY, notice_on))

    # The latest date wins; on a tie the first listed (work before notice) explains it.
    decided_by = max(constraints, key=lambda c: c.on)
    last_work_on = decided_by.on
    handover_until = last_work_on + dt.timedelta(days=handover_days)

    billing = plan_final_invoice(business, client, as_of, last_work_on)
    if mid_job and billing.final_invoice is not None:
        notes.append(Note.of("amounts_as_of", as_of=as_of.isoformat(), last_work_on=last_work_on.isoformat()))
    notes.extend(billing.notes)

    return ExitPlan(
        client=client.id,
        client_name=client.name,
        language=business.language,
        as_of=as_of,
        notice_on=notice_on,
        last_work_on=last_work_on,
        handover_until=handover_until,
        final_invoice=billing.final_invoice,
        steps=plan_steps(as_of, notice_on, last_work_on, handover_until, billing.final_invoice, review),
        checklist=exit_checklist(client),
        constraints=tuple(constraints),
        decided_by=decided_by,
        notes=tuple(notes),
        letter="closing" if silence.step in (SilenceStep.ULTIMATUM_SENT, SilenceStep.CLOSE_DUE) else "termination",
        silence=silence if silence.is_silent else None,
    )


def plan_exit_for(
    portfolio: Portfolio,
    client_id: str,
    as_of: dt.date | None = None,
    notice_on: dt.date | None = None,
    **options: object,
) -> ExitPlan:
    """`plan_exit` for a client of a portfolio; `as_of` defaults to the portfolio's."""
    client = portfolio.client_by_id(client_id)
    if client is None:
        raise UnknownClientError(f"no client with id {client_id!r}")
    as_of = as_of or portfolio.as_of
    if as_of is None:
        raise PlanInputError("no as_of date: the portfolio has none and none was given")
    return plan_exit(portfolio.business, client, as_of, notice_on, **options)  # type: ignore[arg-type]
