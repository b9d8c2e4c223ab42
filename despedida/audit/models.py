"""The audit log: append-only entries hash-chained per workspace, and each chain's head.

The application never updates or deletes an entry: `save` refuses an
existing row, `delete` raises, and the queryset refuses bulk updates and
deletes. (Deleting a whole workspace takes its log with it.) The head row
is what writers lock, so entries are numbered one after the other even
with several writers at once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import Workspace
from despedida.audit.chain import GENESIS, Link


class AppendOnlyError(Exception):
    """Something tried to change or remove an audit entry."""


class Action(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    DELETED = "deleted", _("Deleted")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries are never updated")

    def delete(self):
        raise AppendOnlyError("audit entries are never deleted")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are never updated")


class ChainHead(models.Model):
    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, primary_key=True, related_name="+")
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)


class AuditEntry(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    sequence = models.BigIntegerField(_("number"))
    at = models.DateTimeField(_("when"))
    actor = models.CharField(_("who"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.BigIntegerField(null=True)
    # Plain numbers, not foreign keys: the entry outlives the row it describes.
    client_id = models.BigIntegerField(null=True, db_index=True)
    changes = models.JSONField(_("what changed"), default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["workspace", "sequence"]
        constraints = [models.UniqueConstraint(fields=["workspace", "sequence"], name="audit_sequence_unique")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are never deleted")

    def link(self) -> Link:
        from despedida.audit.values import as_text

        return Link(
            workspace=self.workspace_id,
            sequence=self.sequence,
            at=as_text(self.at),
            actor=self.actor,
            action=self.action,
            kind=self.kind,
            object_id=self.object_id,
            client_id=self.client_id,
            changes=self.changes,
            previous_hash=self.previous_hash,
            hash=self.hash,
        )
