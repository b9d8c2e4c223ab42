"""Changing who is in a workspace, without ever leaving it without an owner."""

from __future__ import annotations

from django.db import transaction

from despedida.accounts.models import Membership, Role


class LastOwner(Exception):
    """The change would leave the workspace without an owner."""


def _locked_owners(workspace_id: int) -> list[int]:
    # Lock the owner rows so two owners demoting each other at once cannot
    # both succeed (SQLite's immediate transactions serialise this anyway).
    return list(
        Membership.objects.select_for_update()
        .filter(workspace_id=workspace_id, role=Role.OWNER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def change_role(membership: Membership, role: str) -> None:
    with transaction.atomic():
        owners = _locked_owners(membership.workspace_id)
        if role != Role.OWNER and owners == [membership.pk]:
            raise LastOwner
        Membership.objects.filter(pk=membership.pk).update(role=role)
    membership.role = role


def remove(membership: Membership) -> None:
    with transaction.atomic():
        owners = _locked_owners(membership.workspace_id)
        if owners == [membership.pk]:
            raise LastOwner
        Membership.objects.filter(pk=membership.pk).delete()
