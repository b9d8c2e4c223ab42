"""A per-workspace version number that changes whenever one of its rows is saved or deleted.

Cached pieces of the dashboard put it in their key, so a change made in
this process shows on the next page load instead of after the cache expires.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from despedida.accounts.models import WorkspaceOwned

TIMEOUT = 24 * 3600


def _key(workspace_id: int) -> str:
    return f"workspace-version:{workspace_id}"


def version(workspace_id: int) -> int:
    return cache.get_or_set(_key(workspace_id), 0, timeout=TIMEOUT)


def bump(workspace_id: int) -> None:
    try:
        cache.incr(_key(workspace_id))
    except ValueError:  # not cached yet (or evicted): any new value is a new version
        cache.set(_key(workspace_id), 1, timeout=TIMEOUT)


def _changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, WorkspaceOwned) and instance.workspace_id is not None:
        bump(instance.workspace_id)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="workspace-version-save")
    post_delete.connect(_changed, dispatch_uid="workspace-version-delete")
