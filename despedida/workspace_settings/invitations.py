"""Invite, revoke, accept. The token is shown once, to the owner who invites;
the store keeps its SHA-256 only (the token has 256 random bits, so a plain
hash is enough: there is nothing to guess)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable

from django.db import transaction

from despedida.accounts import clock
from despedida.accounts.models import Membership, Workspace
from despedida.workspace_settings.models import Invitation

VALID_FOR = dt.timedelta(days=7)
MAX_TOKEN_LENGTH = 100


class InvitationUnusable(Exception):
    """The invitation was used, revoked or has expired (or never existed)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invite(workspace: Workspace, *, by, role: str, note: str = "") -> tuple[Invitation, str]:
    """Create an invitation; returns it and the token for the link (never stored)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace=workspace,
        token_hash=hash_token(token),
        role=role,
        note=note,
        created_by=by,
        expires_at=clock.now() + VALID_FOR,
    )
    return invitation, token


def find_usable(token: str) -> Invitation | None:
    """The invitation a link's token opens, if it can still be accepted."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return Invitation.objects.usable().select_related("workspace").filter(token_hash=hash_token(token)).first()


def revoke(invitation: Invitation) -> bool:
    """Revoke a pending invitation; False if it was accepted or revoked meanwhile."""
    changed = Invitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None).update(
        revoked_at=clock.now()
    )
    return changed == 1


def accept(invitation: Invitation, make_user: Callable[[], object]) -> Membership:
    """Use the invitation once: claim it, then make (or take) the user and the membership.

    The claim is a compare-and-swap on `accepted_at`, so two people opening
    the same link at once cannot both join. `make_user` runs inside the
    transaction: if it fails, the invitation is usable again.
    """
    now = clock.now()
    with transaction.atomic():
        claimed = Invitation.objects.usable(now).filter(pk=invitation.pk).update(accepted_at=now)
        if claimed != 1:
            raise InvitationUnusable
        user = make_user()
        Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
        # Someone already in the workspace keeps the role they have.
        membership, _created = Membership.objects.get_or_create(
            workspace_id=invitation.workspace_id, user=user, defaults={"role": invitation.role}
        )
    return membership
