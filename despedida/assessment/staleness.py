"""Mark a client's stored assessment stale whenever its record changes.

Bulk imports bypass these signals on purpose: they recompute the whole
workspace at the end instead.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from despedida.clients import models as record

RECORD_MODELS = (
    record.Contract, record.Project, record.Milestone, record.Invoice, record.Payment, record.Reminder,
    record.TimeEntry, record.Message, record.Event,
)


def mark_stale(sender, instance, **kwargs) -> None:
    from despedida.assessment.models import Assessment

    client_id = instance.pk if isinstance(instance, record.Client) else instance.client_id
    Assessment.objects.filter(client_id=client_id, stale=False).update(stale=True)


def connect() -> None:
    for model in (record.Client, *RECORD_MODELS):
        post_save.connect(mark_stale, sender=model, dispatch_uid=f"stale-{model.__name__}")
        post_delete.connect(mark_stale, sender=model, dispatch_uid=f"stale-del-{model.__name__}")
