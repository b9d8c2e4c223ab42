"""Hypothesis throws hostile files at the import: refused by path, or a store that works.

GIVEN a valid portfolio mutated with extreme, odd or malformed values
      (tests/portfolio/hostile_json.py), some valid at the edge of a range
WHEN it is imported as `despedida import` does it
THEN it is refused whole (an InputError whose problems have known codes; the
     store unchanged), or it is stored, and then every client is assessed
     from the store, the file is assessed as `despedida assess FILE` does
     (with both renderers), the workspace exports, the export reads back,
     and the dashboard and every client's page answer 200. Never a traceback.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings

from despedida.accounts.middleware import SESSION_KEY as WORKSPACE_SESSION_KEY
from despedida.accounts.models import Membership, Role, Workspace
from despedida.assessment.management.commands.assess import write_json
from despedida.assessment.stored import recompute_workspace
from despedida.clients import models as db
from despedida.core.assessment.engine import assess_clients
from despedida.core.assessment.report import render_plain
from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.problems import MESSAGES
from despedida.core.portfolio.reader import read_portfolio, stream_portfolio
from despedida.portability.exporter import write_export
from despedida.portability.importer import import_portfolio
from tests.dates import AS_OF
from tests.portfolio.hostile_json import hostile_files

_names = itertools.count()


def _row_counts() -> dict[str, int]:
    models = (db.Client, db.Invoice, db.Payment, db.TimeEntry, db.Message, db.Event, Workspace)
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def owner(db, django_user_model, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_user("owner", password="a long test password 42")


def _import(text: str):
    """What `despedida import FILE` does: the workspace, or the InputError it exits 2 with."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "cartera.json"
        path.write_text(text, encoding="utf-8")
        try:
            header, clients = stream_portfolio(path)
            result = import_portfolio(header, clients)
        except InputError as error:
            return error, None
        # `assess FILE` on the same file, with both of its renderers.
        head, clients = stream_portfolio(path)
        assessed = assess_clients(head.business, clients, head.as_of or AS_OF)
        write_json(assessed, io.StringIO())
        render_plain(assessed, head.business, io.StringIO())
    return None, result.workspace


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=hostile_files(hostile=False) | hostile_files(hostile=True))
def test_a_hostile_file_is_refused_or_leaves_a_store_that_assesses_exports_and_shows(text, owner, client):
    # Each example in a savepoint rolled back after it: one store each.
    with transaction.atomic():
        before = _row_counts()
        error, workspace = _import(text)
        event("refused" if error is not None else "stored")
        if error is not None:
            assert error.problems and all(problem.code in MESSAGES for problem in error.problems)
            assert _row_counts() == before
        else:
            as_of = workspace_as_of(text)
            recompute_workspace(workspace, as_of=as_of)
            exported = io.BytesIO()
            count = write_export(workspace, as_of, exported)
            again = read_portfolio(io.BytesIO(exported.getvalue()))
            assert len(again.clients) == count == db.Client.objects.filter(workspace=workspace).count()
            workspace.slug = f"w-{next(_names)}"
            workspace.save()
            Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
            client.force_login(owner)
            session = client.session
            session[WORKSPACE_SESSION_KEY] = workspace.pk
            session.save()
            pages = [reverse("web:portfolio")] + [reverse("web:client", args=[c.id]) for c in again.clients]
            for page in pages:
                assert client.get(page, HTTP_ACCEPT_LANGUAGE="es").status_code == 200, page
        transaction.set_rollback(True)


def workspace_as_of(text: str) -> dt.date:
    """The file's as_of when it has a valid one, else the tests' day."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "cartera.json"
        path.write_text(text, encoding="utf-8")
        return read_portfolio(path).as_of or AS_OF
