"""Write a portfolio (dataclasses) into the store: all or nothing, idempotent.

A client is matched by its file id within the workspace; its record is
replaced by the file's (so importing the same file twice changes nothing).
Clients the file does not mention are left alone. The whole import runs in
one transaction: a bad client anywhere, or a crash half-way, leaves the
store exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import transaction
from django.utils.text import slugify

from despedida.accounts.models import Membership, Role, Workspace
from despedida.clients import models as db
from despedida.portability.fast_insert import insert_rows
from despedida.portfolio import model as pf

CHUNK = 500


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
    that raises `InputError` at its end: the transaction then rolls back.
    """
    with transaction.atomic():
        if workspace is None:
            workspace = create_workspace(header.business, owner)
        apply_business(workspace, header)
        result = ImportResult(workspace)
        existing = dict(db.Client.objects.in_workspace(workspace).values_list("key", "id"))
        next_position = 0
        for chunk in _chunks(clients, CHUNK):
            next_position = _import_chunk(workspace, chunk, existing, next_position, result)
            if progress is not None:
                progress(result.clients)
    return result


def create_workspace(business: pf.Business, owner=None) -> Workspace:
    workspace = Workspace.objects.create(name=business.name or "Despedida", slug=unique_slug(business.name))
    if owner is not None:
        Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    return workspace


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "workspace"
    slug, n = base, 2
    while Workspace.objects.filter(slug=slug).exists():
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
    while chunk := list(islice(iterator, size)):
        yield chunk


RECORD_MODELS = (
    db.Payment, db.Reminder, db.Milestone, db.TimeEntry, db.Message, db.Event, db.Invoice, db.Project, db.Contract,
)


def _import_chunk(workspace, chunk: list[pf.Client], existing: dict, position: int, result: ImportResult) -> int:
    rows: list[db.Client] = []
    replaced: list[int] = []
    for client in chunk:
        row = _client_row(workspace, client, position)
        position += 1
        if client.id in existing:
            row.pk = existing[client.id]
            replaced.append(row.pk)
        rows.append(row)
    if replaced:
        # Leaf tables first, so each delete is a plain DELETE without cascading collection.
        for model in RECORD_MODELS:
            model.objects.filter(client_id__in=replaced)._raw_delete(model.objects.db)
        db.Client.objects.bulk_update(
            [r for r in rows if r.pk], fields=[f for f in CLIENT_FIELDS], batch_size=CHUNK
        )
    new_rows = [r for r in rows if r.pk is None]
    db.Client.objects.bulk_create(new_rows, batch_size=CHUNK)
    for row in new_rows:
        existing[row.key] = row.pk
    result.updated += len(replaced)
    result.created += len(new_rows)
    _import_records(workspace, chunk, rows)
    return position


CLIENT_FIELDS = (
    "name", "stage", "language", "contact_name", "contact_email", "has_contact", "strategic_value",
    "extra", "contact_extra", "position",
)


def _client_row(workspace, client: pf.Client, position: int) -> db.Client:
    contact = client.contact
    return db.Client(
        workspace=workspace,
        key=client.id,
        name=client.name,
        stage=client.stage.value,
        language=client.language or "",
        contact_name=contact.name if contact else None,
        contact_email=contact.email if contact else None,
        has_contact=contact is not None,
        contact_extra=contact.extra if contact else {},
        strategic_value=client.strategic_value.value,
        extra=client.extra,
        position=position,
    )


def _import_records(workspace, clients: list[pf.Client], rows: list[db.Client]) -> None:
    contracts, projects, project_sources = [], [], []
    for client, row in zip(clients, rows):
        common = {"workspace": workspace, "client_id": row.pk}
        if client.contract is not None:
            contracts.append(_contract_row(client.contract, common))
        for i, project in enumerate(client.projects):
            projects.append(
                db.Project(
                    **common,
                    position=i,
                    key=project.id,
                    name=project.name,
                    status=project.status.value,
                    started_on=project.started_on,
                    fee_type=project.fee_type.value,
                    fee=project.fee,
                    extra=project.extra,
                )
            )
            project_sources.append(project)
    db.Contract.objects.bulk_create(contracts, batch_size=CHUNK)
    db.Project.objects.bulk_create(projects, batch_size=CHUNK)
    project_ids = {(p.client_id, p.key): p.pk for p in projects}

    ws = workspace.pk
    insert_rows(
        db.Milestone,
        MILESTONE_COLUMNS,
        (
            (ws, row.client_id, row.pk, i, m.name, m.due_on, m.delivered_on, m.approved_on, m.extra)
            for row, source in zip(projects, project_sources)
            for i, m in enumerate(source.milestones)
        ),
    )

    invoices, invoice_sources, times, messages, events = [], [], [], [], []
    for client, row in zip(clients, rows):
        client_id = row.pk

        def project_id(key, _client=client_id):
            return project_ids.get((_client, key)) if key else None

        for i, invoice in enumerate(client.invoices):
            invoices.append(
                db.Invoice(
                    workspace=workspace,
                    client_id=client_id,
                    position=i,
                    number=invoice.id,
                    project_id=project_id(invoice.project),
                    issued_on=invoice.issued_on,
                    due_on=invoice.due_on,
                    amount=invoice.amount,
                    currency=invoice.currency,
                    extra=invoice.extra,
                )
            )
            invoice_sources.append(invoice)
        times.extend(
            (ws, client_id, i, project_id(t.project), t.on, t.hours, t.kind.value, t.note, t.extra)
            for i, t in enumerate(client.time)
        )
        messages.extend(_message_row(message, ws, client_id, i) for i, message in enumerate(client.messages))
        events.extend(
            _event_row(event, ws, client_id, i, project_id(event.project)) for i, event in enumerate(client.events)
        )
    db.Invoice.objects.bulk_create(invoices, batch_size=CHUNK)
    insert_rows(
        db.Payment,
        PAYMENT_COLUMNS,
        (
            (ws, row.client_id, row.pk, i, p.on, p.amount, p.extra)
            for row, source in zip(invoices, invoice_sources)
            for i, p in enumerate(source.payments)
        ),
    )
    insert_rows(
        db.Reminder,
        REMINDER_COLUMNS,
        (
            (ws, row.client_id, row.pk, i, on, {})
            for row, source in zip(invoices, invoice_sources)
            for i, on in enumerate(source.reminders)
        ),
    )
    insert_rows(db.TimeEntry, TIME_COLUMNS, times)
    insert_rows(db.Message, MESSAGE_COLUMNS, messages)
    insert_rows(db.Event, EVENT_COLUMNS, events)


MILESTONE_COLUMNS = (
    "workspace_id", "client_id", "project_id", "position", "name", "due_on", "delivered_on", "approved_on", "extra",
)
PAYMENT_COLUMNS = ("workspace_id", "client_id", "invoice_id", "position", "on", "amount", "extra")
REMINDER_COLUMNS = ("workspace_id", "client_id", "invoice_id", "position", "on", "extra")
TIME_COLUMNS = ("workspace_id", "client_id", "position", "project_id", "on", "hours", "kind", "note", "extra")
MESSAGE_COLUMNS = (
    "workspace_id", "client_id", "position", "at", "utc_offset_minutes", "direction", "subject", "body",
    "needs_reply", "origin", "extra",
)
EVENT_COLUMNS = (
    "workspace_id", "client_id", "position", "project_id", "on", "type", "note", "priced", "after_contract",
    "quality", "delay_days", "severity", "core", "ethics_kind", "topic", "clause", "deadline", "extra",
)


def _contract_row(contract: pf.Contract, common: dict) -> db.Contract:
    return db.Contract(
        **common,
        signed_on=contract.signed_on,
        scope_defined=contract.scope_defined,
        deposit_requested=contract.deposit_requested,
        deposit_paid_on=contract.deposit_paid_on,
        deposit_refused=contract.deposit_refused,
        late_fee_clause=contract.late_fee_clause,
        change_order_clause=contract.change_order_clause,
        silence_approval_days=contract.silence_approval_days,
        notice_days=contract.notice_days,
        extra=contract.extra,
    )


def _message_row(message: pf.Message, ws: int, client_id: int, position: int) -> tuple:
    offset = message.at.utcoffset() or dt.timedelta(0)
    return (
        ws, client_id, position, message.at, int(offset.total_seconds() // 60), message.direction.value,
        message.subject, message.body, message.needs_reply, db.MessageOrigin.RECORDED.value, _message_extra(message),
    )


def _message_extra(message: pf.Message) -> dict:
    """The extra column, with the thread headers (kept there: they need no column of their own)."""
    headers = {"message_id": message.message_id, "in_reply_to": message.in_reply_to}
    return {**message.extra, **{key: value for key, value in headers.items() if value is not None}}


def _event_row(event: pf.Event, ws: int, client_id: int, position: int, project_id: int | None) -> tuple:
    return (
        ws, client_id, position, project_id, event.on, event.type.value, event.note, event.priced,
        event.after_contract, event.quality.value if event.quality else None, event.delay_days,
        event.severity.value if event.severity else None, event.core, event.kind.value if event.kind else None,
        event.topic, event.clause.value if event.clause else None, event.deadline, event.extra,
    )
