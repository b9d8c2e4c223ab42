"""The account page: password, two-factor sign-in, sessions, the sign-in log and security notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from despedida.accounts import account_mail, clock, sign_in, two_factor
from despedida.accounts.models import SecurityNotice, SignInOutcome

LOG_SHOWN = 50


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "events": user.sign_in_events.all()[:LOG_SHOWN],
            "notices": SecurityNotice.objects.filter(user=user).select_related("about")[:20],
            "unread": SecurityNotice.objects.filter(user=user, read_at__isnull=True).count(),
            "has_2fa": two_factor.has_device(user),
            "required_2fa": two_factor.is_required_for(user),
            "codes_left": two_factor.recovery_codes_left(user),
            "can_mail": account_mail.can_mail(user),
        },
    )


@login_required
@require_POST
def notices_read(request):
    SecurityNotice.objects.filter(user=request.user, read_at__isnull=True).update(read_at=clock.now())
    return redirect("account")


@login_required
@require_POST
def sign_out_everywhere(request):
    ended = sign_in.sign_out_everywhere(request.user, keep_session_key=request.session.session_key)
    messages.success(request, _("Signed out of every other session (%(count)d).") % {"count": ended})
    return redirect("account")


class PasswordChange(auth_views.PasswordChangeView):
    """Django's view, our page; other sessions end (the password hash signs them)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed. Other sessions were signed out."))
        return response


# --- Password reset by mail ----------------------------------------------------------------


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail is queued for the worker (sent through the
    SMTP server of one of the user's workspaces) instead of sent from the request."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        account_mail.queue(context["user"], subject, body)


class PasswordReset(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/mail/password_reset.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Two-factor ----------------------------------------------------------------------------


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url("web:portfolio")


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: scan the code, type one code, keep the recovery codes."""
    user = request.user
    if two_factor.has_device(user):
        return render(
            request,
            "accounts/two_factor_on.html",
            {
                "codes_left": two_factor.recovery_codes_left(user),
                "required_2fa": two_factor.is_required_for(user),
            },
        )
    device = two_factor.pending_device(user)
    error = ""
    if request.method == "POST":
        codes = two_factor.confirm(device, request.POST.get("code", ""))
        if codes is not None:
            two_factor.mark_passed(request)
            sign_in.sign_out_everywhere(user, keep_session_key=request.session.session_key)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "just_enrolled": True})
        error = _("That code is not right. Check the time on your phone and try the newest code.")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_for_humans(device),
            "error": error,
            "required_2fa": two_factor.is_required_for(user),
        },
    )


@login_required
@require_POST
def two_factor_recovery_codes(request):
    if not two_factor.has_device(request.user):
        return redirect("two_factor_setup")
    codes = two_factor.new_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "just_enrolled": False})


@login_required
@require_POST
def two_factor_disable(request):
    user = request.user
    if two_factor.is_required_for(user):
        messages.error(request, _("This instance requires two-factor sign-in for owners: it cannot be turned off."))
    elif not user.check_password(request.POST.get("password", "")):
        messages.error(request, _("That password is not right; two-factor sign-in is still on."))
    else:
        two_factor.remove(user)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("account")


@login_required
def two_factor_verify(request):
    """After the password: a code from the app, or a recovery code."""
    user = request.user
    if request.session.get(two_factor.PASSED_KEY) or not two_factor.has_device(user):
        return redirect(_next(request))
    error = ""
    if request.method == "POST":
        kind, wait = two_factor.check_code(user, request.POST.get("code", ""))
        if kind is not None:
            two_factor.mark_passed(request)
            outcome = SignInOutcome.RECOVERY_CODE if kind == "recovery" else SignInOutcome.SUCCESS
            sign_in.record(request, outcome, user=user)
            if kind == "recovery":
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(count)d left. Make new ones on your account page.")
                    % {"count": left},
                )
            return redirect(_next(request))
        sign_in.record(request, SignInOutcome.WRONG_CODE, user=user)
        if wait:
            error = _("Too many wrong codes. Wait %(seconds)d seconds and try again.") % {"seconds": wait}
        else:
            error = _("That code is not right.")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "error": error,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=200 if not error else 400,
    )
