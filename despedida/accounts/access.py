"""Who may do what in a workspace: the owner check, for every page.

Everyone in the workspace may read; only owners may change settings or take
owner-only actions (a member gets a 403). Without a workspace there is nothing to show (404).
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404


def workspace_of(request):
    if getattr(request, "workspace", None) is None:
        raise Http404
    return request.workspace


def is_owner(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.is_owner


def owner_required(view):
    """The view is for the workspace's owners: 404 without a workspace, 403 for a member."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        workspace_of(request)
        if not is_owner(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def require_owner(request) -> None:
    """Owner-only actions (cancelling a plan, skipping the cool-off): members get a 403."""
    if not is_owner(request):
        raise PermissionDenied
