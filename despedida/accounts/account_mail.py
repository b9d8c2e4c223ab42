"""Mail about an account (password resets, lockout notices): queued here, sent by the worker.

Nothing is sent from a web request: the page queues an `AccountMail` and
the worker's `account_mail` job (outbox.account_mail) sends it through the SMTP server of one of
the user's workspaces (one they own first). A user whose workspaces have no
SMTP server gets no mail: the instance's operator resets their password with
`despedida changepassword USER`, and notices stay in the app.

Sending is claimed with a compare-and-swap update, so two workers never
send the same mail; a failure is retried a few times, then left as failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from despedida.accounts import clock
from despedida.accounts.models import AccountMail, Membership, Role, Workspace

logger = logging.getLogger("despedida.accounts")

MAX_ATTEMPTS = 5
RETRY = dt.timedelta(minutes=2)
LEASE = dt.timedelta(minutes=10)


# Which of a user's workspaces can send mail is the outbox's knowledge (it keeps the SMTP servers):
# it sets this function when it starts (outbox.account_mail.connect), so accounts never import it.
def _no_smtp_anywhere(workspace_ids: list[int]) -> set[int]:
    return set()


_workspaces_with_smtp: Callable[[list[int]], set[int]] = _no_smtp_anywhere


def use_smtp_lookup(func: Callable[[list[int]], set[int]]) -> None:
    global _workspaces_with_smtp
    _workspaces_with_smtp = func


def sending_workspace(user) -> Workspace | None:
    """A workspace of `user` with an SMTP server (owned ones first), or None."""
    memberships = Membership.objects.filter(user=user).select_related("workspace")
    ordered = sorted(memberships, key=lambda m: (m.role != Role.OWNER, m.workspace.name, m.workspace_id))
    with_smtp = _workspaces_with_smtp([m.workspace_id for m in ordered])
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
    return AccountMail.objects.create(
        workspace=workspace, to=user.email, subject=subject[:500], body=body, next_attempt_at=now, created_at=now
    )


def _language(user) -> str:
    workspace = sending_workspace(user)
    return workspace.language if workspace is not None else settings.LANGUAGE_CODE


def queue_lockout_notice(recipient, about, *, ip: str | None, failures: int, request=None) -> AccountMail | None:
    with translation.override(_language(recipient)):
        context = {
            "recipient": recipient,
            "about": about,
            "ip": ip or "?",
            "failures": failures,
            "same": recipient.pk == about.pk,
            "site_url": settings.SITE_URL,
            "minutes": settings.LOGIN_COOLOFF_MINUTES,
        }
        subject = _("Despedida: repeated failed sign-ins on %(user)s") % {"user": about.get_username()}
        body = render_to_string("accounts/mail/lockout.txt", context)
    return queue(recipient, subject, body)
