"""Write the records read from a CSV export into the store: all or nothing, idempotent.

`plan_import` pairs the file's clients with the workspace's (tax id, remembered
alias, same name once the legal form is set aside; close names wait for a
confirmation; the rest are new). `apply_import` then writes, in one
transaction: an invoice is found again by its number within its client and
updated only where the file changed; a time entry or payment by its stable id
(kept in `extra["csv_id"]`). What the file says was paid lands as payments
marked `extra["csv"]`, so a later export replaces them and nothing typed by
hand. Importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from despedida.clients import models as db
from despedida.csv_import.fields import Kind
from despedida.csv_import.matching import How, Known, Match, match_clients, normalize_name, normalize_tax_id
from despedida.csv_import.problems import CsvError, Problem
from despedida.csv_import.reading import Notice, Reading
from despedida.csv_import.records import PaymentRecord, TimeRecord
from despedida.portability.csv_invoices import write_invoices
from despedida.portability.models import CsvImport

CHUNK = 1000
ZERO = Decimal(0)


@dataclass
class Plan:
    reading: Reading
    matches: dict[tuple[str, str], Match]

    @property
    def to_confirm(self) -> list[Match]:
        return sorted((m for m in self.matches.values() if m.needs_confirmation), key=lambda m: m.name.casefold())

    @property
    def new_clients(self) -> list[Match]:
        """One per client to create (two spellings of one new name are one client)."""
        seen, found = set(), []
        for match in sorted(self.matches.values(), key=lambda m: m.name.casefold()):
            if match.how is How.NEW and _new_key(match) not in seen:
                seen.add(_new_key(match))
                found.append(match)
        return found


@dataclass
class Summary:
    kind: str
    new_invoices: int = 0
    updated_invoices: int = 0
    unchanged_invoices: int = 0
    now_paid: int = 0
    credit_notes: int = 0
    credit_notes_unmatched: int = 0
    new_payments: int = 0
    unchanged_payments: int = 0
    new_time: int = 0
    unchanged_time: int = 0
    hours: Decimal = ZERO
    new_clients: int = 0
    affected: set[int] = field(default_factory=set)  # client pks whose record changed
    notices: list[Notice] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.affected) or self.new_clients > 0

    def counts(self) -> dict:
        """The numbers, for CsvImport.summary and `--format json`."""
        names = (
            "new_invoices",
            "updated_invoices",
            "unchanged_invoices",
            "now_paid",
            "credit_notes",
            "credit_notes_unmatched",
            "new_payments",
            "unchanged_payments",
            "new_time",
            "unchanged_time",
            "new_clients",
        )
        counts = {name: getattr(self, name) for name in names}
        counts["hours"] = str(self.hours)
        counts["clients_affected"] = len(self.affected)
        return counts


class NeedsConfirmation(Exception):
    """Close names the owner has not confirmed; nothing was written."""

    def __init__(self, matches: list[Match]) -> None:
        self.matches = matches
        super().__init__(", ".join(m.name for m in matches))


def _new_key(match: Match) -> str:
    return "tax:" + normalize_tax_id(match.tax_id) if match.tax_id else "name:" + normalize_name(match.name)


def file_clients(reading: Reading) -> list[tuple[str, str]]:
    """The distinct (name, tax id) pairs of the file's records, in file order."""
    seen: dict[tuple[str, str], None] = {}
    for record in reading.records:
        if record.client or record.tax_id:  # a payment may name only its invoice
            seen.setdefault((record.client, record.tax_id), None)
    return list(seen)


def plan_import(workspace, reading: Reading) -> Plan:
    names = file_clients(reading)
    known = [
        Known(key, name, tax_id)
        for key, name, tax_id in db.Client.objects.in_workspace(workspace).values_list("key", "name", "tax_id")
    ]
    aliases = dict(db.ClientAlias.objects.in_workspace(workspace).values_list("name", "client__key"))
    return Plan(reading=reading, matches=match_clients(names, known, aliases))


class _Rollback(Exception):
    pass


def apply_import(
    workspace,
    plan: Plan,
    *,
    file_name: str,
    accepted: set[str] | None = None,
    accept_all: bool = False,
    dry_run: bool = False,
) -> Summary:
    """Write the plan's records. `accepted` holds the file names of the close matches confirmed;
    the others become new clients. NeedsConfirmation when there are close matches and neither
    is given; CsvError when a record cannot be placed (a payment for an unknown invoice)."""
    pending = plan.to_confirm
    if pending and accepted is None and not accept_all:
        raise NeedsConfirmation(pending)
    accepted = {m.name for m in pending} if accept_all else (accepted or set())
    summary = Summary(kind=plan.reading.kind.value, notices=list(plan.reading.notices))
    try:
        with transaction.atomic():
            clients = _resolve_clients(workspace, plan, accepted, summary)
            writer = {Kind.INVOICES: write_invoices, Kind.PAYMENTS: _write_payments, Kind.TIME: _write_time}
            writer[plan.reading.kind](workspace, plan.reading.records, clients, summary)
            if summary.changed:
                CsvImport.objects.create(
                    workspace=workspace,
                    kind=plan.reading.kind.value,
                    file_name=file_name[:255],
                    preset=plan.reading.mapping.name,
                    summary=summary.counts(),
                )
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return summary


# -- clients --------------------------------------------------------------------------------


def _resolve_clients(workspace, plan: Plan, accepted: set[str], summary: Summary) -> dict[tuple[str, str], int]:
    """(name, tax id) of the file -> client pk, creating new clients and remembering confirmed names."""
    by_key = dict(db.Client.objects.in_workspace(workspace).values_list("key", "pk"))
    taken = set(by_key)
    created: dict[str, db.Client] = {}
    pairs_of_new: dict[tuple[str, str], str] = {}
    result: dict[tuple[str, str], int] = {}
    tax_ids_to_fill: dict[int, str] = {}
    for pair, match in plan.matches.items():
        if match.how is How.FUZZY and match.name in accepted:
            result[pair] = by_key[match.key]
            db.ClientAlias.objects.update_or_create(
                workspace=workspace, name=normalize_name(match.name), defaults={"client_id": by_key[match.key]}
            )
        elif match.how in (How.TAX_ID, How.ALIAS, How.NAME):
            result[pair] = by_key[match.key]
        else:
            key = _new_key(match)
            if key not in created:
                name = match.name or match.tax_id
                created[key] = db.Client(
                    workspace=workspace,
                    key=_unique_key(name, taken),
                    name=name,
                    tax_id=match.tax_id,
                    position=len(taken),
                )
            pairs_of_new[pair] = key
            continue
        if match.tax_id and match.how is not How.TAX_ID:
            tax_ids_to_fill.setdefault(result[pair], match.tax_id)
    # In bulk, without signals: the clients an import touches are assessed once, at its end.
    db.Client.objects.bulk_create(list(created.values()), batch_size=CHUNK)
    if created and any(c.pk is None for c in created.values()):  # a backend that returns no ids
        keys = dict(
            db.Client.objects.in_workspace(workspace)
            .filter(key__in=[c.key for c in created.values()])
            .values_list("key", "pk")
        )
        for client in created.values():
            client.pk = keys[client.key]
    for pair, key in pairs_of_new.items():
        result[pair] = created[key].pk
    summary.new_clients += len(created)
    summary.affected.update(c.pk for c in created.values())
    # A client matched by name learns the tax id the file gives it, when it had none.
    for pk, tax_id in tax_ids_to_fill.items():
        db.Client.objects.in_workspace(workspace).filter(pk=pk, tax_id="").update(tax_id=tax_id)
    return result


def _unique_key(name: str, taken: set[str]) -> str:
    base = slugify(name)[:100] or "client"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


# -- payments -------------------------------------------------------------------------------


def _write_payments(workspace, records: list[PaymentRecord], clients, summary: Summary) -> None:
    numbers = sorted({r.invoice for r in records})
    invoices: dict[str, list[db.Invoice]] = defaultdict(list)
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        for row in db.Invoice.objects.in_workspace(workspace).filter(number__in=chunk).prefetch_related("payments"):
            invoices[row.number].append(row)
    known_ids = _csv_ids(db.Payment.objects.in_workspace(workspace))
    problems, new_rows, touched = [], [], {}
    for record in records:
        candidates = invoices.get(record.invoice, [])
        if record.client or record.tax_id:
            client_pk = clients.get((record.client, record.tax_id))
            candidates = [i for i in candidates if i.client_id == client_pk] or candidates
        if len(candidates) != 1:
            code = "unknown_invoice" if not candidates else "ambiguous_invoice"
            problems.append(Problem(code, {"number": record.invoice}, row=record.row))
            continue
        invoice = candidates[0]
        if record.id in known_ids:
            summary.unchanged_payments += 1
            continue
        known_ids.add(record.id)
        touched.setdefault(invoice.pk, invoice)
        new_rows.append(
            db.Payment(
                workspace=workspace,
                client_id=invoice.client_id,
                invoice=invoice,
                on=record.on,
                amount=record.amount,
                extra={"csv": True, "csv_id": record.id},
            )
        )
        summary.new_payments += 1
        summary.affected.add(invoice.client_id)
    if problems:
        raise CsvError(problems)
    paid_before = {
        pk: sum((p.amount for p in inv.payments.all()), ZERO) >= inv.amount > 0 for pk, inv in touched.items()
    }
    # A payment with its date replaces the one an invoice file could only assume.
    db.Payment.objects.filter(invoice_id__in=list(touched), extra__date_assumed=True).delete()
    db.Payment.objects.bulk_create(new_rows, batch_size=CHUNK)
    for pk, invoice in touched.items():
        paid = sum(db.Payment.objects.filter(invoice_id=pk).values_list("amount", flat=True), ZERO)
        if paid >= invoice.amount > 0 and not paid_before[pk]:
            summary.now_paid += 1


# -- time -----------------------------------------------------------------------------------


def _write_time(workspace, records: list[TimeRecord], clients, summary: Summary) -> None:
    known_ids = _csv_ids(db.TimeEntry.objects.in_workspace(workspace))
    client_pks = set(clients.values())
    projects = {
        (client_id, name.casefold()): pk
        for pk, client_id, name in db.Project.objects.in_workspace(workspace)
        .filter(client_id__in=client_pks)
        .values_list("pk", "client_id", "name")
    }
    rows = []
    for record in records:
        if record.id in known_ids:
            summary.unchanged_time += 1
            continue
        known_ids.add(record.id)
        client_pk = clients[(record.client, record.tax_id)]
        project_pk = projects.get((client_pk, record.project.casefold())) if record.project else None
        extra = {"csv_id": record.id}
        if record.project and project_pk is None:
            extra["project_name"] = record.project
        rows.append(
            db.TimeEntry(
                workspace=workspace,
                client_id=client_pk,
                project_id=project_pk,
                on=record.on,
                hours=record.hours,
                kind=db.TimeKind.WORK,
                note=record.note or None,
                extra=extra,
            )
        )
        summary.new_time += 1
        summary.hours += record.hours
        summary.affected.add(client_pk)
    db.TimeEntry.objects.bulk_create(rows, batch_size=CHUNK)


def _csv_ids(rows) -> set[str]:
    """The stable ids of the rows an earlier CSV import wrote."""
    # The whole `extra` is read: a key looked up in SQL comes back undecoded on SQLite.
    return {extra["csv_id"] for extra in rows.filter(extra__has_key="csv_id").values_list("extra", flat=True)}


def reassess(workspace, client_pks: set[int]) -> None:
    """Assess again the clients an import changed (the whole workspace when many did)."""
    from despedida.assessment.stored import recompute_client, recompute_workspace

    if not client_pks:
        return
    if len(client_pks) > 20:
        recompute_workspace(workspace)
        return
    for client in db.Client.objects.in_workspace(workspace).filter(pk__in=client_pks):
        recompute_client(client)
