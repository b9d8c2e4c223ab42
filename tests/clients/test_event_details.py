"""An event carries only its own kind's details, whatever path writes it; an older store keeps every event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from despedida.accounts.models import Workspace
from despedida.clients import models as db

BEFORE = [("clients", "0005_merge_tax_id_and_mail_headers")]


@pytest.fixture
def client_row(norte):
    return db.Client.objects.create(workspace=norte, key="acme", name="Acme")


def _event(client, **fields):
    return db.Event(workspace=client.workspace, client=client, on=dt.date(2026, 10, 1), **fields)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"type": "scope_change", "quality": "vague"},
        {"type": "conversation", "deadline": dt.date(2026, 10, 9)},
        {"type": "feedback", "severity": "serious"},
        {"type": "terms_changed", "clause": "no_such_clause"},
        {"type": "no_such_kind"},
    ],
)
def test_the_database_refuses_what_clean_refuses_even_through_bulk_create(client_row, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        db.Event.objects.bulk_create([_event(client_row, **fields)])


@pytest.mark.django_db
def test_a_file_may_leave_out_a_feedback_quality_but_the_form_asks_for_it(client_row):
    from despedida.web.forms import EventForm

    stored = db.Event.objects.bulk_create([_event(client_row, type="feedback", delay_days=12)])
    assert stored[0].pk is not None
    form = EventForm({"type": "feedback", "on": "2026-10-02"}, client=client_row)
    assert not form.is_valid()
    assert "quality" in form.errors


@pytest.mark.django_db(transaction=True)
def test_a_store_from_before_the_guard_migrates_and_keeps_every_event():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Client, Event = old.get_model("clients", "Client"), old.get_model("clients", "Event")
    # Only the record's migrations go back; the workspace table is today's.
    workspace = Workspace.objects.create(name="Estudio Norte", slug="norte-old")
    client = Client.objects.create(workspace_id=workspace.pk, key="acme", name="Acme", position=0)
    common = {"workspace_id": workspace.pk, "client": client, "on": dt.date(2026, 9, 1)}
    Event.objects.create(type="feedback", quality="vague", delay_days=21, note="late and vague", position=0, **common)
    Event.objects.create(type="conversation", topic="pagos", position=1, **common)
    # A detail of another kind, as the fast import path could leave it.
    Event.objects.create(type="scope_change", priced=True, quality="clear", position=2, **common)

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    events = list(db.Event.objects.filter(client__key="acme", workspace__slug="norte-old").order_by("position"))
    assert [(e.type, e.quality, e.delay_days, e.topic, e.priced, e.note) for e in events] == [
        ("feedback", "vague", 21, None, False, "late and vague"),
        ("conversation", None, None, "pagos", False, None),
        ("scope_change", None, None, None, True, None),
    ]
