"""Stored assessments and their signal rows: what the dashboard lists and filters by sign."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from despedida.accounts.models import Workspace
from despedida.assessment.models import Assessment, AssessmentSignal
from despedida.assessment.stored import recompute_client, recompute_workspace


@pytest.fixture
def demo(db) -> Workspace:
    call_command("demo", clients=40, seed=7, stdout=io.StringIO())
    return Workspace.objects.get()


def stored(workspace: Workspace) -> dict[str, tuple]:
    """Per client: its stored verdict's columns, its signs from `data`, and its signal rows, in order."""
    found = {}
    for assessment in Assessment.objects.in_workspace(workspace).select_related("client"):
        rows = assessment.signal_rows.order_by("pk")
        assert {row.workspace_id for row in rows} <= {workspace.pk}
        found[assessment.client.key] = (
            assessment.recommendation,
            assessment.top_signal,
            assessment.summary,
            [(signal["code"], signal["severity"]) for signal in assessment.data["signals"]],
            [(row.code, row.severity) for row in rows],
        )
    return found


def test_every_sign_of_a_stored_verdict_has_its_row_under_that_verdict_and_no_other(demo):
    verdicts = stored(demo)
    assert len(verdicts) == 40
    for key, (_recommendation, top, _summary, signs, rows) in verdicts.items():
        assert rows == signs, key
        assert top == (signs[0][0] if signs else ""), key
    assert AssessmentSignal.objects.count() == sum(len(signs) for *_, signs, _rows in verdicts.values())
    assert any(len(signs) > 1 for *_, signs, _rows in verdicts.values())  # rows of several signs, in order


def test_recomputing_the_workspace_or_one_client_stores_the_same_verdicts_and_rows_once(demo):
    before = stored(demo)
    recompute_workspace(demo)
    assert stored(demo) == before
    flagged = Assessment.objects.in_workspace(demo).exclude(top_signal="").select_related("client").first()
    recompute_client(flagged.client)
    assert stored(demo) == before
