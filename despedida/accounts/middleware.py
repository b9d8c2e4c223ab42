"""Put the user's current workspace on the request."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone

from despedida.accounts.models import Membership

SESSION_KEY = "workspace_id"


class WorkspaceMiddleware:
    """Sets `request.workspace` and `request.membership` for a signed-in user.

    The session remembers the workspace the user switched to; without one
    (or if the membership is gone) the first workspace they belong to is used.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.workspace = None
        request.membership = None
        request.memberships = []
        if request.user.is_authenticated:
            request.memberships = user_memberships(request.user)
            membership = current_membership(request, request.memberships)
            if membership is not None:
                request.membership = membership
                request.workspace = membership.workspace
                # Dates and times on every page read in the business's time zone.
                timezone.activate(ZoneInfo(membership.workspace.timezone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def user_memberships(user) -> list[Membership]:
    """All of the user's memberships with their workspaces, by workspace name: one query per request."""
    return list(
        Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name", "workspace_id")
    )


def current_membership(request, memberships: list[Membership] | None = None) -> Membership | None:
    if memberships is None:
        memberships = user_memberships(request.user)
    wanted = request.session.get(SESSION_KEY)
    if wanted is not None:
        for membership in memberships:
            if str(membership.workspace_id) == str(wanted):
                return membership
    return memberships[0] if memberships else None
