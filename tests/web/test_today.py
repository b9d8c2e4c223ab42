"""What the workflows have due today, for the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from despedida.letters import drafts
from despedida.letters.models import LetterKind
from despedida.plans import workflow
from despedida.silence import protocol as silence_protocol
from despedida.web.today import due_today
from tests.workflow_fixtures import NOW, TODAY, days, silent_client

pytestmark = pytest.mark.django_db


def test_today_lists_due_steps_ready_letters_silences_and_prospects(acme, prospect, norte, alice, clock):
    plan = workflow.create_plan(
        acme,
        as_of=TODAY,
        notice_on=TODAY + days(1),
        last_work_on=dt.date(2026, 12, 15),
        handover_until=dt.date(2026, 12, 29),
        user=alice,
    )
    drafts.create_draft(acme, LetterKind.TERMINATION, user=alice, plan=plan)
    silence_protocol.start(silent_client(norte, waiting_since=NOW - days(8)), now=NOW)
    items = due_today(norte, TODAY)
    assert {item.kind for item in items} == {"plan_step", "silence_step", "prospect"}  # the letter cools off
    assert [item.what for item in items if item.kind == "plan_step"] == [
        "Releerla y enseñársela a un colega de confianza (opcional)"
    ]  # drafting is done already

    clock.shift(days(1))
    items = due_today(norte, TODAY + days(1))
    assert {item.kind for item in items} == {"plan_step", "silence_step", "letter_ready", "prospect"}
    assert any(item.client_name == "Acme Retail SL" and item.kind == "letter_ready" for item in items)
