"""Record every change to a client's record made through the models (web, CLI, worker).

Before a save the stored row is read, so an edit records each changed field
as [old, new]; a creation records every field as [None, new], a deletion
every field as [old, None]. Bulk imports skip model signals and record one
entry per client themselves (`despedida.audit.imports`).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save

from despedida.accounts.models import Workspace
from despedida.audit.models import Action
from despedida.audit.recorder import Draft, record
from despedida.audit.values import as_text, diff
from despedida.clients import models as record_models

TRACKED = (
    record_models.Client,
    record_models.Contract,
    record_models.Project,
    record_models.Milestone,
    record_models.Invoice,
    record_models.Payment,
    record_models.Reminder,
    record_models.TimeEntry,
    record_models.Message,
    record_models.Event,
)
# Bookkeeping, not the record: the row's own key, its workspace, automatic timestamps.
SKIPPED = {"id", "workspace", "created_at", "updated_at"}


def tracked_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED]


def snapshot(instance) -> dict[str, str | None]:
    return {f.attname: as_text(getattr(instance, f.attname)) for f in tracked_fields(type(instance))}


def client_of(instance) -> int | None:
    return instance.pk if isinstance(instance, record_models.Client) else instance.client_id


def remember_stored(sender, instance, raw: bool = False, **kwargs) -> None:
    instance._audit_before = None
    if raw or instance.pk is None:
        return
    names = [f.attname for f in tracked_fields(sender)]
    stored = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    if stored is not None:
        instance._audit_before = {name: as_text(value) for name, value in stored.items()}


def saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    after = snapshot(instance)
    if created or before is None:
        changes, action = diff({}, after), Action.CREATED
    else:
        changes, action = diff(before, after), Action.EDITED
        if not changes:
            return
    record(Draft(instance.workspace_id, action, sender._meta.model_name, instance.pk, client_of(instance), changes))


def deleted(sender, instance, origin=None, **kwargs) -> None:
    # A workspace being deleted takes its audit log with it: nothing to record.
    if isinstance(origin, Workspace) or getattr(origin, "model", None) is Workspace:
        return
    changes = diff(snapshot(instance), {})
    record(
        Draft(instance.workspace_id, Action.DELETED, sender._meta.model_name, instance.pk, client_of(instance), changes)
    )


def connect() -> None:
    for model in TRACKED:
        name = model.__name__
        pre_save.connect(remember_stored, sender=model, dispatch_uid=f"audit-before-{name}")
        post_save.connect(saved, sender=model, dispatch_uid=f"audit-saved-{name}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"audit-deleted-{name}")
