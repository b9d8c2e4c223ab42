"""Invitations: a link that lets one person join a workspace.

The link carries a random token; only its SHA-256 is stored, so a copy of
the database cannot be used to join. An invitation is used at most once
(a compare-and-swap on `accepted_at`, see `invitations.accept`), expires,
and can be revoked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from despedida.accounts import clock
from despedida.accounts.models import Role, WorkspaceOwned, WorkspaceQuerySet


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class InvitationQuerySet(WorkspaceQuerySet):
    def usable(self, now=None) -> InvitationQuerySet:
        """Invitations that can still be accepted: not used, not revoked, not expired."""
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=now or clock.now())


class Invitation(WorkspaceOwned):
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    note = models.CharField(
        _("for whom"),
        max_length=200,
        blank=True,
        help_text=_("A name or an address, to recognise the invitation in the list. The invitee does not see it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_both_accepted_and_revoked",
            ),
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.note or self.pk} → {self.workspace} ({self.role})"

    def state(self, now=None) -> InvitationState:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.expires_at <= (now or clock.now()):
            return InvitationState.EXPIRED
        return InvitationState.PENDING
