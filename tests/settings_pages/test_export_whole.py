"""An export is built whole before anything is sent: never a truncated file passing for a backup."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from despedida.clients import models as db
from despedida.core.portfolio.reader import read_portfolio
from despedida.portability import exporter


@pytest.fixture
def three_clients(norte):
    for key in ("acme", "beta", "gamma"):
        db.Client.objects.create(workspace=norte, key=key, name=key.title())
    return norte


@pytest.fixture
def failing_after_one_client(monkeypatch):
    """The store fails while the second client is read, as a broken disk or row would."""
    real = exporter.iter_clients

    def iter_clients(workspace, client_ids=None):
        clients = real(workspace, client_ids)
        yield next(clients)
        raise OSError("the disk went away")

    monkeypatch.setattr(exporter, "iter_clients", iter_clients)


def test_the_download_carries_its_length_so_a_cut_transfer_is_seen(alice_client, three_clients):
    response = alice_client.get(reverse("settings:export_download"))
    body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(body)
    assert [client.id for client in read_portfolio(io.BytesIO(body)).clients] == ["acme", "beta", "gamma"]


def test_a_download_that_fails_half_way_is_an_error_page_not_half_a_file(
    alice_client, three_clients, failing_after_one_client
):
    response = alice_client.get(reverse("settings:export_download"))

    assert response.status_code == 500
    assert "Content-Disposition" not in response
    assert "The export failed" in response.content.decode()


def test_the_command_that_fails_half_way_writes_nothing_and_says_so_in_one_line(
    three_clients, failing_after_one_client, tmp_path, capsys
):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("export", workspace=three_clients.slug, as_of="2026-11-22", stdout=out)
    assert exit_info.value.code == 1
    assert out.getvalue() == ""
    assert capsys.readouterr().err.splitlines() == ["export: failed, nothing written: the disk went away"]

    folder = tmp_path / "backups"
    folder.mkdir()
    with pytest.raises(SystemExit):
        call_command(
            "export",
            workspace=three_clients.slug,
            as_of="2026-11-22",
            out=str(folder / "backup.json"),
            stderr=io.StringIO(),
        )
    assert list(folder.iterdir()) == []  # neither the file nor its temporary
