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
        if request.user.is_authenticated:
            membership = current_membership(request)
            if membership is not None:
                request.membership = membership
                request.workspace = membership.workspace
                # Dates and times on every page read in the business's time zone.
                timezone.activate(ZoneInfo(membership.workspace.timezone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def current_membership(request) -> Membership | None:
    memberships = Membership.objects.filter(user=request.user).select_related("workspace")
    wanted = request.session.get(SESSION_KEY)
    if wanted is not None:
        chosen = memberships.filter(workspace_id=wanted).first()
        if chosen is not None:
            return chosen
    return memberships.order_by("workspace__name", "workspace_id").first()
