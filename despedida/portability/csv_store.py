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

import datetime as dt
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
from despedida.csv_import.records import InvoiceRecord, PaymentRecord, TimeRecord
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
            "new_invoices", "updated_invoices", "unchanged_invoices", "now_paid", "credit_notes",
            "credit_notes_unmatched", "new_payments", "unchanged_payments", "new_time", "unchanged_time",
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
    known = [Known(key, name, tax_id) for key, name, tax_id in
             db.Client.objects.in_workspace(workspace).values_list("key", "name", "tax_id")]
    aliases = dict(
        db.ClientAlias.objects.in_workspace(workspace).values_list("name", "client__key")
    )
    return Plan(reading=reading, matches=match_clients(names, known, aliases))


class _Rollback(Exception):
    pass


def apply_import(
    workspace, plan: Plan, *, file_name: str, accepted: set[str] | None = None, accept_all: bool = False,
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
            writer = {Kind.INVOICES: _write_invoices, Kind.PAYMENTS: _write_payments, Kind.TIME: _write_time}
            writer[plan.reading.kind](workspace, plan.reading.records, clients, summary)
            if summary.changed:
                CsvImport.objects.create(
                    workspace=workspace, kind=plan.reading.kind.value, file_name=file_name[:255],
                    preset=plan.reading.mapping.name, summary=summary.counts(),
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
                    workspace=workspace, key=_unique_key(name, taken), name=name, tax_id=match.tax_id,
                    position=len(taken),
                )
            pairs_of_new[pair] = key
            continue
        if match.tax_id and match.how is not How.TAX_ID:
            tax_ids_to_fill.setdefault(result[pair], match.tax_id)
    # In bulk, without signals: the clients an import touches are assessed once, at its end.
    db.Client.objects.bulk_create(list(created.values()), batch_size=CHUNK)
    if created and any(c.pk is None for c in created.values()):  # a backend that returns no ids
        keys = dict(db.Client.objects.in_workspace(workspace).filter(
            key__in=[c.key for c in created.values()]).values_list("key", "pk"))
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


# -- invoices -------------------------------------------------------------------------------


def _write_invoices(workspace, records: list[InvoiceRecord], clients, summary: Summary) -> None:
    currency = workspace.currency
    invoices = [r for r in records if not r.is_credit_note]
    credits = [r for r in records if r.is_credit_note]
    by_client: dict[int, dict[str, InvoiceRecord]] = defaultdict(dict)
    for record in invoices:
        by_client[clients[(record.client, record.tax_id)]][record.number] = record
    existing = _existing_invoices(workspace, set(by_client))
    credited = _apply_credit_notes(credits, clients, by_client, existing, summary)

    new_rows, new_sources, updates = [], [], []
    for client_pk, numbers in by_client.items():
        for number, record in numbers.items():
            amount = max(ZERO, record.total + sum((c.total for c in credited.get((client_pk, number), [])), ZERO))
            extra = _invoice_extra(record, credited.get((client_pk, number), []))
            stored = existing.get((client_pk, number))
            if stored is None:
                new_rows.append(db.Invoice(
                    workspace=workspace, client_id=client_pk, number=number, issued_on=record.issued_on,
                    due_on=record.due_on, amount=amount, currency=record.currency or currency, extra=extra,
                    position=0,
                ))
                new_sources.append(record)
                summary.new_invoices += 1
                summary.credit_notes += len(credited.get((client_pk, number), []))
                summary.affected.add(client_pk)
                if _payments_of(record, amount):
                    summary.now_paid += 1 if _total(_payments_of(record, amount)) >= amount else 0
                continue
            row = stored.invoice
            applied_before = {c["id"] for c in row.extra.get("credit_notes", [])}
            if _update_invoice(stored, record, amount, extra, currency, summary):
                updates.append(row)
                summary.credit_notes += sum(
                    1 for c in credited.get((client_pk, number), []) if c.number not in applied_before
                )
                summary.affected.add(client_pk)
    db.Invoice.objects.bulk_create(new_rows, batch_size=CHUNK)
    payments, reminders = [], []
    for row, record in zip(new_rows, new_sources):
        payments += _payment_rows(workspace.pk, row, _payments_of(record, row.amount))
        reminders += [db.Reminder(workspace=workspace, client_id=row.client_id, invoice=row, on=on, extra={"csv": True})
                      for on in sorted(set(record.reminders))]
    db.Payment.objects.bulk_create(payments, batch_size=CHUNK)
    db.Reminder.objects.bulk_create(reminders, batch_size=CHUNK)
    db.Invoice.objects.bulk_update(updates, ["issued_on", "due_on", "amount", "currency", "extra"], batch_size=CHUNK)


@dataclass
class _Stored:
    """A stored invoice with its payments and reminders as plain tuples (no prefetch machinery:
    a 100,000-invoice export is compared in a few queries)."""

    invoice: db.Invoice
    payments: list[tuple] = field(default_factory=list)  # (pk, on, amount, extra)
    reminders: list[tuple] = field(default_factory=list)  # (pk, on, extra)


def _existing_invoices(workspace, client_pks: set[int]) -> dict[tuple[int, str], _Stored]:
    found: dict[tuple[int, str], _Stored] = {}
    by_pk: dict[int, _Stored] = {}
    pks = sorted(client_pks)
    for start in range(0, len(pks), CHUNK):
        for row in db.Invoice.objects.in_workspace(workspace).filter(client_id__in=pks[start:start + CHUNK]):
            found[(row.client_id, row.number)] = by_pk[row.pk] = _Stored(row)
    invoice_pks = sorted(by_pk)
    for start in range(0, len(invoice_pks), CHUNK):
        chunk = invoice_pks[start:start + CHUNK]
        for pk, invoice_id, on, amount, extra in db.Payment.objects.filter(invoice_id__in=chunk).values_list(
            "pk", "invoice_id", "on", "amount", "extra"
        ):
            by_pk[invoice_id].payments.append((pk, on, amount, extra))
        for pk, invoice_id, on, extra in db.Reminder.objects.filter(invoice_id__in=chunk).values_list(
            "pk", "invoice_id", "on", "extra"
        ):
            by_pk[invoice_id].reminders.append((pk, on, extra))
    return found


def _apply_credit_notes(credits, clients, by_client, existing, summary: Summary) -> dict[tuple[int, str], list]:
    """Which invoice each credit note corrects: the one it names, else the client's invoice of the
    same amount issued before it. A credit note that fits none is left out and counted."""
    credited: dict[tuple[int, str], list[InvoiceRecord]] = defaultdict(list)
    for credit in sorted(credits, key=lambda c: c.issued_on):
        client_pk = clients[(credit.client, credit.tax_id)]
        candidates = by_client.get(client_pk, {})
        target = credit.corrects if credit.corrects in candidates else None
        if target is None and not credit.corrects:
            for number, record in candidates.items():
                if record.total == -credit.total and record.issued_on <= credit.issued_on and (client_pk, number) not in credited:
                    target = number
                    break
        if target is None:
            summary.credit_notes_unmatched += 1
            continue
        credited[(client_pk, target)].append(credit)
    if summary.credit_notes_unmatched:
        summary.notices.append(Notice("credit_notes_unmatched", {"count": summary.credit_notes_unmatched}))
    return credited


def _invoice_extra(record: InvoiceRecord, credits: list[InvoiceRecord]) -> dict:
    extra: dict = {}
    if record.subtotal is not None:
        extra["amount_before_tax"] = str(record.subtotal)
    if credits:
        extra["credit_notes"] = [
            {"id": c.number, "issued_on": c.issued_on.isoformat(), "amount": str(c.total)} for c in credits
        ]
    return extra


def _payments_of(record: InvoiceRecord, amount: Decimal) -> list[tuple[dt.date, Decimal, bool]]:
    if record.paid_amount is None or record.paid_on is None or amount <= 0:
        return []
    return [(record.paid_on, min(record.paid_amount, amount), record.paid_on_assumed)]


def _total(payments) -> Decimal:
    return sum((p[1] for p in payments), ZERO)


def _payment_rows(workspace_id: int, invoice: db.Invoice, payments) -> list[db.Payment]:
    rows = []
    for on, amount, assumed in payments:
        extra = {"csv": True, "date_assumed": True} if assumed else {"csv": True}
        rows.append(db.Payment(workspace_id=workspace_id, client_id=invoice.client_id, invoice=invoice, on=on,
                               amount=amount, extra=extra))
    return rows


def _update_invoice(stored: _Stored, record: InvoiceRecord, amount, extra, currency, summary: Summary) -> bool:
    """Bring a stored invoice in line with the file; True when anything changed."""
    row = stored.invoice
    payments = stored.payments
    from_file = [p for p in payments if p[3].get("csv")]
    by_hand = [p for p in payments if not p[3].get("csv")]
    # Payments imported from a payments export are real: they stand over the invoice file's guess.
    real_imported = [p for p in from_file if "csv_id" in p[3]]
    wanted = [] if real_imported else _payments_of(record, amount)
    replaceable = [p for p in from_file if "csv_id" not in p[3]]
    paid_before = sum((p[2] for p in payments), ZERO) >= row.amount > 0
    merged_extra = {**{k: v for k, v in row.extra.items() if k not in ("amount_before_tax", "credit_notes")}, **extra}
    same_payments = sorted((p[1], p[2]) for p in replaceable) == sorted((on, a) for on, a, _ in wanted)
    file_reminders = [r for r in stored.reminders if r[2].get("csv")]
    same_reminders = sorted({r[1] for r in file_reminders}) == sorted(set(record.reminders))
    same = (
        row.issued_on == record.issued_on and row.due_on == record.due_on and row.amount == amount
        and row.currency == (record.currency or currency) and row.extra == merged_extra
        and same_payments and same_reminders
    )
    if same:
        summary.unchanged_invoices += 1
        return False
    row.issued_on, row.due_on, row.amount = record.issued_on, record.due_on, amount
    row.currency, row.extra = record.currency or currency, merged_extra
    if not same_payments:
        db.Payment.objects.filter(pk__in=[p[0] for p in replaceable]).delete()
        db.Payment.objects.bulk_create(_payment_rows(row.workspace_id, row, wanted))
    if not same_reminders:
        db.Reminder.objects.filter(pk__in=[r[0] for r in file_reminders]).delete()
        db.Reminder.objects.bulk_create([
            db.Reminder(workspace_id=row.workspace_id, client_id=row.client_id, invoice=row, on=on, extra={"csv": True})
            for on in sorted(set(record.reminders))
        ])
    paid_after = _total(wanted) + sum((p[2] for p in by_hand + real_imported), ZERO) >= amount > 0
    summary.updated_invoices += 1
    if paid_after and not paid_before:
        summary.now_paid += 1
    return True


# -- payments -------------------------------------------------------------------------------


def _write_payments(workspace, records: list[PaymentRecord], clients, summary: Summary) -> None:
    numbers = {r.invoice for r in records}
    invoices: dict[str, list[db.Invoice]] = defaultdict(list)
    for row in db.Invoice.objects.in_workspace(workspace).filter(number__in=numbers).prefetch_related("payments"):
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
        new_rows.append(db.Payment(workspace=workspace, client_id=invoice.client_id, invoice=invoice, on=record.on,
                                   amount=record.amount, extra={"csv": True, "csv_id": record.id}))
        summary.new_payments += 1
        summary.affected.add(invoice.client_id)
    if problems:
        raise CsvError(problems)
    paid_before = {pk: sum((p.amount for p in inv.payments.all()), ZERO) >= inv.amount > 0 for pk, inv in touched.items()}
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
        .filter(client_id__in=client_pks).values_list("pk", "client_id", "name")
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
        rows.append(db.TimeEntry(
            workspace=workspace, client_id=client_pk, project_id=project_pk, on=record.on, hours=record.hours,
            kind=db.TimeKind.WORK, note=record.note or None, extra=extra,
        ))
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
