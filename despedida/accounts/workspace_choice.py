"""Which workspace a command means, and who owns what it creates."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from despedida.accounts.models import Membership, Role, Workspace


class WorkspaceChoiceError(Exception):
    """The command cannot tell which workspace to use; the message says what to pass."""


def resolve_workspace(slug: str | None, *, create_if_empty: bool = False) -> Workspace | None:
    """The workspace named by `slug`, or the only one there is.

    Returns None when the store is empty and `create_if_empty` (the caller
    creates one). Several workspaces without a slug is an error naming them.
    """
    if slug:
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            raise WorkspaceChoiceError(_("no workspace called %(slug)s") % {"slug": slug})
        return workspace
    workspaces = list(Workspace.objects.order_by("slug")[:21])
    if not workspaces:
        if create_if_empty:
            return None
        raise WorkspaceChoiceError(_("the store has no workspace yet: import a portfolio first"))
    if len(workspaces) > 1:
        names = ", ".join(w.slug for w in workspaces[:20])
        raise WorkspaceChoiceError(
            _("there are several workspaces; name one with --workspace (%(names)s)") % {"names": names}
        )
    return workspaces[0]


def first_owner():
    """The user who owns the instance: the first owner of any workspace, else the first superuser."""
    membership = Membership.objects.filter(role=Role.OWNER).order_by("user_id").select_related("user").first()
    if membership is not None:
        return membership.user
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def ensure_migrated() -> None:
    """Apply pending migrations quietly, so a command works on a fresh store."""
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
