"""Signing in: the log of attempts, the lockout page, notices after repeated failures, idle sessions.

Throttling itself is django-axes (see settings: per address and per account,
on every form that calls `authenticate`, the admin's included). This module
adds what a user sees: the page that says how long to wait, a sign-in log
they can read, a notice (in the app, and by mail when the workspace has an
SMTP server) when their account was locked, and the end of idle sessions.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from despedida.accounts import clock
from despedida.accounts.models import Membership, Role, SecurityNotice, SignInEvent, SignInOutcome

logger = logging.getLogger("despedida.accounts")

LOG_KEPT = 200  # sign-in events kept per user
LAST_SEEN_KEY = "despedida_last_seen"


def client_ip(request) -> str | None:
    """The address the request came from, as the server saw it.

    Behind a reverse proxy, the proxy's X-Forwarded-For is trusted only when
    `despedida serve --trusted-proxy` says so (Waitress then puts the
    client's address in REMOTE_ADDR); a header sent by a client is never read
    here, so it cannot dodge the per-address throttle.
    """
    return request.META.get("REMOTE_ADDR") or None


def _user_agent(request) -> str:
    return (request.META.get("HTTP_USER_AGENT") or "")[:300]


def _user_named(username: str):
    if not username:
        return None
    return get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()


def record(request, outcome: str, *, user=None, username: str = "") -> SignInEvent:
    event = SignInEvent.objects.create(
        user=user,
        username=(username or getattr(user, "username", ""))[:150],
        at=clock.now(),
        ip_address=client_ip(request) if request is not None else None,
        user_agent=_user_agent(request) if request is not None else "",
        outcome=outcome,
    )
    if user is not None:
        # Keep the log short: the newest LOG_KEPT events of each user.
        old = SignInEvent.objects.filter(user=user).order_by("-at", "-id").values_list("id", flat=True)[LOG_KEPT:]
        SignInEvent.objects.filter(id__in=list(old)).delete()
    return event


# --- Signals -------------------------------------------------------------------------------


def _on_failure(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")
    user = _user_named(username)
    # axes leaves axes_failures_since_start at None when it refused the attempt
    # without checking the password (the account or address was already locked).
    refused = request is not None and getattr(request, "axes_failures_since_start", 0) is None
    record(request, SignInOutcome.LOCKED_OUT if refused else SignInOutcome.FAILURE, user=user, username=username)
    if not refused and request is not None and getattr(request, "axes_locked_out", False) and user is not None:
        if account_failures(username) >= settings.LOGIN_FAILURE_LIMIT:
            notify_lockout(user, request)


def _on_success(sender, request, user, **kwargs):
    from despedida.accounts import two_factor

    if request is None:
        return
    if two_factor.has_device(user):
        record(request, SignInOutcome.PASSWORD_OK, user=user)
    else:
        record(request, SignInOutcome.SUCCESS, user=user)
    request.session[LAST_SEEN_KEY] = clock.now().timestamp()
    request.session.pop(two_factor.PASSED_KEY, None)
    unread = SecurityNotice.objects.filter(user=user, read_at__isnull=True).count()
    if unread:
        messages.warning(
            request,
            ngettext(
                "Your account has %(count)d security notice about failed sign-ins: see your account page.",
                "Your account has %(count)d security notices about failed sign-ins: see your account page.",
                unread,
            )
            % {"count": unread},
            fail_silently=True,
        )


def connect() -> None:
    user_login_failed.connect(_on_failure, dispatch_uid="despedida-sign-in-failed")
    user_logged_in.connect(_on_success, dispatch_uid="despedida-sign-in-ok")


# --- Lockout -------------------------------------------------------------------------------


def account_failures(username: str) -> int:
    from axes.models import AccessAttempt

    return sum(AccessAttempt.objects.filter(username=username).values_list("failures_since_start", flat=True))


def wait_left(request, username: str) -> dt.timedelta:
    """How long until the address or the account may try again (counted from the latest failure)."""
    from axes.models import AccessAttempt

    criteria = Q(ip_address=client_ip(request))
    if username:
        criteria |= Q(username=username)
    latest = AccessAttempt.objects.filter(criteria).order_by("-attempt_time").values_list("attempt_time", flat=True)
    last = latest.first()
    cooloff = dt.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    if last is None:
        return cooloff
    return max(last + cooloff - clock.now(), dt.timedelta(0))


def wait_message(left: dt.timedelta) -> str:
    minutes = max(1, math.ceil(left.total_seconds() / 60))
    return ngettext(
        "Too many failed sign-ins from this address or for this account. Try again in %(minutes)d minute.",
        "Too many failed sign-ins from this address or for this account. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout: the login page again, saying how long to wait (HTTP 429)."""
    username = str((credentials or {}).get("username") or "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {
        "form": form,
        "lockout": wait_message(wait_left(request, username)),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=429)


def notify_lockout(user, request) -> None:
    """Tell the account's user, and the owners of their workspaces, that it was locked.

    In the app (a notice, shown at their next sign-in and on the account
    page), and by mail through the workspace's SMTP server when one is set:
    the mail is queued and the worker sends it.
    """
    from despedida.accounts import account_mail

    owners = set(
        Membership.objects.filter(role=Role.OWNER, workspace__memberships__user=user).values_list("user_id", flat=True)
    )
    recipients = get_user_model()._default_manager.filter(Q(pk=user.pk) | Q(pk__in=owners)).distinct()
    now = clock.now()
    failures = account_failures(user.get_username())
    for recipient in recipients:
        SecurityNotice.objects.create(
            user=recipient, about=user, created_at=now, ip_address=client_ip(request), failures=failures
        )
        account_mail.queue_lockout_notice(recipient, user, ip=client_ip(request), failures=failures, request=request)
    logger.warning("Account %s locked after %d failed sign-ins (last from %s)", user.pk, failures, client_ip(request))


# --- Sessions ------------------------------------------------------------------------------


def sign_out_everywhere(user, keep_session_key: str | None = None) -> int:
    """End every session of `user` except `keep_session_key`; return how many ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


class IdleTimeoutMiddleware:
    """Ends a signed-in session that has seen no request for SESSION_IDLE_MINUTES.

    The time of the last request is kept in the session and rewritten at most
    once a minute, so an active user does not pay a session write per page.
    """

    REFRESH = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = clock.now().timestamp()
            last = request.session.get(LAST_SEEN_KEY)
            if last is not None and now - float(last) > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("You were signed out after a while without activity. Sign in again."))
                return redirect_to_login(request.get_full_path())
            if last is None or now - float(last) > self.REFRESH:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
