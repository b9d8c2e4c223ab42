"""The SMTP password at rest: encrypted with a Fernet key from the data directory."""

from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from despedida.outbox import crypto
from despedida.outbox.models import SmtpAccount


def test_it_round_trips_a_password_through_the_data_directory_key(data_dir):
    token = crypto.encrypt("contraseña larga")

    assert "contraseña" not in token
    assert crypto.decrypt(token) == "contraseña larga"


def test_it_creates_the_key_file_once_with_mode_600(data_dir):
    crypto.encrypt("x")
    key_file = data_dir / "fernet.key"
    first = key_file.read_bytes()

    crypto.encrypt("y")

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_bytes() == first
    Fernet(first)  # a valid key


def test_a_key_in_the_environment_is_used_and_older_keys_still_decrypt(data_dir, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("DESPEDIDA_FERNET_KEY", old)
    token = crypto.encrypt("secreto")

    monkeypatch.setenv("DESPEDIDA_FERNET_KEY", f"{new},{old}")

    assert crypto.decrypt(token) == "secreto"
    assert Fernet(new.encode()).decrypt(crypto.encrypt("otro").encode()) == b"otro"
    assert not (data_dir / "fernet.key").exists()


def test_a_changed_key_gives_a_plain_explanation(data_dir, monkeypatch):
    token = crypto.encrypt("secreto")
    monkeypatch.setenv("DESPEDIDA_FERNET_KEY", Fernet.generate_key().decode())

    with pytest.raises(crypto.UndecryptableSecret, match="enter it again"):
        crypto.decrypt(token)


def test_a_malformed_key_is_refused_without_being_echoed(monkeypatch):
    monkeypatch.setenv("DESPEDIDA_FERNET_KEY", "not-a-key-but-maybe-a-secret")

    with pytest.raises(ImproperlyConfigured) as error:
        crypto.encrypt("x")

    assert "not-a-key-but-maybe-a-secret" not in str(error.value)


@pytest.mark.django_db
def test_an_smtp_account_stores_only_the_encrypted_password(norte):
    account = SmtpAccount(workspace=norte, host="smtp.example", from_address="hola@norte.example")
    account.set_password("hunter2-largo")
    account.save()

    stored = SmtpAccount.objects.values_list("password_encrypted", flat=True).get()
    assert "hunter2" not in stored
    assert SmtpAccount.objects.get().get_password() == "hunter2-largo"
    assert "hunter2" not in repr(account) and "hunter2" not in str(account)
