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

    milestones = [
        db.Milestone(
            workspace=workspace,
            client_id=row.client_id,
            project_id=row.pk,
            position=i,
            name=m.name,
            due_on=m.due_on,
            delivered_on=m.delivered_on,
            approved_on=m.approved_on,
            extra=m.extra,
        )
        for row, source in zip(projects, project_sources)
        for i, m in enumerate(source.milestones)
    ]
    db.Milestone.objects.bulk_create(milestones, batch_size=CHUNK)

    invoices, invoice_sources, times, messages, events = [], [], [], [], []
    for client, row in zip(clients, rows):
        common = {"workspace": workspace, "client_id": row.pk}

        def project_id(key, _client=row.pk):
            return project_ids.get((_client, key)) if key else None

        for i, invoice in enumerate(client.invoices):
            invoices.append(
                db.Invoice(
                    **common,
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
            db.TimeEntry(
                **common,
                position=i,
                project_id=project_id(entry.project),
                on=entry.on,
                hours=entry.hours,
                kind=entry.kind.value,
                note=entry.note,
                extra=entry.extra,
            )
            for i, entry in enumerate(client.time)
        )
        messages.extend(_message_row(message, common, i) for i, message in enumerate(client.messages))
        events.extend(_event_row(event, common, i, project_id(event.project)) for i, event in enumerate(client.events))
    db.Invoice.objects.bulk_create(invoices, batch_size=CHUNK)
    payments, reminders = [], []
    for row, source in zip(invoices, invoice_sources):
        common = {"workspace": workspace, "client_id": row.client_id, "invoice_id": row.pk}
        payments.extend(
            db.Payment(**common, position=i, on=p.on, amount=p.amount, extra=p.extra)
            for i, p in enumerate(source.payments)
        )
        reminders.extend(db.Reminder(**common, position=i, on=on) for i, on in enumerate(source.reminders))
    db.Payment.objects.bulk_create(payments, batch_size=CHUNK)
    db.Reminder.objects.bulk_create(reminders, batch_size=CHUNK)
    db.TimeEntry.objects.bulk_create(times, batch_size=CHUNK)
    db.Message.objects.bulk_create(messages, batch_size=CHUNK)
    db.Event.objects.bulk_create(events, batch_size=CHUNK)


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


def _message_row(message: pf.Message, common: dict, position: int) -> db.Message:
    offset = message.at.utcoffset() or dt.timedelta(0)
    return db.Message(
        **common,
        position=position,
        at=message.at,
        utc_offset_minutes=int(offset.total_seconds() // 60),
        direction=message.direction.value,
        subject=message.subject,
        body=message.body,
        needs_reply=message.needs_reply,
        extra=message.extra,
    )


def _event_row(event: pf.Event, common: dict, position: int, project_id: int | None) -> db.Event:
    return db.Event(
        **common,
        position=position,
        project_id=project_id,
        on=event.on,
        type=event.type.value,
        note=event.note,
        priced=event.priced,
        after_contract=event.after_contract,
        quality=event.quality.value if event.quality else None,
        delay_days=event.delay_days,
        severity=event.severity.value if event.severity else None,
        core=event.core,
        ethics_kind=event.kind.value if event.kind else None,
        topic=event.topic,
        clause=event.clause.value if event.clause else None,
        deadline=event.deadline,
        extra=event.extra,
    )
