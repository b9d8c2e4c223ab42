"""Talking to a workspace's IMAP server (IMAPClient), and saying plainly what failed.

Everything that can go wrong becomes a `MailServerError` with a `Problem`
code (DNS, connecting, TLS, login, folder, a connection lost half-way...)
and a sentence for the user, in their language, that never contains the
password. Folders are opened read-only (EXAMINE) and bodies fetched with
BODY.PEEK, so nothing is ever marked as read on the server.
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from despedida.mailbox.models import Mailbox, Security
from despedida.outbox.crypto import UndecryptableSecret
from despedida.outbox.forms import is_loopback

HEADER = b"BODY[HEADER]"
INTERNALDATE = b"INTERNALDATE"
SENT_FLAG = b"\\Sent"
REDACTED = "••••••"


class Problem(StrEnum):
    DNS = "dns"
    CONNECT = "connect"
    TIMEOUT = "timeout"
    TLS = "tls"
    LOGIN = "login"
    FOLDER = "folder"
    LOST = "lost"
    PASSWORD_KEY = "password_key"
    INSECURE = "insecure"
    SERVER = "server"


class MailServerError(Exception):
    """What went wrong with the mail server, as a code and a sentence for the user."""

    def __init__(self, problem: Problem, mailbox: Mailbox, detail: str = "", folder: str = "") -> None:
        self.problem = problem
        self.host, self.port = mailbox.host, mailbox.port
        self.detail = detail
        self.folder = folder
        super().__init__(f"{problem}: {detail}" if detail else str(problem))

    def as_data(self) -> dict:
        return {"problem": str(self.problem), "detail": self.detail, "folder": self.folder}

    @classmethod
    def from_data(cls, mailbox: Mailbox, data: dict) -> MailServerError:
        return cls(
            Problem(data.get("problem", Problem.SERVER)), mailbox, data.get("detail", ""), data.get("folder", "")
        )

    def explain(self) -> str:
        values = {"host": self.host, "port": self.port, "detail": self.detail, "folder": self.folder}
        texts = {
            Problem.DNS: _("DNS: the server name %(host)s could not be found. Check its spelling."),
            Problem.CONNECT: _(
                "Connection: nothing answered at %(host)s, port %(port)s (%(detail)s). Check the server and the port."
            ),
            Problem.TIMEOUT: _("Connection: %(host)s, port %(port)s, did not answer in time."),
            Problem.TLS: _(
                "TLS: the encrypted connection failed (%(detail)s). Check the encryption and the "
                "port: TLS is usually 993, STARTTLS 143."
            ),
            Problem.LOGIN: _(
                "Login: the server refused the user name or the password. Gmail and Outlook "
                "need an app password here, not your usual one."
            ),
            Problem.FOLDER: _(
                "Folder: «%(folder)s» does not exist on the server (any more). Choose the folders again."
            ),
            Problem.LOST: _(
                "The connection was lost while reading (%(detail)s). The next sync carries on where this one stopped."
            ),
            Problem.PASSWORD_KEY: _(
                "The stored password cannot be decrypted with this installation's key: enter it again."
            ),
            Problem.INSECURE: _(
                "Without encryption the password would cross the network in clear: that is "
                "only allowed for a server on this machine."
            ),
            Problem.SERVER: _("The server answered with an error: %(detail)s"),
        }
        return texts[self.problem] % values


def tls_context() -> ssl.SSLContext:
    # The system's trusted certificates (SSL_CERT_FILE and SSL_CERT_DIR are honoured).
    return ssl.create_default_context()


def _redact(text: str, password: str) -> str:
    return text.replace(password, REDACTED) if password else text


def _tls_detail(error: BaseException) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return _("the server's certificate could not be verified")
    return str(getattr(error, "reason", "") or error) or error.__class__.__name__


class Connection:
    """An open, logged-in IMAP session on a mailbox."""

    def __init__(self, mailbox: Mailbox, client: IMAPClient, password: str) -> None:
        self.mailbox = mailbox
        self.client = client
        self._password = password

    # -- folders -----------------------------------------------------------

    def folders(self) -> list[str]:
        """Every folder the server lists that can be opened, INBOX first."""
        with self._talking():
            listed = self.client.list_folders()
        names = [name for flags, _sep, name in listed if b"\\Noselect" not in flags and b"\\NonExistent" not in flags]
        return sorted(names, key=lambda n: (n.upper() != "INBOX", n.lower()))

    def sent_folder(self) -> str | None:
        with self._talking():
            listed = self.client.list_folders()
        return next((name for flags, _sep, name in listed if SENT_FLAG in flags), None)

    def open_folder(self, folder: str) -> int:
        """Open `folder` read-only; its UIDVALIDITY. A missing folder is Problem.FOLDER."""
        try:
            with self._talking():
                info = self.client.select_folder(folder, readonly=True)
        except MailServerError as error:
            if error.problem == Problem.SERVER:
                raise MailServerError(Problem.FOLDER, self.mailbox, error.detail, folder=folder) from None
            raise
        return int(info[b"UIDVALIDITY"])

    # -- messages ----------------------------------------------------------

    def uids_since(self, day: dt.date) -> list[int]:
        with self._talking():
            return sorted(int(uid) for uid in self.client.search(["SINCE", day]))

    def headers(self, uids: Iterable[int]) -> dict[int, tuple[bytes, dt.datetime | None]]:
        """Header bytes and the server's arrival date of each message still there."""
        with self._talking():
            found = self.client.fetch(list(uids), ["BODY.PEEK[HEADER]", "INTERNALDATE"])
        return {int(uid): (data.get(HEADER, b""), data.get(INTERNALDATE)) for uid, data in found.items()}

    def text_starts(self, uids: Iterable[int], size: int) -> dict[int, bytes]:
        """The first `size` bytes of each message's body (for snippets and bounce reports)."""
        uids = list(uids)
        if not uids:
            return {}
        section = f"BODY.PEEK[TEXT]<0.{size}>"
        with self._talking():
            found = self.client.fetch(uids, [section])
        result = {}
        for uid, data in found.items():
            body = next((value for key, value in data.items() if key.startswith(b"BODY[TEXT]")), b"")
            result[int(uid)] = body or b""
        return result

    @contextmanager
    def _talking(self) -> Iterator[None]:
        try:
            yield
        except IMAPClientAbortError as error:
            raise MailServerError(Problem.LOST, self.mailbox, _redact(str(error), self._password)) from None
        except TimeoutError:
            raise MailServerError(Problem.LOST, self.mailbox, _("no answer in time")) from None
        except ssl.SSLError as error:
            raise MailServerError(Problem.LOST, self.mailbox, _tls_detail(error)) from None
        except OSError as error:
            raise MailServerError(Problem.LOST, self.mailbox, error.strerror or str(error)) from None
        except IMAPClientError as error:
            raise MailServerError(Problem.SERVER, self.mailbox, _redact(str(error), self._password)) from None

    def close(self) -> None:
        try:
            self.client.logout()
        except Exception:  # noqa: BLE001 - closing is best effort; the session is over anyway
            try:
                self.client.shutdown()
            except Exception:  # noqa: BLE001
                pass


@contextmanager
def connect(mailbox: Mailbox, timeout: float | None = None) -> Iterator[Connection]:
    """Connect, secure and log in to the mailbox's server; closes on the way out."""
    if mailbox.security == Security.NONE and not is_loopback(mailbox.host):
        raise MailServerError(Problem.INSECURE, mailbox)
    try:
        password = mailbox.get_password()
    except UndecryptableSecret:
        raise MailServerError(Problem.PASSWORD_KEY, mailbox) from None
    timeout = timeout if timeout is not None else float(getattr(settings, "EMAIL_TIMEOUT", None) or 30)
    try:
        client = IMAPClient(
            mailbox.host,
            port=mailbox.port,
            ssl=mailbox.security == Security.TLS,
            ssl_context=tls_context() if mailbox.security == Security.TLS else None,
            timeout=timeout,
        )
    except socket.gaierror:
        raise MailServerError(Problem.DNS, mailbox) from None
    except ssl.SSLError as error:
        raise MailServerError(Problem.TLS, mailbox, _tls_detail(error)) from None
    except TimeoutError:
        raise MailServerError(Problem.TIMEOUT, mailbox) from None
    except OSError as error:
        raise MailServerError(Problem.CONNECT, mailbox, error.strerror or str(error)) from None
    except IMAPClientError as error:
        raise MailServerError(Problem.SERVER, mailbox, str(error)) from None
    connection = Connection(mailbox, client, password)
    try:
        if mailbox.security == Security.STARTTLS:
            try:
                client.starttls(tls_context())
            except ssl.SSLError as error:
                raise MailServerError(Problem.TLS, mailbox, _tls_detail(error)) from None
            except IMAPClientError:
                raise MailServerError(Problem.TLS, mailbox, _("the server does not offer STARTTLS")) from None
        try:
            client.login(mailbox.username, password)
        except LoginError:
            raise MailServerError(Problem.LOGIN, mailbox) from None
        except (IMAPClientError, OSError) as error:
            raise MailServerError(Problem.SERVER, mailbox, _redact(str(error), password)) from None
        yield connection
    finally:
        connection.close()


def check(mailbox: Mailbox, folders: Iterable[str] = ()) -> list[str]:
    """Connect, log in and open each of `folders`: the server's folder list, or MailServerError."""
    with connect(mailbox) as connection:
        listed = connection.folders()
        for folder in folders:
            connection.open_folder(folder)
        return listed


def last_errors(mailbox: Mailbox) -> list[str]:
    """The mailbox's last sync problems, in the current language."""
    return [MailServerError.from_data(mailbox, data).explain() for data in mailbox.last_problems or []]
