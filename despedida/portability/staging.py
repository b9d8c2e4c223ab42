"""Where a large import waits until it is complete, and the short swap that brings it in.

SQLite lets one connection write at a time. An import written as one
transaction keeps every web save waiting for its whole length, longer than
the busy timeout for a few thousand clients. So the importer writes a
batch of clients at a time, each batch its own short transaction, into a
staging area: a hidden workspace (its slug starts with `HIDDEN_SLUG_MARK`,
which no page, command or worker lists). The records of a staged client
(invoices, time, messages…) are written already carrying the target
workspace but hang from the hidden client, and a record belongs to a
workspace only while its client does (`ClientOwned.in_workspace`), so
nothing of the import is visible before the swap.

The swap is one short transaction whose work grows with the number of
clients, not of records: the clients the file replaces move to a second
hidden area (the things the app keeps about them, such as assessments,
exit plans, letters or the outbox, and the mail read from the mailbox, move
to the client that replaces them: see `kept_mail`),
and the staged clients move into the workspace. The replaced clients and
their records are then removed a batch at a time.

All or nothing still holds: until the swap nothing has changed, and a
failure before it removes the staging area. An area left behind by a
process that was killed is removed by the next import once it is older
than `ABANDONED_AFTER`.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterator

from django.db import connection, models, transaction

from despedida.accounts import clock
from despedida.accounts.models import HIDDEN_SLUG_MARK, Workspace
from despedida.clients import models as db
from despedida.portability.kept_mail import keep_mail

logger = logging.getLogger(__name__)

# Leaf tables first, so each delete is a plain DELETE without cascading collection.
RECORD_MODELS = (
    db.Payment,
    db.Reminder,
    db.Milestone,
    db.TimeEntry,
    db.Message,
    db.Event,
    db.Invoice,
    db.Project,
    db.Contract,
)
# Clients removed per transaction: about ten thousand record rows, a few hundredths of a second.
REMOVE_BATCH = 10
# Client ids per statement in the swap.
SWAP_BATCH = 500
ABANDONED_AFTER = dt.timedelta(hours=6)

workspaces = Workspace._base_manager  # the hidden ones too


class StagingLost(Exception):
    """The staging area vanished before the swap (removed as abandoned): the import must start again."""


def open_area(kind: str, name: str = "") -> Workspace:
    """A new hidden workspace; `kind` is only for a person reading the database."""
    with transaction.atomic():
        return workspaces.create(name=name or "Import", slug=f"{HIDDEN_SLUG_MARK}{kind}-{secrets.token_hex(8)}")


def swap_in(area: Workspace, target: Workspace) -> tuple[int, int, Workspace | None]:
    """Move the clients staged in `area` into `target`, replacing those with the same id.

    Runs inside the caller's transaction. Returns (created, replaced, the
    hidden area now holding the replaced clients, or None).
    """
    # Two imports swap one after the other; on PostgreSQL a "no key" lock lets web saves
    # of the workspace's rows (which only check the workspace exists) go on meanwhile.
    workspaces.select_for_update(no_key=True).filter(pk=target.pk).first()
    if not workspaces.filter(pk=area.pk).exists():
        raise StagingLost(area.slug)
    staged = dict(db.Client._base_manager.filter(workspace=area).values_list("key", "pk"))
    live = dict(db.Client._base_manager.filter(workspace=target).values_list("key", "pk"))
    pairs = [(live[key], new) for key, new in staged.items() if key in live]
    retired = None
    if pairs:
        retired = workspaces.create(
            name="Replaced by an import", slug=f"{HIDDEN_SLUG_MARK}replaced-{secrets.token_hex(8)}"
        )
        for chunk in _chunks(pairs, SWAP_BATCH):
            # A page saving one of these clients goes wholly before or after: their rows
            # first, then their assessments, the order every writer of assessments keeps.
            olds = sorted(old for old, _new in chunk)
            list(db.Client._base_manager.select_for_update().filter(pk__in=olds).order_by("pk").values_list("pk"))
            _move_references(chunk)
            keep_mail(chunk)  # mail read from the mailbox is not the file's to replace
            db.Client._base_manager.filter(pk__in=[old for old, _new in chunk]).update(workspace=retired)
    db.Client._base_manager.filter(workspace=area).update(workspace=target)
    return len(staged) - len(pairs), len(pairs), retired


def _move_references(pairs: list[tuple[int, int]]) -> None:
    """What the app keeps about a replaced client (assessment, plans, letters, outbox…) follows its successor."""
    # Plain SQL: the ORM takes a good fraction of a second to compile a CASE of
    # a few hundred branches, and the swap must stay short.
    cases = " ".join(["WHEN %s THEN %s"] * len(pairs))
    marks = ", ".join(["%s"] * len(pairs))
    params = [value for pair in pairs for value in pair] + [old for old, _new in pairs]
    with connection.cursor() as cursor:
        for model in _models_pointing_at_clients():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"UPDATE {table} SET client_id = CASE client_id {cases} END WHERE client_id IN ({marks})", params
            )


def _models_pointing_at_clients() -> list[type[models.Model]]:
    """Every model outside the client record with a `client` foreign key (the swap moves them)."""
    found = []
    for relation in _relations_to(db.Client):
        model = relation.related_model
        if model in RECORD_MODELS or model is db.Client:
            continue
        if relation.field.column != "client_id":
            raise NotImplementedError(
                f"{model.__name__}.{relation.field.name} points at a client: teach staging to move it"
            )
        found.append(model)
    return found


def remove_area(area: Workspace) -> None:
    """Delete a hidden area, its clients and their records, a batch of clients per transaction."""
    while True:
        ids = list(db.Client._base_manager.filter(workspace=area).values_list("pk", flat=True)[:REMOVE_BATCH])
        if not ids:
            break
        with transaction.atomic():
            _remove_clients(ids)
    with transaction.atomic():
        workspaces.filter(pk=area.pk).delete()


def _remove_clients(ids: list[int]) -> None:
    for model in RECORD_MODELS:
        _release_records(model, ids)
        model._base_manager.filter(client_id__in=ids)._raw_delete(model._base_manager.db)
    # Whatever the app wrote about these clients since they were hidden (normally nothing)
    # goes the way Django deletes it; then the clients themselves, plainly.
    for model in _models_pointing_at_clients():
        model._base_manager.filter(client_id__in=ids).delete()
    db.Client._base_manager.filter(pk__in=ids)._raw_delete(db.Client._base_manager.db)


def _release_records(model, client_ids: list[int]) -> None:
    """Apply on_delete for rows outside the record that point at the records about to go (a letter's message…)."""
    for relation in _relations_to(model):
        if relation.related_model in RECORD_MODELS:
            continue
        referring = relation.related_model._base_manager.filter(**{f"{relation.field.name}__client_id__in": client_ids})
        if relation.on_delete is models.SET_NULL:
            referring.update(**{relation.field.name: None})
        else:
            referring.delete()  # CASCADE; PROTECT and RESTRICT raise, as they should


def _relations_to(model) -> list:
    """Every foreign key pointing at `model`, those declared with related_name="+" too."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]


def remove_quietly(area: Workspace | None) -> None:
    """Remove an area after the import is done or has failed; a failure here only leaves hidden rows."""
    if area is None:
        return
    try:
        remove_area(area)
    except Exception:
        logger.warning("could not remove the import's hidden area %s; the next import will", area.slug, exc_info=True)


def remove_abandoned(now: dt.datetime | None = None) -> int:
    """Remove areas left by imports that were killed; returns how many."""
    cutoff = (now or clock.now()) - ABANDONED_AFTER
    stale = list(workspaces.filter(slug__startswith=HIDDEN_SLUG_MARK, created_at__lt=cutoff))
    for area in stale:
        remove_quietly(area)
    return len(stale)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
