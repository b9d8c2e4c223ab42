"""Sending the account mails (password resets, lockout notices) that accounts queue, through a workspace's SMTP server."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import translation

from despedida.accounts import account_mail, clock
from despedida.accounts.account_mail import LEASE, MAX_ATTEMPTS, RETRY
from despedida.accounts.models import AccountMail, MailStatus
from despedida.jobs import register_job
from despedida.outbox.models import SmtpAccount
from despedida.outbox.smtp import AccountBackend, Fate, from_header, judge_failure

logger = logging.getLogger("despedida.accounts")


def workspaces_with_smtp(workspace_ids: list[int]) -> set[int]:
    return set(SmtpAccount.objects.filter(workspace__in=workspace_ids).values_list("workspace_id", flat=True))


def send_due(now: dt.datetime) -> int:
    """The worker's job: send the account mails that are due; return how many went out."""
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
            EmailMessage(
                subject=mail.subject, body=mail.body, from_email=from_header(account), to=[mail.to], connection=backend
            ).send()
        except Exception as exc:  # noqa: BLE001 - judged and recorded, never raised
            with translation.override(mail.workspace.language):
                verdict = judge_failure(
                    exc, payload_sent=backend is not None and backend.payload_sent, secrets=(password,)
                )
            retry = verdict.fate == Fate.RETRY and mail.attempts < MAX_ATTEMPTS
            AccountMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
                status=MailStatus.QUEUED if retry else MailStatus.FAILED,
                next_attempt_at=now + RETRY * mail.attempts,
                last_error=verdict.reason,
            )
            logger.warning("Account mail %s not sent: %s", mail.pk, verdict.reason)
            continue
        finally:
            if backend is not None:
                backend.close_quietly()
        AccountMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
            # A reset link stays usable for days: once it has gone out, it is not kept here.
            status=MailStatus.SENT,
            sent_at=clock.now(),
            last_error="",
            body="",
        )
        sent += 1
    return sent


def connect() -> None:
    account_mail.use_smtp_lookup(workspaces_with_smtp)
    register_job("account_mail", send_due)
