"""Sign-in tests: fast password hashing, a small failure limit, pages in English."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def sign_in_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 3
    settings.LANGUAGE_CODE = "en"
    return settings


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("DESPEDIDA_FERNET_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def sign_in(client, username, password, ip="203.0.113.7", path="/login/", **extra):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en", **extra
    )
