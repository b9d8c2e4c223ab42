"""`despedida assess --all`: recompute a stored workspace (the flag's wiring)."""

import json

import pytest
from django.core.management import call_command

from despedida.accounts.models import Workspace


@pytest.fixture
def recorded(monkeypatch):
    """Replace the store's recompute with a recorder: the flag's wiring is what is tested."""
    calls = []

    def recompute_workspace(workspace, progress=None, **extra):
        calls.append((workspace.slug, extra))
        if progress is not None:
            progress(3, 3)
        return 3

    monkeypatch.setattr("despedida.assessment.stored.recompute_workspace", recompute_workspace)
    return calls


def test_all_recomputes_the_only_workspace_and_says_how_many(norte, recorded, capsys):
    call_command("assess", "--all")
    assert recorded == [("estudio-norte", {})]
    assert capsys.readouterr().out == "3 clientes evaluados en estudio-norte\n"


def test_all_passes_as_of_and_speaks_json(norte, recorded, capsys):
    call_command("assess", "--all", "--as-of", "2026-11-22", "--format", "json")
    assert recorded[0][1]["as_of"].isoformat() == "2026-11-22"
    assert json.loads(capsys.readouterr().out) == {
        "format": "despedida.assessment-run/1",
        "workspace": "estudio-norte",
        "clients": 3,
    }


def test_all_needs_a_workspace_name_when_there_are_several(norte, recorded, capsys):
    Workspace.objects.create(name="Otro", slug="otro", currency="EUR", language="es")
    with pytest.raises(SystemExit) as exited:
        call_command("assess", "--all")
    assert exited.value.code == 2
    assert recorded == []
    call_command("assess", "--all", "--workspace", "otro")
    assert recorded == [("otro", {})]


def test_all_with_the_real_store_assesses_every_client(norte, capsys):
    call_command("assess", "--all")
    assert capsys.readouterr().out == "0 clientes evaluados en estudio-norte\n"
