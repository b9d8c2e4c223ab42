from despedida.accounts.models import Membership


def workspace(request):
    """The current workspace, and the others the user may switch to."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    others = (
        Membership.objects.filter(user=request.user)
        .exclude(workspace=request.workspace)
        .select_related("workspace")
        .order_by("workspace__name")
    )
    return {
        "workspace": request.workspace,
        "membership": request.membership,
        "other_workspaces": [m.workspace for m in others],
    }
