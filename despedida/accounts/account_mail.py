"""Mail about an account (password resets, lockout notices): queued here, sent by the worker.

Nothing is sent from a web request: the page queues an `AccountMail` and
the worker's `account_mail` job sends it through the SMTP server of one of
the user's workspaces (one they own first). A user whose workspaces have no
SMTP server gets no mail: the instance's operator resets their password with
`despedida changepassword USER`, and notices stay in the app.

Sending is claimed with a compare-and-swap update, so two workers never
send the same mail; a failure is retried a few times, then left as failed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from despedida.accounts import clock
from despedida.accounts.models import AccountMail, MailStatus, Membership, Role, Workspace

logger = logging.getLogger("despedida.accounts")

MAX_ATTEMPTS = 5
RETRY = dt.timedelta(minutes=2)
LEASE = dt.timedelta(minutes=10)


def sending_workspace(user) -> Workspace | None:
    """A workspace of `user` with an SMTP server (owned ones first), or None."""
    from despedida.outbox.models import SmtpAccount

    memberships = Membership.objects.filter(user=user).select_related("workspace")
    ordered = sorted(memberships, key=lambda m: (m.role != Role.OWNER, m.workspace.name, m.workspace_id))
    with_smtp = set(SmtpAccount.objects.filter(workspace__in=[m.workspace_id for m in ordered])
                    .values_list("workspace_id", flat=True))
    for membership in ordered:
        if membership.workspace_id in with_smtp:
            return membership.workspace
    return None


def can_mail(user) -> bool:
    return bool(user.email) and sending_workspace(user) is not None


def queue(user, subject: str, body: str) -> AccountMail | None:
    """Queue a mail to `user`; None when they have no address or no workspace can send."""
    workspace = sending_workspace(user) if user.email else None
    if workspace is None:
        return None
    now = clock.now()
    return AccountMail.objects.create(workspace=workspace, to=user.email, subject=subject[:500], body=body,
                                      next_attempt_at=now, created_at=now)


def _language(user) -> str:
    workspace = sending_workspace(user)
    return workspace.language if workspace is not None else settings.LANGUAGE_CODE


def queue_lockout_notice(recipient, about, *, ip: str | None, failures: int, request=None) -> AccountMail | None:
    with translation.override(_language(recipient)):
        context = {"recipient": recipient, "about": about, "ip": ip or "?", "failures": failures,
                   "same": recipient.pk == about.pk, "site_url": settings.SITE_URL,
                   "minutes": settings.LOGIN_COOLOFF_MINUTES}
        subject = _("Despedida: repeated failed sign-ins on %(user)s") % {"user": about.get_username()}
        body = render_to_string("accounts/mail/lockout.txt", context)
    return queue(recipient, subject, body)


def send_due(now: dt.datetime) -> int:
    """The worker's job: send the account mails that are due; return how many went out."""
    from despedida.outbox.models import SmtpAccount
    from despedida.outbox.smtp import AccountBackend, Fate, from_header, judge_failure

    # A worker that died while sending: try again (a second reset mail is harmless).
    AccountMail.objects.filter(status=MailStatus.SENDING, claimed_at__lt=now - LEASE).update(
        status=MailStatus.QUEUED, next_attempt_at=now
    )
    sent = 0
    due = AccountMail.objects.filter(status=MailStatus.QUEUED, next_attempt_at__lte=now).values_list("id", flat=True)
    for mail_id in list(due[:50]):
        claimed = AccountMail.objects.filter(pk=mail_id, status=MailStatus.QUEUED).update(
            status=MailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if claimed != 1:
            continue
        mail = AccountMail.objects.select_related("workspace").get(pk=mail_id)
        account = SmtpAccount.objects.in_workspace(mail.workspace).first()
        password, backend = "", None
        try:
            if account is None:
                raise LookupError("no SMTP server")
            password = account.get_password()
            backend = AccountBackend(account, password)
            EmailMessage(subject=mail.subject, body=mail.body, from_email=from_header(account), to=[mail.to],
                         connection=backend).send()
        except Exception as exc:  # noqa: BLE001 - judged and recorded, never raised
            with translation.override(mail.workspace.language):
                verdict = judge_failure(exc, payload_sent=backend is not None and backend.payload_sent,
                                        secrets=(password,))
            retry = verdict.fate == Fate.RETRY and mail.attempts < MAX_ATTEMPTS
            AccountMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
                status=MailStatus.QUEUED if retry else MailStatus.FAILED,
                next_attempt_at=now + RETRY * mail.attempts, last_error=verdict.reason,
            )
            logger.warning("Account mail %s not sent: %s", mail.pk, verdict.reason)
            continue
        finally:
            if backend is not None:
                backend.close_quietly()
        AccountMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
            # A reset link stays usable for days: once it has gone out, it is not kept here.
            status=MailStatus.SENT, sent_at=clock.now(), last_error="", body=""
        )
        sent += 1
    return sent


def connect() -> None:
    from despedida.outbox.jobs import register_job

    register_job("account_mail", send_due)
