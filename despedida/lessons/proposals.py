"""Lessons learned: the clauses that would have prevented an ending, and the
protections the business already uses (clauses.py does the judging)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from despedida.accounts.models import Workspace
from despedida.assessment.models import AssessmentSignal
from despedida.clients.models import Client, Stage
from despedida.clients.record import iter_clients, load_client
from despedida.core.lessons import clauses
from despedida.lessons.models import LessonsLearned


def signals_on_record(client: Client) -> list[str]:
    """The warning signs of the client's latest assessment, to pre-fill the retrospective."""
    codes = AssessmentSignal.objects.filter(assessment__client=client).values_list("code", flat=True)
    return sorted(set(codes) & clauses.SIGNAL_CODES)


def proposed_clauses(lessons: LessonsLearned) -> list[clauses.Clause]:
    record = load_client(lessons.plan.client)
    return clauses.propose_clauses(lessons.signals, record.contract, record.events)


@dataclass(frozen=True)
class ProtectionUse:
    protection: clauses.Protection
    clients_with_it: int
    clients: int

    @property
    def in_use(self) -> bool:
        return self.clients_with_it > 0


def workspace_checklist(workspace: Workspace) -> list[ProtectionUse]:
    """For each protection of the catalogue, how many active clients' contracts have it."""
    ids = list(Client.objects.in_workspace(workspace).filter(stage=Stage.ACTIVE).values_list("pk", flat=True))
    counts: Counter[str] = Counter()
    for record in iter_clients(workspace, ids):
        for status in clauses.contract_checklist(record.contract, record.events):
            counts[status.protection] += status.in_place
    return [ProtectionUse(p, counts[p.id], len(ids)) for p in clauses.catalogue().protections]
