"""Invoices from a CSV export into the store: new ones created, known ones updated where the file changed.

An invoice is found again by its number within its client. What the file
says was paid lands as payments marked `extra["csv"]` (a later export
replaces them, never a payment typed by hand, and never one a payments
export brought with its real date). Credit notes lower the amount due of the
invoice they correct. Called by `csv_store.apply_import`, inside its
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from despedida.clients import models as db
from despedida.csv_import.reading import Notice
from despedida.csv_import.records import InvoiceRecord

if TYPE_CHECKING:
    from despedida.portability.csv_store import Summary

CHUNK = 1000
ZERO = Decimal(0)


def write_invoices(workspace, records: list[InvoiceRecord], clients, summary: Summary) -> None:
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
                new_rows.append(
                    db.Invoice(
                        workspace=workspace,
                        client_id=client_pk,
                        number=number,
                        issued_on=record.issued_on,
                        due_on=record.due_on,
                        amount=amount,
                        currency=record.currency or currency,
                        extra=extra,
                        position=0,
                    )
                )
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
        reminders += [
            db.Reminder(workspace=workspace, client_id=row.client_id, invoice=row, on=on, extra={"csv": True})
            for on in sorted(set(record.reminders))
        ]
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
        for row in db.Invoice.objects.in_workspace(workspace).filter(client_id__in=pks[start : start + CHUNK]):
            found[(row.client_id, row.number)] = by_pk[row.pk] = _Stored(row)
    invoice_pks = sorted(by_pk)
    for start in range(0, len(invoice_pks), CHUNK):
        chunk = invoice_pks[start : start + CHUNK]
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
                if (
                    record.total == -credit.total
                    and record.issued_on <= credit.issued_on
                    and (client_pk, number) not in credited
                ):
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
        rows.append(
            db.Payment(
                workspace_id=workspace_id,
                client_id=invoice.client_id,
                invoice=invoice,
                on=on,
                amount=amount,
                extra=extra,
            )
        )
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
        row.issued_on == record.issued_on
        and row.due_on == record.due_on
        and row.amount == amount
        and row.currency == (record.currency or currency)
        and row.extra == merged_extra
        and same_payments
        and same_reminders
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
        db.Reminder.objects.bulk_create(
            [
                db.Reminder(
                    workspace_id=row.workspace_id, client_id=row.client_id, invoice=row, on=on, extra={"csv": True}
                )
                for on in sorted(set(record.reminders))
            ]
        )
    paid_after = _total(wanted) + sum((p[2] for p in by_hand + real_imported), ZERO) >= amount > 0
    summary.updated_invoices += 1
    if paid_after and not paid_before:
        summary.now_paid += 1
    return True
