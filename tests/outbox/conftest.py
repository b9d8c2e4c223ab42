"""A real SMTP server on loopback (aiosmtpd) that records what it accepts
and misbehaves on request, plus the rows every outbox test needs.

Faults are queued on the handler and each one is used by one SMTP
transaction, so "fail once, then work" reads as `smtp.fail_next("421_at_mail")`.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from despedida import jobs
from despedida.clients.models import Client
from despedida.outbox.models import Security, SmtpAccount

FAULTS = {
    "421_at_mail": "temporary refusal of the sender",
    "drop_at_mail": "connection closed instead of answering MAIL FROM",
    "421_at_rcpt": "temporary refusal of the recipient",
    "550_at_rcpt": "permanent refusal of the recipient",
    "451_after_data": "temporary refusal of the whole message",
    "552_after_data": "permanent refusal of the whole message",
    "drop_after_data_kept": "message kept, connection closed before the reply",
    "drop_after_data_lost": "message not kept, connection closed before the reply",
}

PASSWORD = "correct horse battery staple"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]


@dataclass
class RecordingHandler:
    received: list[Received] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    on_data: object = None  # a callable run when a message arrives (before the reply)
    _current: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _fault(self, session, *names: str) -> str | None:
        fault = self._current.get(id(session))
        return fault if fault in names else None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self.lock:
            self._current[id(session)] = self.faults.pop(0) if self.faults else None
        if self._fault(session, "421_at_mail"):
            return "421 4.3.2 Too busy, try again later"
        if self._fault(session, "drop_at_mail"):
            server.transport.close()
            return "250 never seen"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self._fault(session, "421_at_rcpt"):
            return "421 4.7.0 Try again later"
        if self._fault(session, "550_at_rcpt") or address.startswith("nobody@"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self._fault(session, "451_after_data"):
            return "451 4.3.0 Local problem, try later"
        if self._fault(session, "552_after_data"):
            return "552 5.3.4 Message too big for policy"
        if self._fault(session, "drop_after_data_lost"):
            server.transport.close()
            return "250 never seen"
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        if self.on_data is not None:
            self.on_data(parsed)
        if self._fault(session, "drop_after_data_kept"):
            server.transport.close()
            return "250 never seen"
        return "250 2.0.0 Queued"

    def message_ids(self) -> list[str]:
        return [r.message_id for r in self.received]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self, handler: RecordingHandler, controller: Controller):
        self.handler = handler
        self.controller = controller
        self.port = controller.port
        self.host = "127.0.0.1"

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def fail_next(self, *faults: str) -> None:
        for fault in faults:
            assert fault in FAULTS, fault
        self.handler.faults.extend(faults)


def authenticator(handler: RecordingHandler):
    def check(server, session, envelope, mechanism, auth_data):
        login, password = auth_data.login.decode(), auth_data.password.decode()
        if password == PASSWORD:
            handler.logins.append(login)
            return AuthResult(success=True)
        # A careless server that repeats what it was sent: it must not reach our logs.
        return AuthResult(success=False, handled=False, message=f"535 5.7.8 Bad credentials {login}/{password}")

    return check


def start_server(port: int | None = None, *, with_auth: bool = False, **kwargs) -> SmtpServer:
    handler = RecordingHandler()
    if with_auth:
        kwargs["authenticator"] = authenticator(handler)
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port(), **kwargs)
    controller.start()
    return SmtpServer(handler, controller)


@pytest.fixture
def smtp():
    server = start_server()
    yield server
    server.controller.stop()


@pytest.fixture
def dead_port() -> int:
    """A loopback port with nothing listening (the server is down)."""
    return free_port()


@pytest.fixture
def norte(norte):
    """Estudio Norte, working in English here so the assertions can quote the
    texts; `test_errors_are_written_in_the_workspaces_language` covers Spanish."""
    norte.language = "en"
    norte.save(update_fields=["language"])
    return norte


@pytest.fixture(autouse=True)
def pages_in_english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def acme(norte) -> Client:
    return Client.objects.create(
        workspace=norte, key="acme", name="Acme Retail SL", contact_name="Ana", contact_email="ana@acme.example"
    )


def make_account(workspace, *, port: int, password="", **fields):
    values = dict(
        host="127.0.0.1",
        security=Security.NONE,
        from_address="hola@estudionorte.example",
        from_name="Estudio Norte",
        reply_to="alice@estudionorte.example",
    )
    values.update(fields)
    account = SmtpAccount(workspace=workspace, port=port, **values)
    account.set_password(password)
    account.save()
    return account


@pytest.fixture
def account(norte, smtp):
    return make_account(norte, port=smtp.port)


@pytest.fixture(autouse=True)
def no_other_jobs(monkeypatch):
    """Other apps' jobs stay out of these tests; a test registers its own."""
    monkeypatch.setattr(jobs, "_jobs", {})


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path, monkeypatch):
    """Each test gets its own data directory, so its Fernet key is its own."""
    monkeypatch.delenv("DESPEDIDA_FERNET_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "data"
    settings.EMAIL_TIMEOUT = 5
    return settings.DATA_DIR


# Certificates -------------------------------------------------------------


@dataclass
class Certificate:
    cert_path: Path
    key_path: Path


def self_signed_certificate(directory: Path) -> Certificate:
    """A certificate for 127.0.0.1 and localhost, signed by its own key.

    Fixed validity dates, wide enough for any frozen clock the tests use.
    """
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2045, 1, 1, tzinfo=dt.UTC))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return Certificate(cert_path, key_path)


@pytest.fixture
def certificate(tmp_path) -> Certificate:
    return self_signed_certificate(tmp_path / "tls")
