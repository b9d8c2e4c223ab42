"""The lessons pages: what a closed plan taught, and which protections the business's contracts lack."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render

from despedida.accounts.language import ui_language
from despedida.accounts.scoping import get_scoped_or_404
from despedida.assessment.labels import signal_labels
from despedida.core.lessons.clauses import catalogue
from despedida.lessons.models import LessonsLearned
from despedida.lessons.proposals import proposed_clauses, workspace_checklist


def plan_lessons(request, pk: int):
    plan = get_scoped_or_404(request, LessonsLearned.plan.field.related_model, pk=pk)
    lessons = LessonsLearned.objects.filter(plan=plan).first()
    if lessons is None:
        return redirect("plans:plan_close", pk=plan.pk)
    language = ui_language()
    labels = signal_labels()
    return render(
        request,
        "lessons/lessons.html",
        {
            "plan": plan,
            "client": plan.client,
            "lessons": lessons,
            "language": language,
            "signals": [labels.get(code, code) for code in lessons.signals],
            "clauses": [(c, c.title(language), c.text(language)) for c in proposed_clauses(lessons)],
        },
    )


def contract_checklist(request):
    """Which protections the business's contracts already have, and the clause text for the rest."""
    if request.workspace is None:
        raise Http404
    language = ui_language()
    rows = workspace_checklist(request.workspace)
    clauses_by_protection: dict[str, list] = {}
    for clause in catalogue().clauses:
        clauses_by_protection.setdefault(clause.protection, []).append(
            {"title": clause.title(language), "text": clause.text(language), "id": clause.id}
        )
    return render(
        request,
        "lessons/contract_checklist.html",
        {
            "rows": [
                {
                    "use": row,
                    "label": row.protection.label(language),
                    "clauses": clauses_by_protection.get(row.protection.id, []),
                }
                for row in rows
            ],
        },
    )
