"""A real Dovecot IMAP server on loopback, mailboxes seeded over IMAP APPEND, and a proxy that drops connections.

`scripts/test.sh` starts one Dovecot for the whole run (scripts/ensure_dovecot.sh)
and names its folder in DESPEDIDA_TEST_DOVECOT; run alone, these tests start
their own. Any user name logs in with the server's password and gets an empty
mailbox of its own, so each test uses a fresh user and tests never meet.

Messages are dated around NOW and the clock is frozen there: nothing depends
on the day the tests run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import threading
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
import time_machine
from imapclient import IMAPClient

from despedida import jobs
from despedida.clients.models import Client
from despedida.mailbox.models import Mailbox, Security
from tests.dates import NOW

ROOT = Path(__file__).resolve().parents[2]
MADRID = dt.timezone(dt.timedelta(hours=1))
OURS = "hola@estudionorte.example"


@dataclass(frozen=True)
class Dovecot:
    host: str
    port: int
    tls_port: int
    password: str
    cert: str
    mail: str
    folder: str

    def logins(self, username: str) -> int:
        """How many times `username` logged in, by the server's own log."""
        log = Path(self.folder, "dovecot.log").read_text(errors="replace")
        return log.count(f"Login: user=<{username}>")


@pytest.fixture(scope="session")
def dovecot(tmp_path_factory) -> Dovecot:
    folder = os.environ.get("DESPEDIDA_TEST_DOVECOT")
    started = None
    if not folder:
        started = tmp_path_factory.mktemp("dovecot")
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "ensure_dovecot.sh"), str(started)], check=True, stdout=subprocess.DEVNULL
        )
        folder = str(started)
    server = json.loads((Path(folder) / "server.json").read_text())
    yield Dovecot(
        server["host"], server["port"], server["tls_port"], server["password"], server["cert"], server["mail"], folder
    )
    if started is not None:
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure_dovecot.sh"), "--stop", str(started)], check=False)


class ImapAccount:
    """A fresh user on the test Dovecot, and the IMAP commands a test uses to set the scene."""

    def __init__(self, server: Dovecot, username: str) -> None:
        self.server = server
        self.username = username

    def session(self) -> IMAPClient:
        client = IMAPClient(self.server.host, port=self.server.port, ssl=False, timeout=10)
        client.login(self.username, self.server.password)
        return client

    def append(self, folder: str, raw: bytes, when: dt.datetime | None = None, seen: bool = False) -> None:
        client = self.session()
        try:
            client.append(folder, raw, flags=[b"\\Seen"] if seen else [], msg_time=when)
        finally:
            client.logout()

    def append_many(self, folder: str, messages: list[tuple[bytes, dt.datetime]]) -> None:
        client = self.session()
        try:
            for raw, when in messages:
                client.append(folder, raw, msg_time=when)
        finally:
            client.logout()

    def create_folder(self, folder: str) -> None:
        client = self.session()
        try:
            client.create_folder(folder)
        finally:
            client.logout()

    def delete_folder(self, folder: str) -> None:
        client = self.session()
        try:
            client.delete_folder(folder)
        finally:
            client.logout()

    def flags(self, folder: str) -> list[tuple]:
        client = self.session()
        try:
            client.select_folder(folder, readonly=True)
            return [data[b"FLAGS"] for data in client.fetch(client.search("ALL"), ["FLAGS"]).values()]
        finally:
            client.logout()

    def uidvalidity(self, folder: str) -> int:
        client = self.session()
        try:
            return int(client.select_folder(folder, readonly=True)[b"UIDVALIDITY"])
        finally:
            client.logout()


@pytest.fixture
def imap(dovecot) -> ImapAccount:
    return ImapAccount(dovecot, f"u{uuid.uuid4().hex[:12]}")


def mail(
    sender: str,
    to: str,
    subject: str,
    at: dt.datetime,
    *,
    message_id: str | None = "auto",
    in_reply_to: str | None = None,
    body: str = "Hola.",
    headers: dict[str, str] | None = None,
    charset: str = "utf-8",
) -> bytes:
    """A message as bytes, the way a mail client would write it."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(at)
    if message_id == "auto":
        message_id = f"{uuid.uuid4().hex[:16]}@{sender.rpartition('@')[2]}"
    if message_id:
        message["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        message["In-Reply-To"] = f"<{in_reply_to}>"
        message["References"] = f"<{in_reply_to}>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body, charset=charset)
    return bytes(message)


def days_ago(days: float, hour: int = 10) -> dt.datetime:
    day = (NOW - dt.timedelta(days=days)).astimezone(MADRID)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path, monkeypatch):
    """Each test gets its own data directory, so its Fernet key is its own."""
    monkeypatch.delenv("DESPEDIDA_FERNET_KEY", raising=False)
    settings.DATA_DIR = tmp_path / "data"
    settings.EMAIL_TIMEOUT = 10
    return settings.DATA_DIR


@pytest.fixture(autouse=True)
def in_english(settings):
    """Pages and commands in English here, so the assertions can quote them; one test checks Spanish."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def no_other_jobs(monkeypatch):
    """Other apps' jobs stay out of these tests; a test registers its own."""
    monkeypatch.setattr(jobs, "_jobs", {})


@pytest.fixture
def norte(norte):
    norte.timezone = "Europe/Madrid"
    norte.save(update_fields=["timezone"])
    return norte


@pytest.fixture
def acme(norte) -> Client:
    return Client.objects.create(
        workspace=norte,
        key="acme",
        name="Acme Retail SL",
        contact_name="Ana",
        contact_email="ana@acme.example",
        has_contact=True,
    )


def make_mailbox(workspace, imap: ImapAccount, **fields) -> Mailbox:
    values = dict(
        host=imap.server.host,
        port=imap.server.port,
        security=Security.NONE,
        username=imap.username,
        folders=["INBOX", "Sent"],
        aliases=OURS,
    )
    password = fields.pop("password", imap.server.password)
    values.update(fields)
    mailbox = Mailbox(workspace=workspace, **values)
    mailbox.set_password(password)
    mailbox.save()
    return mailbox


@pytest.fixture
def mailbox(norte, imap) -> Mailbox:
    return make_mailbox(norte, imap)


# Scenes more than one module sets --------------------------------------------------


def send_delivery(imap, days: int, body: str = "¿Nos confirmas que está todo bien?") -> None:
    """Our «Entrega final» to Ana (e1@estudionorte.example), sent `days` ago, in the sent folder."""
    imap.append(
        "Sent",
        mail(
            OURS, "ana@acme.example", "Entrega final", days_ago(days), message_id="e1@estudionorte.example", body=body
        ),
        when=days_ago(days),
    )


def seed_conversation(imap):
    """Ana answered our first message; our delivery of 20 days ago waits for her."""
    imap.append(
        "Sent",
        mail(OURS, "Ana <ana@acme.example>", "Presupuesto", days_ago(40), message_id="p1@estudionorte.example"),
        when=days_ago(40),
    )
    imap.append(
        "INBOX",
        mail(
            "Ana <ana@acme.example>",
            OURS,
            "Re: Presupuesto",
            days_ago(38),
            message_id="p2@acme.example",
            in_reply_to="p1@estudionorte.example",
        ),
        when=days_ago(38),
    )
    send_delivery(imap, days=20)
    imap.append("INBOX", mail("Promo <ofertas@gmail.com>", OURS, "Ofertas", days_ago(5)), when=days_ago(5))


# The delivery report of our message «¿Nos vemos?» (q1@estudionorte.example) to ana@acme.example.
BOUNCE_OF_Q1 = (
    b"From: Mail Delivery System <MAILER-DAEMON@mx.example>\r\nTo: " + OURS.encode() + b"\r\n"
    b"Subject: Undelivered Mail Returned to Sender\r\nDate: Tue, 03 Nov 2026 10:05:00 +0000\r\n"
    b"Message-ID: <bounce1@mx.example>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n'
    b"--r\r\nContent-Type: text/plain\r\n\r\nThis is the mail system. Delivery failed.\r\n"
    b"--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
    b"Final-Recipient: rfc822; ana@acme.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
    b"--r\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <q1@estudionorte.example>\r\n"
    b"Subject: =?utf-8?q?=C2=BFNos_vemos=3F?=\r\n\r\n--r--\r\n"
)


# A proxy that cuts the connection --------------------------------------------------


class DroppingProxy:
    """A TCP proxy on loopback in front of Dovecot that drops the connection on request.

    `drop_at(b"FETCH", 3)` closes both ends when the client sends its third FETCH
    command, before the server sees it: a network that fails in the middle of a sync.
    """

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.marker: bytes | None = None
        self.remaining = 0
        self.drops = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def drop_at(self, marker: bytes | None, nth: int = 1) -> None:
        with self.lock:
            self.marker, self.remaining = marker, nth

    def _accept(self) -> None:
        while True:
            try:
                downstream, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            threading.Thread(target=self._pipe, args=(downstream, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, downstream, False), daemon=True).start()

    def _should_drop(self, data: bytes) -> bool:
        with self.lock:
            if self.marker is None:
                return False
            self.remaining -= data.count(self.marker)
            if self.remaining > 0:
                return False
            self.marker = None
            self.drops += 1
            return True

    def _pipe(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_client and self._should_drop(data):
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def proxy(dovecot):
    relay = DroppingProxy(dovecot.port)
    yield relay
    relay.close()
