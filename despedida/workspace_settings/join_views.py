"""Opening an invitation link: create an account (or use the one signed in) and join.

Open to visitors who are not signed in; the token in the link is the only
credential. Every unusable link (unknown, used, revoked, expired) gets the
same answer, so a link reveals nothing about the workspace once dead.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from despedida.accounts.middleware import SESSION_KEY
from despedida.accounts.models import Membership
from despedida.workspace_settings import invitations
from despedida.workspace_settings.forms import JoinForm


def _unusable(request):
    return render(request, "workspace_settings/join_invalid.html", status=404)


def _joined(request, membership: Membership):
    request.session[SESSION_KEY] = membership.workspace_id
    messages.success(request, _("Welcome to «%(workspace)s».") % {"workspace": membership.workspace.name})
    return HttpResponseRedirect(reverse("web:portfolio"))


@login_not_required
@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def join(request, token: str):
    invitation = invitations.find_usable(token)
    if invitation is None:
        return _unusable(request)
    signed_in = request.user.is_authenticated
    already = signed_in and Membership.objects.filter(workspace=invitation.workspace, user=request.user).exists()
    form = None if signed_in else JoinForm()
    if request.method == "POST" and not already:
        if signed_in:
            return _accept(request, invitation, lambda: request.user)
        form = JoinForm(request.POST)
        if form.is_valid():
            return _accept(request, invitation, form.save, log_in=True)
    return render(
        request,
        "workspace_settings/join.html",
        {
            "invitation": invitation,
            "form": form,
            "already_member": already,
        },
    )


def _accept(request, invitation, make_user, log_in: bool = False):
    try:
        membership = invitations.accept(invitation, make_user)
    except invitations.InvitationUnusable:
        return _unusable(request)
    if log_in:
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return _joined(request, membership)
