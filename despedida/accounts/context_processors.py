from despedida.accounts.models import Membership


def workspace(request):
    """The current workspace, and the others the user may switch to."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    memberships = getattr(request, "memberships", None)
    if memberships is None:  # a request that did not pass through WorkspaceMiddleware
        memberships = (
            Membership.objects.filter(user=request.user).select_related("workspace").order_by("workspace__name")
        )
    current = request.workspace.pk if request.workspace else None
    others = [m for m in memberships if m.workspace_id != current]
    return {
        "workspace": request.workspace,
        "membership": request.membership,
        "other_workspaces": [m.workspace for m in others],
    }
