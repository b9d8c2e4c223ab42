"""How an exit plan follows its letter: drafted, reviewed and sent tick the plan's steps."""

from __future__ import annotations

from despedida.letters.models import LetterKind
from despedida.plans import workflow
from despedida.plans.models import PlanStep, StepKind


def _plan_letter(draft) -> bool:
    return draft.plan_id is not None and draft.kind == LetterKind.TERMINATION


def letter_drafted(sender, draft, user=None, now=None, **kwargs) -> None:
    if _plan_letter(draft):
        PlanStep.objects.filter(plan_id=draft.plan_id, kind=StepKind.DRAFT_LETTER, done_at__isnull=True).update(
            done_at=now, done_by=user
        )


def letter_reviewed(sender, draft, now=None, **kwargs) -> None:
    if _plan_letter(draft):
        PlanStep.objects.filter(plan_id=draft.plan_id, kind=StepKind.REVIEW, done_at__isnull=True).update(done_at=now)


def letter_went_out(sender, draft, user=None, now=None, sent=True, **kwargs) -> None:
    if sent and _plan_letter(draft):
        workflow.mark_step(draft.plan, StepKind.SEND_LETTER, user=user, now=now)
