"""Encrypted connections and the password: STARTTLS and TLS with a
self-signed certificate made here, a login with the decrypted password,
and that password kept out of logs and error texts."""

from __future__ import annotations

import logging
import ssl

import pytest

from despedida.outbox import services
from despedida.outbox.models import Failure, Security, Status
from despedida.outbox.smtp import SmtpProblem, send_test_message
from despedida.outbox.worker import run_pass

from .conftest import PASSWORD, make_account, start_server


def server_context(certificate) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate.cert_path, certificate.key_path)
    return context


@pytest.fixture
def trusted(certificate, monkeypatch):
    """Make the certificate trusted the way an operator would: SSL_CERT_FILE."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert_path))
    return certificate


@pytest.fixture
def starttls_server(certificate):
    server = start_server(with_auth=True, tls_context=server_context(certificate), require_starttls=True)
    yield server
    server.controller.stop()


def queue(norte, acme):
    return services.queue_message(
        norte, acme, to="ana@acme.example", subject="Aviso", body="Hola.", kind="checkin", language="es"
    )


def test_it_sends_over_starttls_and_logs_in_with_the_decrypted_password(norte, acme, trusted, starttls_server):
    make_account(norte, port=starttls_server.port, security=Security.STARTTLS, username="hola", password=PASSWORD)
    message = queue(norte, acme)

    run_pass("w1")

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert starttls_server.handler.logins == ["hola"]
    assert starttls_server.handler.message_ids() == [message.message_id]


def test_it_refuses_a_certificate_it_cannot_verify_and_sends_nothing(
    norte, acme, certificate, starttls_server, monkeypatch
):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    make_account(norte, port=starttls_server.port, security=Security.STARTTLS, username="hola", password=PASSWORD)
    message = queue(norte, acme)

    run_pass("w1")

    message.refresh_from_db()
    assert (message.status, message.failure) == (Status.FAILED, Failure.SETTINGS)
    assert "certificate could not be verified" in message.last_error
    assert starttls_server.received == []
    assert starttls_server.handler.logins == []


def test_it_sends_over_tls_from_the_start(norte, acme, trusted):
    server = start_server(ssl_context=server_context(trusted))
    try:
        make_account(norte, port=server.port, security=Security.TLS)
        message = queue(norte, acme)
        run_pass("w1")
    finally:
        server.controller.stop()

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert server.handler.message_ids() == [message.message_id]


def test_starttls_against_a_server_without_it_stops_instead_of_sending_in_clear(norte, acme, smtp):
    make_account(norte, port=smtp.port, security=Security.STARTTLS)
    message = queue(norte, acme)

    run_pass("w1")

    message.refresh_from_db()
    assert (message.status, message.failure) == (Status.FAILED, Failure.SETTINGS)
    assert smtp.received == []


def test_a_refused_password_never_reaches_the_logs_or_the_error_shown(norte, acme, trusted, starttls_server, caplog):
    """GIVEN a careless server that repeats the password in its refusal
    WHEN the worker and the test-message action use the account
    THEN the user sees the refusal with the password masked, and no log record holds it."""
    wrong = "not-the-password-42"
    account = make_account(
        norte, port=starttls_server.port, security=Security.STARTTLS, username="hola", password=wrong
    )
    message = queue(norte, acme)
    caplog.set_level(logging.DEBUG)

    run_pass("w1")
    with pytest.raises(SmtpProblem) as problem:
        send_test_message(account, "alice@estudionorte.example")

    message.refresh_from_db()
    assert (message.status, message.failure) == (Status.FAILED, Failure.SETTINGS)
    assert "535 5.7.8 Bad credentials hola/••••••" in message.last_error
    assert "535" in str(problem.value)
    assert problem.value.__cause__ is None and problem.value.__suppress_context__
    # Everything but the test server's own log ("mail.log"), which is the other party's.
    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]
    assert ours, "the worker logs the failure"
    shown = [message.last_error, str(problem.value)] + [logging.Formatter().format(r) for r in ours]
    assert not any(wrong in text for text in shown)
