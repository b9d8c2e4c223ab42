"""Write a portfolio (dataclasses) into the store: all or nothing, idempotent.

A client is matched by its file id within the workspace; its record is
replaced by the file's (so importing the same file twice changes nothing).
Clients the file does not mention are left alone.

The import is written a batch of clients at a time, each batch in its own
short transaction, into a hidden staging area, and swapped in at the end by
one short transaction (see `staging`): web saves made meanwhile wait a
batch at most, never the whole import. Until the swap nothing is visible;
a bad client anywhere, or a crash half-way, removes the staging area and
leaves the store exactly as it was.
Each client created or replaced gets one entry in the workspace's audit log,
in the swap's transaction (`despedida.audit.imports`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

from django.db import transaction
from django.utils.text import slugify

from despedida.accounts import clock
from despedida.accounts.models import Membership, Role, Workspace
from despedida.audit.imports import ImportedClient, record_import
from despedida.clients import models as db
from despedida.core.collector import collector_paused
from despedida.core.portfolio import model as pf
from despedida.fast_insert import Table
from despedida.portability import staging

# Clients per transaction while staging: long enough to write efficiently,
# short enough (a few hundredths of a second) that a web save waiting for
# the store gets its turn at once.
BATCH = 10


@dataclass
class ImportResult:
    workspace: Workspace
    created: int = 0
    updated: int = 0

    @property
    def clients(self) -> int:
        return self.created + self.updated


def import_portfolio(
    header: pf.Portfolio,
    clients: Iterable[pf.Client],
    *,
    workspace: Workspace | None = None,
    owner=None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import `clients` under the business of `header` into `workspace`.

    Without a workspace one is created from the file's business, and
    `owner` (if given) becomes its owner. `clients` may be a lazy iterator
    that raises `InputError` at its end: the staged clients are then
    removed and nothing has changed.
    """
    staging.remove_abandoned()
    # A new workspace is itself the staging area: hidden until the swap names it.
    area = staging.open_area("new" if workspace is None else "import", header.business.name)
    target = workspace or area
    replaced_area = None
    imported: list[ImportedClient] = []  # what the audit log says of each client, kept small
    try:
        staged = 0
        for chunk in _chunks(clients, BATCH):  # reads (and checks) the file outside any transaction
            staged = _stage_chunk(area, target, chunk, staged)
            imported.extend(ImportedClient.of(client) for client in chunk)
            if progress is not None:
                progress(staged)
        with transaction.atomic():
            if workspace is None:
                workspace = _name_new_workspace(area, header.business, owner)
                created, updated, before = staged, 0, set()
            else:
                before = set(db.Client.objects.filter(workspace=workspace).values_list("key", flat=True))
                created, updated, replaced_area = staging.swap_in(area, workspace)
            apply_business(workspace, header)
            record_import(workspace.pk, imported, before)
    except BaseException:
        staging.remove_quietly(area)
        raise
    if area != workspace:
        staging.remove_quietly(area)  # empty now
    staging.remove_quietly(replaced_area)  # the replaced clients and their records
    return ImportResult(workspace, created, updated)


def _name_new_workspace(area: Workspace, business: pf.Business, owner) -> Workspace:
    area.name = business.name or "Despedida"
    area.slug = unique_slug(business.name)
    area.save(update_fields=["name", "slug"])
    if owner is not None:
        Membership.objects.create(workspace=area, user=owner, role=Role.OWNER)
    return area


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "workspace"
    slug, n = base, 2
    while Workspace._base_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def apply_business(workspace: Workspace, header: pf.Portfolio) -> None:
    business = header.business
    if business.name:
        workspace.name = business.name
    workspace.currency = business.currency
    workspace.language = business.language
    workspace.timezone = business.timezone
    workspace.target_hourly_rate = business.target_hourly_rate
    workspace.payment_terms_days = business.payment_terms_days
    workspace.business_extra = business.extra
    workspace.portfolio_extra = header.extra
    workspace.save()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while True:
        # A batch is read with the collector paused (a third of the reading time).
        with collector_paused():
            chunk = list(islice(iterator, size))
        if not chunk:
            return
        yield chunk


def _stage_chunk(area: Workspace, target: Workspace, chunk: list[pf.Client], position: int) -> int:
    """Write a batch of clients under the hidden `area`, their records under `target` already.

    Everything but the statements is done before the transaction opens.
    """
    batch = _prepare_batch(chunk, area.pk, target.pk, position, clock.now())
    with transaction.atomic():
        _write_batch(batch)
    return position + len(chunk)


@cache
def _tables() -> dict[str, Table]:
    return {
        "client": Table(
            db.Client,
            (),
            (
                "workspace_id",
                "key",
                "name",
                "tax_id",
                "stage",
                "language",
                "contact_name",
                "contact_email",
                "has_contact",
                "contact_extra",
                "strategic_value",
                "extra",
                "position",
                "created_at",
                "updated_at",
            ),
        ),
        "contract": Table(
            db.Contract,
            ("client",),
            (
                "workspace_id",
                "signed_on",
                "scope_defined",
                "deposit_requested",
                "deposit_paid_on",
                "deposit_refused",
                "late_fee_clause",
                "change_order_clause",
                "silence_approval_days",
                "notice_days",
                "extra",
                "position",
            ),
        ),
        "project": Table(
            db.Project,
            ("client",),
            (
                "workspace_id",
                "position",
                "key",
                "name",
                "status",
                "started_on",
                "fee_type",
                "fee",
                "extra",
            ),
        ),
        "milestone": Table(
            db.Milestone,
            ("client", "project"),
            (
                "workspace_id",
                "position",
                "name",
                "due_on",
                "delivered_on",
                "approved_on",
                "extra",
            ),
        ),
        "invoice": Table(
            db.Invoice,
            ("client", "project"),
            (
                "workspace_id",
                "position",
                "number",
                "issued_on",
                "due_on",
                "amount",
                "currency",
                "extra",
            ),
        ),
        "payment": Table(db.Payment, ("client", "invoice"), ("workspace_id", "position", "on", "amount", "extra")),
        "reminder": Table(db.Reminder, ("client", "invoice"), ("workspace_id", "position", "on", "extra")),
        "time": Table(
            db.TimeEntry,
            ("client", "project"),
            (
                "workspace_id",
                "position",
                "on",
                "hours",
                "kind",
                "note",
                "extra",
            ),
        ),
        "message": Table(
            db.Message,
            ("client",),
            (
                "workspace_id",
                "position",
                "at",
                "utc_offset_minutes",
                "direction",
                "subject",
                "body",
                "needs_reply",
                "origin",
                "extra",
                "message_id",
                "in_reply_to",
            ),
        ),
        "event": Table(
            db.Event,
            ("client", "project"),
            (
                "workspace_id",
                "position",
                "on",
                "type",
                "note",
                *db.EVENT_DETAIL_COLUMNS,
                "extra",
            ),
        ),
    }


@dataclass
class Batch:
    """A batch of clients as rows ready to insert. References to a client, project or
    invoice of the same batch are indexes into `client_keys`, `project_keys`, `invoice_keys`."""

    client_keys: list[str] = field(default_factory=list)
    project_keys: list[tuple[int, str]] = field(default_factory=list)  # (client index, project id)
    invoice_keys: list[tuple[int, str]] = field(default_factory=list)  # (client index, invoice number)
    rows: dict[str, list[tuple]] = field(default_factory=lambda: {name: [] for name in _tables()})


def _prepare_batch(chunk: list[pf.Client], area_id: int, ws: int, position: int, now: dt.datetime) -> Batch:
    t, batch = _tables(), Batch()
    rows = batch.rows
    for ci, client in enumerate(chunk):
        contact = client.contact
        batch.client_keys.append(client.id)
        rows["client"].append(
            t["client"].row(
                (),
                (
                    area_id,
                    client.id,
                    client.name,
                    client.tax_id or "",
                    client.stage.value,
                    client.language or "",
                    contact.name if contact else None,
                    contact.email if contact else None,
                    contact is not None,
                    contact.extra if contact else {},
                    client.strategic_value.value,
                    client.extra,
                    position + ci,
                    now,
                    now,
                ),
            )
        )
        if (c := client.contract) is not None:
            rows["contract"].append(
                t["contract"].row(
                    (ci,),
                    (
                        ws,
                        c.signed_on,
                        c.scope_defined,
                        c.deposit_requested,
                        c.deposit_paid_on,
                        c.deposit_refused,
                        c.late_fee_clause,
                        c.change_order_clause,
                        c.silence_approval_days,
                        c.notice_days,
                        c.extra,
                        0,
                    ),
                )
            )
        projects = {}
        for i, project in enumerate(client.projects):
            pi = projects[project.id] = len(batch.project_keys)
            batch.project_keys.append((ci, project.id))
            rows["project"].append(
                t["project"].row(
                    (ci,),
                    (
                        ws,
                        i,
                        project.id,
                        project.name,
                        project.status.value,
                        project.started_on,
                        project.fee_type.value,
                        project.fee,
                        project.extra,
                    ),
                )
            )
            rows["milestone"].extend(
                t["milestone"].row((ci, pi), (ws, j, m.name, m.due_on, m.delivered_on, m.approved_on, m.extra))
                for j, m in enumerate(project.milestones)
            )

        def project_of(key, _projects=projects):
            return _projects.get(key) if key else None

        for i, invoice in enumerate(client.invoices):
            ii = len(batch.invoice_keys)
            batch.invoice_keys.append((ci, invoice.id))
            rows["invoice"].append(
                t["invoice"].row(
                    (ci, project_of(invoice.project)),
                    (
                        ws,
                        i,
                        invoice.id,
                        invoice.issued_on,
                        invoice.due_on,
                        invoice.amount,
                        invoice.currency,
                        invoice.extra,
                    ),
                )
            )
            rows["payment"].extend(
                t["payment"].row((ci, ii), (ws, j, p.on, p.amount, p.extra)) for j, p in enumerate(invoice.payments)
            )
            rows["reminder"].extend(
                t["reminder"].row((ci, ii), (ws, j, on, {})) for j, on in enumerate(invoice.reminders)
            )
        rows["time"].extend(
            t["time"].row((ci, project_of(e.project)), (ws, i, e.on, e.hours, e.kind.value, e.note, e.extra))
            for i, e in enumerate(client.time)
        )
        rows["message"].extend(
            t["message"].row((ci,), _message_values(m, ws, i)) for i, m in enumerate(client.messages)
        )
        rows["event"].extend(
            t["event"].row((ci, project_of(e.project)), _event_values(e, ws, i)) for i, e in enumerate(client.events)
        )
    return batch


def _write_batch(batch: Batch) -> None:
    t, rows = _tables(), batch.rows
    by_key = dict(t["client"].insert(rows["client"], returning=("key", "id")))
    clients = [by_key[key] for key in batch.client_keys]
    t["contract"].insert(rows["contract"], (clients,))
    by_key = {(c, k): pk for c, k, pk in t["project"].insert(rows["project"], (clients,), ("client", "key", "id"))}
    projects = [by_key[(clients[ci], key)] for ci, key in batch.project_keys]
    t["milestone"].insert(rows["milestone"], (clients, projects))
    by_key = {
        (c, n): pk for c, n, pk in t["invoice"].insert(rows["invoice"], (clients, projects), ("client", "number", "id"))
    }
    invoices = [by_key[(clients[ci], number)] for ci, number in batch.invoice_keys]
    t["payment"].insert(rows["payment"], (clients, invoices))
    t["reminder"].insert(rows["reminder"], (clients, invoices))
    t["time"].insert(rows["time"], (clients, projects))
    t["message"].insert(rows["message"], (clients,))
    t["event"].insert(rows["event"], (clients, projects))


def _message_values(message: pf.Message, ws: int, position: int) -> tuple:
    offset = message.at.utcoffset() or dt.timedelta(0)
    return (
        ws,
        position,
        message.at,
        int(offset.total_seconds() // 60),
        message.direction.value,
        message.subject,
        message.body,
        message.needs_reply,
        db.MessageOrigin.RECORDED.value,
        message.extra,
        message.message_id or "",
        message.in_reply_to or "",
    )


def _event_values(event: pf.Event, ws: int, position: int) -> tuple:
    return (
        ws,
        position,
        event.on,
        event.type.value,
        event.note,
        event.priced,
        event.after_contract,
        event.quality.value if event.quality else None,
        event.delay_days,
        event.severity.value if event.severity else None,
        event.core,
        event.kind.value if event.kind else None,
        event.topic,
        event.clause.value if event.clause else None,
        event.deadline,
        event.extra,
    )
