"""Encrypted connections to Dovecot: TLS from the start and STARTTLS, with a self-signed
certificate made when the server started, trusted the way an operator would (SSL_CERT_FILE)."""

from __future__ import annotations

import pytest

from despedida.clients.models import Message
from despedida.mailbox import imap as mail_server
from despedida.mailbox.imap import MailServerError, Problem
from despedida.mailbox.models import Security
from despedida.mailbox.sync import sync_mailbox

from .conftest import OURS, days_ago, mail, make_mailbox

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def trusted(dovecot, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", dovecot.cert)


@pytest.mark.parametrize("security", [Security.TLS, Security.STARTTLS])
def test_mail_is_read_over_an_encrypted_connection(norte, acme, imap, dovecot, trusted, security):
    port = dovecot.tls_port if security == Security.TLS else dovecot.port
    mailbox = make_mailbox(norte, imap, host="localhost", port=port, security=security)
    imap.append("INBOX", mail("ana@acme.example", OURS, "Cifrado", days_ago(1)), when=days_ago(1))

    report = sync_mailbox(mailbox)

    assert report.ok, report.error and report.error.explain()
    assert Message.objects.get(client=acme).subject == "Cifrado"


@pytest.mark.parametrize("security", [Security.TLS, Security.STARTTLS])
def test_a_certificate_that_cannot_be_verified_stops_before_the_password_is_sent(
    norte, imap, dovecot, monkeypatch, security
):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    port = dovecot.tls_port if security == Security.TLS else dovecot.port
    mailbox = make_mailbox(norte, imap, host="localhost", port=port, security=security)

    with pytest.raises(MailServerError) as failed:
        mail_server.check(mailbox)

    assert failed.value.problem == Problem.TLS
    assert dovecot.logins(imap.username) == 0
    assert failed.value.explain().startswith(
        "TLS: the encrypted connection failed (the server's certificate could not be verified)."
    )
