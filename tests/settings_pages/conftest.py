"""Fixtures for the settings pages: bob's signed-in client, portfolio files to upload."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as WebClient
from django.urls import reverse

from despedida.core.demo.generator import generate_document
from tests.dates import AS_OF


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Uploads and progress files go to a fresh folder per test."""
    settings.DATA_DIR = tmp_path
    # Argon2 is slow on purpose; these tests are not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so assertions on their words do not depend on the Spanish catalogue."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def visitor() -> WebClient:
    """A second browser, signed in as nobody (the invitee)."""
    return WebClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def document() -> dict:
    """A valid portfolio of six demo clients."""
    return generate_document(clients=6, seed=3, as_of=AS_OF)


def as_upload(document: dict, name: str = "portfolio.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(document, ensure_ascii=False).encode("utf-8"), "application/json")


def upload(web_client, document: dict):
    return web_client.post(reverse("settings:import"), {"file": as_upload(document)})


def confirm(web_client, upload_id: str):
    return web_client.post(reverse("settings:import_confirm"), {"upload": upload_id})
