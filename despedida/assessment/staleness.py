"""Mark a client's stored assessment stale whenever its record changes.

Bulk imports bypass these signals on purpose: they recompute the whole
workspace at the end instead.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from despedida.accounts.models import Workspace
from despedida.clients import models as record

RECORD_MODELS = (
    record.Contract,
    record.Project,
    record.Milestone,
    record.Invoice,
    record.Payment,
    record.Reminder,
    record.TimeEntry,
    record.Message,
    record.Event,
)


def assess_new_client(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A client created one by one (a form, the admin) is assessed as soon as it is saved.

    Imports create clients in bulk, without signals, and assess the workspace at the end.
    """
    if not created or raw:
        return
    from despedida.assessment.stored import recompute_client

    transaction.on_commit(lambda: recompute_client(instance))


def mark_stale(sender, instance, origin=None, **kwargs) -> None:
    from despedida.assessment.models import Assessment

    if is_client_removal(origin):
        return  # the client goes, and its assessment with it: each of its rows need not mark it
    client_id = instance.pk if isinstance(instance, record.Client) else instance.client_id
    with transaction.atomic():
        # The client's row first, then its assessment: the order of everything that replaces
        # an assessment (stored.py, portability/staging.py). On PostgreSQL a save and an
        # assessment of the same client running together then wait for each other; taking
        # the assessment first, they would deadlock.
        list(record.Client.objects.select_for_update().filter(pk=client_id).values_list("pk"))
        Assessment.objects.filter(client_id=client_id, stale=False).update(stale=True)


def is_client_removal(origin) -> bool:
    """Whether a deletion started from clients (one, a query of them, or their workspace), not from a row."""
    gone = (record.Client, Workspace)
    return isinstance(origin, gone) or getattr(origin, "model", None) in gone


def connect() -> None:
    post_save.connect(assess_new_client, sender=record.Client, dispatch_uid="assess-new-client")
    for model in (record.Client, *RECORD_MODELS):
        post_save.connect(mark_stale, sender=model, dispatch_uid=f"stale-{model.__name__}")
        post_delete.connect(mark_stale, sender=model, dispatch_uid=f"stale-del-{model.__name__}")
