"""A large import is written in short transactions into a hidden staging area and swapped in at once.

These tests look at the store in the middle of an import (from inside the
iterator the importer is reading), and at what the swap does to the things
the app keeps about a client the file replaces.
"""

from __future__ import annotations

import json

import pytest

from despedida.accounts.models import Workspace
from despedida.accounts.workspace_choice import resolve_workspace
from despedida.assessment.models import Assessment
from despedida.assessment.stored import recompute_workspace
from despedida.clients import models as db
from despedida.clients.record import header_of, iter_clients
from despedida.core.demo.generator import generate_document
from despedida.core.portfolio.reader import load_document
from despedida.core.portfolio.writer import dump_document
from despedida.portability import importer, staging
from despedida.portability.importer import import_portfolio
from despedida.silence.models import SilenceProtocol
from tests.dates import AS_OF

# Enough clients for several staging transactions.
CLIENTS = importer.BATCH * 3 + 4
RECORD_MODELS = (
    db.Contract,
    db.Project,
    db.Milestone,
    db.Invoice,
    db.Payment,
    db.Reminder,
    db.TimeEntry,
    db.Message,
    db.Event,
)

pytestmark = pytest.mark.django_db(transaction=True)


def portfolio(seed: int = 3):
    return load_document(generate_document(clients=CLIENTS, seed=seed, as_of=AS_OF))


def exported(workspace: Workspace) -> dict:
    header = header_of(workspace, AS_OF)
    header.clients = list(iter_clients(workspace))
    return dump_document(header)


def visible(workspace: Workspace) -> dict:
    """Everything a page, a command or the worker can reach of a workspace."""
    return {
        "workspaces": sorted(Workspace.objects.values_list("slug", flat=True)),
        "clients": sorted(db.Client.objects.in_workspace(workspace).values_list("key", flat=True)),
        **{model.__name__: model.objects.in_workspace(workspace).count() for model in RECORD_MODELS},
        "export": json.dumps(exported(workspace), sort_keys=True, default=str),
    }


def watching(clients, after: int, look):
    """The clients, calling `look()` once `after` of them have been handed to the importer."""
    for n, client in enumerate(clients):
        if n == after:
            look()
        yield client


def test_nothing_of_an_import_is_visible_before_its_swap():
    first = portfolio(seed=3)
    workspace = import_portfolio(first, first.clients).workspace
    before = visible(workspace)
    second = portfolio(seed=4)  # other records under the same ids: every client is replaced, and one is new
    for old, new in zip(first.clients, second.clients):
        new.id = old.id
    second.clients.append(load_document(generate_document(clients=1, seed=9, as_of=AS_OF)).clients[0])
    second.clients[-1].id = "someone-new"
    seen = {}

    def look():
        # Two staging transactions have committed by now.
        assert db.Client._base_manager.exclude(workspace=workspace).count() == 2 * importer.BATCH
        seen["during"] = visible(workspace)

    result = import_portfolio(second, watching(second.clients, 2 * importer.BATCH, look), workspace=workspace)

    assert seen["during"] == before
    assert (result.created, result.updated) == (1, CLIENTS)
    assert exported(workspace)["clients"] == dump_document(second)["clients"]
    assert Workspace._base_manager.count() == 1  # the staging areas are gone


def test_a_new_workspace_appears_only_at_the_swap(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    data = portfolio()
    seen = {}

    def look():
        seen["workspaces"] = list(Workspace.objects.all())
        seen["yours"] = list(Workspace.objects.filter(memberships__user=owner))
        seen["the only one"] = resolve_workspace(None, create_if_empty=True)

    result = import_portfolio(data, watching(data.clients, 2 * importer.BATCH, look), owner=owner)

    assert seen == {"workspaces": [], "yours": [], "the only one": None}
    assert result.workspace.slug == "estudio-alameda"
    assert list(Workspace.objects.filter(memberships__user=owner)) == [result.workspace]
    assert exported(result.workspace)["clients"] == dump_document(data)["clients"]


def test_a_file_refused_half_way_leaves_no_trace_not_even_hidden():
    data = portfolio()
    workspace = import_portfolio(data, data.clients).workspace
    rows = {model.__name__: model._base_manager.count() for model in (db.Client, *RECORD_MODELS)}

    def crash():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_portfolio(data, watching(data.clients, 2 * importer.BATCH + 1, crash), workspace=workspace)

    assert {model.__name__: model._base_manager.count() for model in (db.Client, *RECORD_MODELS)} == rows
    assert Workspace._base_manager.count() == 1


def test_what_the_app_keeps_about_a_replaced_client_follows_the_client_that_replaces_it():
    data = portfolio()
    workspace = import_portfolio(data, data.clients).workspace
    recompute_workspace(workspace, as_of=AS_OF)
    client = (
        db.Client.objects.in_workspace(workspace)
        .filter(pk__in=db.Message.objects.filter(direction=db.Direction.OUT).values("client_id"))
        .first()
    )
    waiting = db.Message.objects.filter(client=client, direction=db.Direction.OUT).first()
    protocol = SilenceProtocol.objects.create(
        workspace=workspace,
        client=client,
        started_at=waiting.at,
        checkin_due_on=AS_OF,
        awaiting_message=waiting,
    )
    assessment = Assessment.objects.get(client=client)

    import_portfolio(data, data.clients, workspace=workspace)

    now = db.Client.objects.in_workspace(workspace).get(key=client.key)
    protocol.refresh_from_db()
    assessment.refresh_from_db()
    assert protocol.client == now and assessment.client == now
    # The message it waited for was replaced by the file's copy of it: the link is let go, not the protocol.
    assert protocol.awaiting_message is None
    assert db.Message.objects.filter(client=now).count() == len(
        next(c for c in data.clients if c.id == client.key).messages
    )
    assert db.Client._base_manager.count() == CLIENTS  # the replaced clients and their records are gone
    assert db.Message._base_manager.count() == sum(len(c.messages) for c in data.clients)


def test_an_area_left_by_a_killed_import_is_removed_by_the_next_one_once_old():
    data = portfolio()
    workspace = import_portfolio(data, data.clients).workspace
    left, recent = staging.open_area("import"), staging.open_area("import")
    importer._stage_chunk(left, workspace, data.clients[:3], 0)
    importer._stage_chunk(recent, workspace, data.clients[:3], 0)
    Workspace._base_manager.filter(pk=left.pk).update(created_at=left.created_at - staging.ABANDONED_AFTER * 2)
    assert visible(workspace)["clients"] == sorted(c.id for c in data.clients)  # hidden all along

    import_portfolio(data, data.clients[:1], workspace=workspace)

    assert set(Workspace._base_manager.values_list("pk", flat=True)) == {workspace.pk, recent.pk}
    assert db.Client._base_manager.filter(workspace=recent).count() == 3  # an import may still be filling it
