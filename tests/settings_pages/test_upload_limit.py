"""The import page's upload limit, and no upload left behind whatever happens."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import FakePayload, encode_multipart
from django.urls import reverse

from despedida.clients import models as db
from despedida.workspace_settings import transfer_views
from despedida.workspace_settings.transfer_views import SESSION_KEY

from .conftest import upload

MB = 1024 * 1024
TOO_LARGE = "larger than 1 MB, the most the import page accepts"


@pytest.fixture
def incoming(settings, tmp_path):
    """A one-megabyte limit; anything over 64 KB is spooled to a temporary file in a folder we can watch."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    settings.MAX_UPLOAD_MB = 1
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def left_in(folder) -> list:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def file_of(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("portfolio.json", b" " * size, "application/json")


class CountingPayload(FakePayload):
    """The request body, counting how much of it the server read."""

    def __init__(self, content):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1, /):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_a_file_just_over_the_limit_is_refused_with_the_reason_and_nothing_kept(
    alice_client, norte, incoming, data_dir
):
    response = alice_client.post(reverse("settings:import"), {"file": file_of(MB + 1)})

    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()
    assert "despedida import FILE" in response.content.decode()
    assert left_in(incoming) == []  # the temporary file begun for it is gone
    assert left_in(data_dir / "uploads") == []
    assert SESSION_KEY not in alice_client.session
    assert db.Client.objects.count() == 0


def test_the_limit_is_said_in_the_language_of_the_page(alice_client, norte, incoming):
    alice_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"

    response = alice_client.post(reverse("settings:import"), {"file": file_of(MB + 1)})

    assert response.status_code == 413
    assert "pasa de 1 MB" in response.content.decode()


def test_a_file_of_exactly_the_limit_is_read_and_previewed(alice_client, norte, incoming, data_dir):
    response = alice_client.post(reverse("settings:import"), {"file": file_of(MB)})

    assert response.status_code == 422  # read whole and judged: blank is not a portfolio
    assert response.context["preview"].problems
    assert left_in(incoming) == []
    assert left_in(data_dir / "uploads") == []


def test_a_body_declared_larger_than_the_limit_is_refused_before_the_file_is_read(alice_client, norte, incoming):
    boundary = "BoUnDaRy"
    body = encode_multipart(boundary, {"file": file_of(3 * MB)})
    payload = CountingPayload(body)

    response = alice_client.generic(
        "POST",
        reverse("settings:import"),
        **{
            "wsgi.input": payload,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        },
    )

    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()
    assert payload.bytes_read < 256 * 1024  # the headers of the part, not its three megabytes
    assert left_in(incoming) == []


def test_the_form_says_how_large_a_file_may_be(alice_client, norte, incoming):
    page = alice_client.get(reverse("settings:import")).content.decode()

    assert "Up to 1 MB." in page


def test_a_preview_that_fails_half_way_still_removes_the_upload(alice_client, norte, document, data_dir, monkeypatch):
    def failing_preview(path, workspace):
        assert path.is_file()  # the upload was kept while it was read
        raise RuntimeError("the preview broke")

    monkeypatch.setattr(transfer_views, "preview_file", failing_preview)

    with pytest.raises(RuntimeError, match="the preview broke"):
        upload(alice_client, document)

    assert left_in(data_dir / "uploads") == []
    assert SESSION_KEY not in alice_client.session
