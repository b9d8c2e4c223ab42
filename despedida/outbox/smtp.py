"""Talking to a workspace's SMTP server, and judging what an error means.

The one question that matters after a failure is "could the server have
accepted the message?". Nothing is delivered before the client has sent
the whole message and the final "." line; so the connection records the
moment that line leaves (`payload_sent`), and `judge_failure` answers:

- RETRY: certainly not delivered, and trying later may work (no answer,
  timeouts, 4xx, a disconnect before the message was sent);
- REJECTED / SETTINGS: certainly not delivered, and trying again will
  not help until someone changes something (5xx, bad password, TLS);
- UNKNOWN: the whole message went out but no clear answer came back.
"""

from __future__ import annotations

import enum
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.headerregistry import Address

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.message import sanitize_address
from django.utils.translation import gettext as _

from despedida.outbox.attachments import attachments_for
from despedida.outbox.crypto import UndecryptableSecret
from despedida.outbox.models import OutboundMessage, Security, SmtpAccount

REDACTED = "••••••"


class _RecordsPayload:
    """Marks the moment the message itself (not a command) starts leaving.

    smtplib sends commands as str and the DATA payload, ending with the
    final ".", as bytes. The flag is set before the bytes go: a send that
    fails half-way may still have reached the server whole.
    """

    payload_sent = False

    def send(self, s):
        if isinstance(s, (bytes, bytearray)):
            self.payload_sent = True
        return super().send(s)


class RecordingSMTP(_RecordsPayload, smtplib.SMTP):
    pass


class RecordingSMTP_SSL(_RecordsPayload, smtplib.SMTP_SSL):
    pass


class AccountBackend(EmailBackend):
    """Django's SMTP backend, configured from an `SmtpAccount` rather than settings."""

    def __init__(self, account: SmtpAccount, password: str, **kwargs):
        super().__init__(
            host=account.host,
            port=account.port,
            username=account.username,
            password=password,
            use_tls=account.security == Security.STARTTLS,
            use_ssl=account.security == Security.TLS,
            timeout=settings.EMAIL_TIMEOUT,
            fail_silently=False,
            **kwargs,
        )
        self.refused: dict[str, tuple[int, bytes]] = {}

    @property
    def connection_class(self):
        return RecordingSMTP_SSL if self.use_ssl else RecordingSMTP

    @property
    def payload_sent(self) -> bool:
        return any(getattr(c, "payload_sent", False) for c in (self.connection, self._partial_connection) if c)

    def _send(self, email_message):
        # As Django's, but keeps the recipients the server refused while
        # accepting others (Django drops sendmail()'s answer).
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(addr, encoding) for addr in email_message.recipients()]
        payload = email_message.message().as_bytes(linesep="\r\n")
        self.refused = self.connection.sendmail(from_email, recipients, payload) or {}
        return True

    def close_quietly(self) -> None:
        """Close without raising: after the server accepted a message, a
        failed QUIT changes nothing about the message."""
        try:
            self.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            self.connection = None
            self._partial_connection = None


def from_header(account: SmtpAccount | None, fallback: str | None = None) -> str:
    if account is None:
        return fallback or settings.DEFAULT_FROM_EMAIL
    if not account.from_name:
        return account.from_address
    # Address quotes the name as needed and, unlike formataddr, accepts an
    # internationalised domain; Django encodes both when it builds the message.
    return str(Address(display_name=account.from_name, addr_spec=account.from_address))


def build_email(
    message: OutboundMessage,
    account: SmtpAccount | None,
    *,
    connection=None,
    extra_headers: dict[str, str] | None = None,
) -> EmailMessage:
    """The message as it goes out (or into an .eml), always with its stored Message-ID."""
    headers = {"Message-ID": message.message_id, "Content-Language": message.language}
    headers.update(extra_headers or {})
    fallback = message.created_by.email if message.created_by_id and message.created_by.email else None
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=from_header(account, fallback),
        to=list(message.to),
        cc=list(message.cc),
        reply_to=[account.reply_to] if account is not None and account.reply_to else None,
        headers=headers,
        connection=connection,
    )
    if message.attach_letter_pdf:
        for filename, content, mimetype in attachments_for(message):
            email.attach(filename, content, mimetype)
    return email


class Fate(enum.Enum):
    RETRY = "retry"
    REJECTED = "rejected"
    SETTINGS = "settings"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Verdict:
    fate: Fate
    reason: str  # for the user, with the server's own words; secrets removed


def redact(text: str, *secrets: str) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if code < 0:  # smtplib's mark for a line that did not start with a reply code
        return text.strip()
    return f"{code} {text}".strip()


def _fate_of_code(code: int) -> Fate | None:
    if 400 <= code < 500:
        return Fate.RETRY
    if 500 <= code < 600:
        return Fate.REJECTED
    return None


def judge_failure(exc: BaseException, *, payload_sent: bool, secrets: tuple[str, ...] = ()) -> Verdict:
    """What a failed send means for the message (see the module docstring)."""
    verdict = _judge(exc, payload_sent)
    return Verdict(verdict.fate, redact(verdict.reason, *secrets))


def _judge(exc: BaseException, payload_sent: bool) -> Verdict:
    if payload_sent:
        # Only a clear refusal of the message proves it was not accepted.
        if isinstance(exc, smtplib.SMTPDataError) and _fate_of_code(exc.smtp_code):
            fate = _fate_of_code(exc.smtp_code)
            return Verdict(
                fate, _("The server refused the message: %(reply)s") % {"reply": _reply(exc.smtp_code, exc.smtp_error)}
            )
        return Verdict(
            Fate.UNKNOWN,
            _(
                "The whole message reached the server, but no confirmation came back (%(error)s). "
                "It may or may not have been delivered."
            )
            % {"error": _describe(exc)},
        )
    if isinstance(exc, UndecryptableSecret):
        return Verdict(Fate.SETTINGS, str(exc))
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Verdict(
            Fate.SETTINGS,
            _("The server refused the user name or password: %(reply)s")
            % {"reply": _reply(exc.smtp_code, exc.smtp_error)},
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return Verdict(
            Fate.SETTINGS, _("The server does not offer what the settings ask for: %(error)s") % {"error": exc}
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Verdict(
            Fate.SETTINGS,
            _("The server's certificate could not be verified: %(error)s") % {"error": exc.verify_message or exc},
        )
    if isinstance(exc, ssl.SSLError):
        return Verdict(
            Fate.SETTINGS,
            _("The encrypted connection failed (check the encryption and port): %(error)s") % {"error": exc},
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = "; ".join(f"{address}: {_reply(code, text)}" for address, (code, text) in exc.recipients.items())
        temporary = any(_fate_of_code(code) == Fate.RETRY for code, _text in exc.recipients.values())
        return Verdict(
            Fate.RETRY if temporary else Fate.REJECTED,
            _("The server refused the recipients: %(replies)s") % {"replies": replies},
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        fate = _fate_of_code(exc.smtp_code)
        if fate is None:
            return Verdict(
                Fate.SETTINGS,
                _("The server's answer is not SMTP (“%(reply)s”). Check the server name and port.")
                % {"reply": _reply(exc.smtp_code, exc.smtp_error)[:200]},
            )
        if fate == Fate.RETRY:
            return Verdict(
                fate, _("The server asked to try later: %(reply)s") % {"reply": _reply(exc.smtp_code, exc.smtp_error)}
            )
        return Verdict(
            fate, _("The server refused the message: %(reply)s") % {"reply": _reply(exc.smtp_code, exc.smtp_error)}
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, TimeoutError):
        exc = exc.__context__  # smtplib reports a silent server as a disconnection
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return Verdict(Fate.RETRY, _("The server closed the connection before the message was sent."))
    if isinstance(exc, TimeoutError):
        return Verdict(Fate.RETRY, _("The server did not answer in time."))
    if isinstance(exc, ConnectionRefusedError):
        return Verdict(Fate.RETRY, _("Nothing answers at that server and port (connection refused)."))
    if isinstance(exc, socket.gaierror):
        return Verdict(Fate.RETRY, _("The server name could not be found: %(error)s") % {"error": exc})
    if isinstance(exc, (OSError, smtplib.SMTPException)):
        return Verdict(Fate.RETRY, _("The connection failed: %(error)s") % {"error": _describe(exc)})
    # Our own bug before anything was sent: nothing left, so a later try is safe.
    return Verdict(Fate.RETRY, _("Unexpected error before sending: %(error)s") % {"error": _describe(exc)})


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class SmtpProblem(Exception):
    """A test message could not be sent; the text is safe to show."""


def send_test_message(account: SmtpAccount, to: str) -> None:
    """Send a short message through `account` now, or raise `SmtpProblem` saying why."""
    password, backend = "", None
    try:
        password = account.get_password()
        backend = AccountBackend(account, password)
        EmailMessage(
            subject=_("Despedida: test message"),
            body=_("This message confirms that Despedida can send through %(server)s.") % {"server": account},
            from_email=from_header(account),
            to=[to],
            reply_to=[account.reply_to] if account.reply_to else None,
            connection=backend,
        ).send()
    except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence for the user
        payload_sent = backend is not None and backend.payload_sent
        # `from None`: the original exception stays out of tracebacks and logs.
        raise SmtpProblem(judge_failure(exc, payload_sent=payload_sent, secrets=(password,)).reason) from None
