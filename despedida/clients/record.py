"""The one adapter from the store to the pure core: a client's rows as the portfolio dataclasses the engines read.

Every reader of the record goes through here: the web pages, the CLI, the
worker, the assessment and the export. Clients load a chunk at a time; each
chunk costs one query per table, whatever the number of clients in it, so
reading 10,000 clients is a few hundred queries, not millions.

It is the hot path of export and assess-all, so rows are fetched as plain
tuples with one hand-written SELECT per table and go straight into the
dataclasses: no model instances, no per-value converter calls but the few a
column needs on its database (a decimal on SQLite, an instant's offset),
each done as Django would do it (`tests/clients/test_record_roundtrip.py`
compares the result with the ORM's reading, field by field).
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.db import connection

from despedida.accounts.models import Workspace
from despedida.clients import models as db
from despedida.core.assessment.thresholds import InvalidThresholds, Thresholds
from despedida.core.collector import collector_paused
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
    """One client's record as portfolio dataclasses (same code path as a whole export).

    Raises `Client.DoesNotExist` when the row is gone (an import replaced it meanwhile).
    """
    for record in _load_chunk([client.pk]):
        return record
    raise db.Client.DoesNotExist(f"client {client.pk} is gone")


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


# -- the queries ---------------------------------------------------------------

# The columns each table is read with, by attribute name, in the order the loaders below unpack them.
COLUMNS = {
    db.Client: (
        "id",
        "key",
        "name",
        "tax_id",
        "stage",
        "language",
        "has_contact",
        "contact_name",
        "contact_email",
        "contact_extra",
        "strategic_value",
        "extra",
    ),
    db.Contract: (
        "client_id",
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
    ),
    db.Project: ("client_id", "id", "key", "name", "status", "started_on", "fee_type", "fee", "extra"),
    db.Milestone: ("project_id", "name", "due_on", "delivered_on", "approved_on", "extra"),
    db.Invoice: ("client_id", "id", "number", "amount", "currency", "issued_on", "due_on", "project_id", "extra"),
    db.Payment: ("invoice_id", "on", "amount", "extra"),
    db.Reminder: ("invoice_id", "on"),
    db.TimeEntry: ("client_id", "on", "hours", "kind", "project_id", "note", "extra"),
    db.Message: (
        "client_id",
        "at",
        "utc_offset_minutes",
        "direction",
        "subject",
        "body",
        "needs_reply",
        "extra",
        "message_id",
        "in_reply_to",
    ),
    db.Event: (
        "client_id",
        "on",
        "type",
        "project_id",
        "note",
        *db.EVENT_DETAIL_COLUMNS,
        "extra",
    ),
}
# Each table's rows grouped by this column, in file order within the group.
GROUPED_BY = {db.Milestone: "project_id", db.Payment: "invoice_id", db.Reminder: "invoice_id"}
# Automatic replies and bounces are shown in the timeline, but they are not the
# client answering: the record the assessment reads (and exports) leaves them out.
ALSO = {db.Message: "auto_reply = ''"}


@cache
def _select(model, vendor: str) -> str:
    """The SELECT of `model`'s columns for a chunk of clients (`{marks}` is the list of their ids)."""
    quote = connection.ops.quote_name
    meta = model._meta
    columns = ", ".join(_column(meta.get_field(name), vendor) for name in COLUMNS[model])
    if model is db.Client:
        return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE id IN ({{marks}}) ORDER BY position, id"
    where = "client_id IN ({marks})" + (f" AND {ALSO[model]}" if model in ALSO else "")
    group = GROUPED_BY.get(model, "client_id")
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where} ORDER BY {group}, position, id"


def _column(field, vendor: str) -> str:
    column = connection.ops.quote_name(field.column)
    if vendor == "sqlite" and field.get_internal_type() in ("DateField", "DateTimeField"):
        # As the text it is kept in: the driver would parse each value on its own, a
        # Python call per value; the loader parses each distinct value once (`_Values`).
        return f"CAST({column} AS TEXT)"
    return column


def _fetch(cursor, model, ids: list[int]) -> list[tuple]:
    cursor.execute(_select(model, connection.vendor).format(marks=", ".join(["%s"] * len(ids))), ids)
    return cursor.fetchall()


def _grouped(rows: list[tuple]) -> dict[int, list[tuple]]:
    """Rows (ordered by their first column) by their first column, in their order."""
    return {key: list(group) for key, group in groupby(rows, _first)}


_first = itemgetter(0)


# -- the values: what a column gives back on each database, turned as Django turns it --


class _Members(dict):
    """An enum's members by value; an unknown value raises as the enum does."""

    def __init__(self, enum, optional: bool = False):
        super().__init__((member.value, member) for member in enum)
        if optional:  # an empty column is no value
            self[None] = self[""] = None
        self.enum = enum

    def __missing__(self, value):
        return self.enum(value)


STAGE, STRATEGIC = _Members(pf.Stage), _Members(pf.StrategicValue)
STATUS, FEE_TYPE, TIME_KIND = _Members(pf.ProjectStatus), _Members(pf.FeeType), _Members(pf.TimeKind)
DIRECTION, EVENT_TYPE = _Members(pf.Direction), _Members(pf.EventType)
QUALITY, SEVERITY = _Members(pf.FeedbackQuality, True), _Members(pf.IncidentSeverity, True)
ETHICS, CLAUSE = _Members(pf.EthicsKind, True), _Members(pf.Clause, True)

_from_db_extra = db.Client._meta.get_field("extra").from_db_value


def _extra(value) -> dict:
    """A row's `extra` (JSON text on both databases): almost always empty, decoded only when not."""
    if value == "{}":
        return {}
    return dict(_from_db_extra(value, None, connection))


class _Values(dict):
    """Stored values and what they read back as, each worked out once per chunk (dates and
    amounts repeat). Zero is never kept: 0 and -0.0 are equal keys but not the same Decimal."""

    def __init__(self, convert):
        super().__init__({None: None})
        self.convert = convert

    def __missing__(self, value):
        found = self.convert(value)
        if value or value is None:
            self[value] = found
        return found


def _same(value):
    return value


def _dates(vendor: str) -> _Values:
    """SQLite keeps a date as its ISO text (read as Django's parse_date reads it); PostgreSQL gives the date."""
    return _Values(dt.date.fromisoformat if vendor == "sqlite" else _same)


def _decimals(model, name: str, vendor: str) -> _Values:
    """SQLite gives a float or an int, made a Decimal exactly as Django's converter makes it;
    PostgreSQL gives the Decimal itself."""
    if vendor != "sqlite":
        return _Values(_same)
    field = model._meta.get_field(name)
    create = decimal.Context(prec=15).create_decimal_from_float
    places = decimal.Decimal(1).scaleb(-field.decimal_places)
    context = decimal.Context(prec=field.max_digits)
    return _Values(lambda value: create(value).quantize(places, context=context))


def _instants(vendor: str):
    """The function turning a stored instant and its offset in minutes into the aware datetime of the file.
    SQLite keeps an instant as naive ISO text in the connection's zone; PostgreSQL gives it aware."""
    zones = _Zones()
    if vendor == "sqlite":
        parse, stored_in = dt.datetime.fromisoformat, connection.timezone if settings.USE_TZ else None
        return lambda value, minutes: parse(value).replace(tzinfo=stored_in).astimezone(zones[minutes])
    return lambda value, minutes: value.astimezone(zones[minutes])


class _Zones(dict):
    """UTC offsets in minutes and their fixed zone, each made once."""

    def __missing__(self, minutes: int) -> dt.timezone:
        zone = self[minutes] = dt.timezone(dt.timedelta(minutes=minutes))
        return zone


# -- the chunk -----------------------------------------------------------------


def _load_chunk(ids: list[int]) -> list[pf.Client]:
    vendor = connection.vendor
    with connection.cursor() as cursor:
        clients = _fetch(cursor, db.Client, ids)
        contracts = {row[0]: row for row in _fetch(cursor, db.Contract, ids)}
        project_rows = _fetch(cursor, db.Project, ids)
        milestones = _grouped(_fetch(cursor, db.Milestone, ids))
        invoice_rows = _fetch(cursor, db.Invoice, ids)
        payments = _grouped(_fetch(cursor, db.Payment, ids))
        reminders = _grouped(_fetch(cursor, db.Reminder, ids))
        times = _grouped(_fetch(cursor, db.TimeEntry, ids))
        messages = _grouped(_fetch(cursor, db.Message, ids))
        events = _grouped(_fetch(cursor, db.Event, ids))

    with collector_paused():
        return _build(
            clients,
            contracts,
            project_rows,
            milestones,
            invoice_rows,
            payments,
            reminders,
            times,
            messages,
            events,
            vendor,
        )


def _build(
    clients, contracts, project_rows, milestones, invoice_rows, payments, reminders, times, messages, events, vendor
) -> list[pf.Client]:
    """The chunk's clients from its rows, each table's rows grouped by the client (or project, invoice) they hang from."""
    Milestone, Payment, Invoice, Project = pf.Milestone, pf.Payment, pf.Invoice, pf.Project
    extra, day, instant = _extra, _dates(vendor), _instants(vendor)
    money, hours = _decimals(db.Invoice, "amount", vendor), _decimals(db.TimeEntry, "hours", vendor)
    project_keys: dict[int | None, str | None] = {None: None}
    projects: dict[int, list[pf.Project]] = defaultdict(list)
    for client_id, pk, key, name, status, started_on, fee_type, fee, x in project_rows:
        project_keys[pk] = key
        projects[client_id].append(
            Project(
                key,
                name,
                STATUS[status],
                day[started_on],
                FEE_TYPE[fee_type],
                money[fee],
                [
                    Milestone(m_name, day[due_on], day[delivered_on], day[approved_on], extra(m_x))
                    for _, m_name, due_on, delivered_on, approved_on, m_x in milestones.get(pk, ())
                ],
                extra(x),
            )
        )
    invoices: dict[int, list[pf.Invoice]] = defaultdict(list)
    for client_id, pk, number, amount, currency, issued_on, due_on, project_id, x in invoice_rows:
        invoices[client_id].append(
            Invoice(
                number,
                money[amount],
                currency,
                day[issued_on],
                day[due_on],
                project_keys.get(project_id),
                [Payment(day[on], money[p_amount], extra(p_x)) for _, on, p_amount, p_x in payments.get(pk, ())],
                [day[on] for _, on in reminders.get(pk, ())],
                extra(x),
            )
        )

    return [
        _client(row, contracts, projects, invoices, times, messages, events, project_keys, day, hours, instant)
        for row in clients
    ]


def _client(row, contracts, projects, invoices, times, messages, events, project_keys, day, hours, instant):
    (
        pk,
        key,
        name,
        tax_id,
        stage,
        language,
        has_contact,
        contact_name,
        contact_email,
        contact_x,
        strategic_value,
        x,
    ) = row
    TimeEntry, Message, Event, extra = pf.TimeEntry, pf.Message, pf.Event, _extra
    contract = contracts.get(pk)
    return pf.Client(
        id=key,
        name=name,
        tax_id=tax_id or None,
        stage=STAGE[stage],
        language=language or None,
        contact=pf.Contact(contact_name, contact_email, extra(contact_x)) if has_contact else None,
        strategic_value=STRATEGIC[strategic_value],
        contract=None if contract is None else _contract(contract, day),
        projects=projects.get(pk, []),
        invoices=invoices.get(pk, []),
        time=[
            TimeEntry(
                day[on],
                hours[h],
                TIME_KIND[kind],
                project_keys.get(project_id),
                note,
                {} if t_x == "{}" else extra(t_x),
            )
            for _, on, h, kind, project_id, note, t_x in times.get(pk, ())
        ],
        messages=[
            Message(
                instant(at, minutes),
                DIRECTION[direction],
                subject,
                body,
                needs_reply,
                {} if m_x == "{}" else extra(m_x),
                message_id or None,
                in_reply_to or None,
            )
            for _, at, minutes, direction, subject, body, needs_reply, m_x, message_id, in_reply_to in messages.get(
                pk, ()
            )
        ],
        events=[
            Event(
                day[on],
                EVENT_TYPE[type_],
                project_keys.get(project_id),
                note,
                priced,
                after_contract,
                QUALITY[quality],
                delay_days,
                SEVERITY[severity],
                core,
                ETHICS[ethics_kind],
                topic,
                CLAUSE[clause],
                day[deadline],
                extra(e_x),
            )
            for (
                _,
                on,
                type_,
                project_id,
                note,
                priced,
                after_contract,
                quality,
                delay_days,
                severity,
                core,
                ethics_kind,
                topic,
                clause,
                deadline,
                e_x,
            ) in events.get(pk, ())
        ],
        extra=extra(x),
    )


def _contract(row: tuple, day: _Values) -> pf.Contract:
    (
        _,
        signed_on,
        scope_defined,
        deposit_requested,
        deposit_paid_on,
        deposit_refused,
        late_fee_clause,
        change_order_clause,
        silence_approval_days,
        notice_days,
        x,
    ) = row
    return pf.Contract(
        day[signed_on],
        scope_defined,
        deposit_requested,
        day[deposit_paid_on],
        deposit_refused,
        late_fee_clause,
        change_order_clause,
        silence_approval_days,
        notice_days,
        _extra(x),
    )
