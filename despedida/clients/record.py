"""The one adapter from the store to the pure core: a client's rows as the portfolio dataclasses the engines read.

Every reader of the record goes through here: the web pages, the CLI, the
worker, the assessment and the export. Clients load a chunk at a time; each
chunk costs one query per table, whatever the number of clients in it, so
reading 10,000 clients is a few hundred queries, not millions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import logging

from despedida.accounts.models import Workspace
from despedida.core.assessment.thresholds import InvalidThresholds, Thresholds
from despedida.clients import models as db
from despedida.core.portfolio import model as pf

CHUNK = 1000

logger = logging.getLogger("despedida.clients.record")


def business_of(workspace: Workspace) -> pf.Business:
    return pf.Business(
        currency=workspace.currency,
        name=workspace.name,
        language=workspace.language,
        timezone=workspace.timezone,
        target_hourly_rate=workspace.target_hourly_rate,
        payment_terms_days=workspace.payment_terms_days,
        extra=dict(workspace.business_extra),
    )


def header_of(workspace: Workspace, as_of: dt.date) -> pf.Portfolio:
    return pf.Portfolio(business=business_of(workspace), as_of=as_of, extra=dict(workspace.portfolio_extra))


def iter_clients(workspace: Workspace, client_ids: list[int] | None = None) -> Iterator[pf.Client]:
    """Every client of the workspace (or those of `client_ids`), in file order."""
    rows = db.Client.objects.in_workspace(workspace).order_by("position", "id")
    if client_ids is not None:
        rows = rows.filter(pk__in=client_ids)
    ids = list(rows.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield from _load_chunk(ids[start : start + CHUNK])


def load_client(client: db.Client) -> pf.Client:
    """One client's record as portfolio dataclasses (same code path as a whole export)."""
    return next(_load_chunk([client.pk]))


def portfolio_for(client: db.Client, as_of: dt.date) -> tuple[pf.Portfolio, pf.Client]:
    """The one-client portfolio the engines read, as of `as_of`."""
    record = load_client(client)
    portfolio = header_of(client.workspace, as_of)
    portfolio.clients.append(record)
    return portfolio, record


def thresholds_of(workspace: Workspace) -> Thresholds:
    """The workspace's thresholds. Stored overrides that no longer validate (the settings form refuses
    them, so only a hand edit of the database gets there) are logged and the defaults are used, so that
    no page and no worker pass fails on them."""
    try:
        return Thresholds.from_mapping(workspace.thresholds or {})
    except InvalidThresholds as exc:
        logger.warning("Workspace %s: stored thresholds ignored, defaults used (%s)", workspace.slug, exc)
        return Thresholds()


def _grouped(queryset, key: str = "client_id") -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for row in queryset:
        groups[getattr(row, key)].append(row)
    return groups


def _fields(model, *extra: str) -> list[str]:
    """Every concrete column of `model` by attribute name (foreign keys as `<name>_id`)."""
    return ["pk", *(f.attname for f in model._meta.concrete_fields if f.attname != "id"), *extra]


# Rows are read as named tuples, not model instances: a tenth of the cost for
# the two million rows of a large workspace.
FIELDS = {model: _fields(model) for model in (
    db.Client, db.Contract, db.Project, db.Milestone, db.Invoice, db.Payment, db.Reminder,
    db.TimeEntry, db.Message, db.Event,
)}


def _rows(model, **lookup):
    return model.objects.filter(**lookup).values_list(*FIELDS[model], named=True)


def _load_chunk(ids: list[int]) -> Iterator[pf.Client]:
    clients = _rows(db.Client, pk__in=ids).order_by("position", "id")
    contracts = {c.client_id: c for c in _rows(db.Contract, client_id__in=ids)}
    projects = _grouped(_rows(db.Project, client_id__in=ids).order_by("client_id", "position", "id"))
    project_keys = {p.pk: p.key for group in projects.values() for p in group}
    milestones = _grouped(_rows(db.Milestone, client_id__in=ids).order_by("project_id", "position", "id"), "project_id")
    invoices = _grouped(_rows(db.Invoice, client_id__in=ids).order_by("client_id", "position", "id"))
    payments = _grouped(_rows(db.Payment, client_id__in=ids).order_by("invoice_id", "position", "id"), "invoice_id")
    reminders = _grouped(_rows(db.Reminder, client_id__in=ids).order_by("invoice_id", "position", "id"), "invoice_id")
    times = _grouped(_rows(db.TimeEntry, client_id__in=ids).order_by("client_id", "position", "id"))
    # Automatic replies and bounces are shown in the timeline, but they are not the
    # client answering: the record the assessment reads (and exports) leaves them out.
    messages = _grouped(
        _rows(db.Message, client_id__in=ids, auto_reply="").order_by("client_id", "position", "id")
    )
    events = _grouped(_rows(db.Event, client_id__in=ids).order_by("client_id", "position", "id"))

    for row in clients:
        contract = contracts.get(row.pk)
        yield pf.Client(
            id=row.key,
            name=row.name,
            tax_id=row.tax_id or None,
            stage=pf.Stage(row.stage),
            language=row.language or None,
            contact=(
                pf.Contact(name=row.contact_name, email=row.contact_email, extra=dict(row.contact_extra))
                if row.has_contact
                else None
            ),
            strategic_value=pf.StrategicValue(row.strategic_value),
            contract=_contract(contract) if contract else None,
            projects=[_project(p, milestones.get(p.pk, [])) for p in projects.get(row.pk, [])],
            invoices=[
                _invoice(i, project_keys, payments.get(i.pk, []), reminders.get(i.pk, []))
                for i in invoices.get(row.pk, [])
            ],
            time=[_time(t, project_keys) for t in times.get(row.pk, [])],
            messages=[_message(m) for m in messages.get(row.pk, [])],
            events=[_event(e, project_keys) for e in events.get(row.pk, [])],
            extra=dict(row.extra),
        )


def _contract(c: db.Contract) -> pf.Contract:
    return pf.Contract(
        signed_on=c.signed_on,
        scope_defined=c.scope_defined,
        deposit_requested=c.deposit_requested,
        deposit_paid_on=c.deposit_paid_on,
        deposit_refused=c.deposit_refused,
        late_fee_clause=c.late_fee_clause,
        change_order_clause=c.change_order_clause,
        silence_approval_days=c.silence_approval_days,
        notice_days=c.notice_days,
        extra=dict(c.extra),
    )


def _project(p: db.Project, milestones: list[db.Milestone]) -> pf.Project:
    return pf.Project(
        id=p.key,
        name=p.name,
        status=pf.ProjectStatus(p.status),
        started_on=p.started_on,
        fee_type=pf.FeeType(p.fee_type),
        fee=p.fee,
        milestones=[
            pf.Milestone(
                name=m.name, due_on=m.due_on, delivered_on=m.delivered_on, approved_on=m.approved_on, extra=dict(m.extra)
            )
            for m in milestones
        ],
        extra=dict(p.extra),
    )


def _invoice(i: db.Invoice, project_keys: dict, payments: list, reminders: list) -> pf.Invoice:
    return pf.Invoice(
        id=i.number,
        amount=i.amount,
        currency=i.currency,
        issued_on=i.issued_on,
        due_on=i.due_on,
        project=project_keys.get(i.project_id),
        payments=[pf.Payment(on=p.on, amount=p.amount, extra=dict(p.extra)) for p in payments],
        reminders=[r.on for r in reminders],
        extra=dict(i.extra),
    )


def _time(t: db.TimeEntry, project_keys: dict) -> pf.TimeEntry:
    return pf.TimeEntry(
        on=t.on,
        hours=t.hours,
        kind=pf.TimeKind(t.kind),
        project=project_keys.get(t.project_id),
        note=t.note,
        extra=dict(t.extra),
    )


def _message(m: db.Message) -> pf.Message:
    zone = dt.timezone(dt.timedelta(minutes=m.utc_offset_minutes))
    return pf.Message(
        at=m.at.astimezone(zone),
        direction=pf.Direction(m.direction),
        subject=m.subject,
        body=m.body,
        needs_reply=m.needs_reply,
        extra=dict(m.extra),
        message_id=m.message_id or None,
        in_reply_to=m.in_reply_to or None,
    )


def _event(e: db.Event, project_keys: dict) -> pf.Event:
    return pf.Event(
        on=e.on,
        type=pf.EventType(e.type),
        project=project_keys.get(e.project_id),
        note=e.note,
        priced=e.priced,
        after_contract=e.after_contract,
        quality=pf.FeedbackQuality(e.quality) if e.quality else None,
        delay_days=e.delay_days,
        severity=pf.IncidentSeverity(e.severity) if e.severity else None,
        core=e.core,
        kind=pf.EthicsKind(e.ethics_kind) if e.ethics_kind else None,
        topic=e.topic,
        clause=pf.Clause(e.clause) if e.clause else None,
        deadline=e.deadline,
        extra=dict(e.extra),
    )
