"""The team page: who is in the workspace, invitations, roles.

Memberships and invitations are looked up within the request's workspace,
so another workspace's rows are a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from despedida.accounts.access import is_owner, owner_required, workspace_of
from despedida.accounts.models import Membership, Role
from despedida.accounts.scoping import get_scoped_or_404
from despedida.workspace_settings import invitations, team
from despedida.workspace_settings.forms import InvitationForm, RoleForm
from despedida.workspace_settings.models import Invitation


def _team_page(request, invite_form=None, status=200):
    workspace = workspace_of(request)
    owner = is_owner(request)
    members = Membership.objects.filter(workspace=workspace).select_related("user").order_by("role", "user__username")
    pending = Invitation.objects.in_workspace(workspace).usable().select_related("created_by") if owner else []
    return render(
        request,
        "workspace_settings/team.html",
        {
            "is_owner": owner,
            "members": members,
            "owner_count": sum(1 for m in members if m.role == Role.OWNER),
            "roles": Role.choices,
            "pending": pending,
            "invite_form": invite_form or (InvitationForm() if owner else None),
            "valid_days": invitations.VALID_FOR.days,
        },
        status=status,
    )


@require_GET
def team_page(request):
    return _team_page(request)


@owner_required
@require_POST
def invite(request):
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _team_page(request, invite_form=form, status=400)
    invitation, token = invitations.invite(
        request.workspace, by=request.user, role=form.cleaned_data["role"], note=form.cleaned_data["note"]
    )
    # Rendered, not redirected: the token is shown this once and stored nowhere in clear.
    return render(
        request,
        "workspace_settings/invitation_created.html",
        {
            "invitation": invitation,
            "link": request.build_absolute_uri(reverse("settings:join", args=[token])),
        },
    )


@owner_required
@require_POST
def revoke_invitation(request, pk: int):
    invitation = get_scoped_or_404(request, Invitation, pk=pk)
    if invitations.revoke(invitation):
        messages.success(request, _("Invitation revoked: its link no longer works."))
    else:
        messages.error(request, _("This invitation was already used or revoked."))
    return HttpResponseRedirect(reverse("settings:team"))


def _membership_or_404(request, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), pk=pk, workspace=request.workspace)


@owner_required
@require_POST
def change_role(request, pk: int):
    membership = _membership_or_404(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return HttpResponseRedirect(reverse("settings:team"))
    try:
        team.change_role(membership, form.cleaned_data["role"])
    except team.LastOwner:
        messages.error(request, _("A workspace needs at least one owner: make someone else an owner first."))
    else:
        messages.success(
            request,
            _("%(user)s is now: %(role)s.")
            % {
                "user": membership.user.get_username(),
                "role": membership.get_role_display(),
            },
        )
    return HttpResponseRedirect(reverse("settings:team"))


@owner_required
@require_POST
def remove_member(request, pk: int):
    membership = _membership_or_404(request, pk)
    try:
        team.remove(membership)
    except team.LastOwner:
        messages.error(request, _("A workspace needs at least one owner: make someone else an owner first."))
        return HttpResponseRedirect(reverse("settings:team"))
    messages.success(
        request,
        _("%(user)s no longer has access to this workspace.")
        % {
            "user": membership.user.get_username(),
        },
    )
    if membership.user_id == request.user.pk:
        return HttpResponseRedirect(reverse("web:portfolio"))
    return HttpResponseRedirect(reverse("settings:team"))
