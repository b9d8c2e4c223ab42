"""A client's dossier: one PDF a lawyer can read, and a ZIP with the letters as sent and the record as data.

The PDF has a cover (who, what, the amounts owed today), the contract's
facts, a chronological record of every invoice, payment, reminder, message
(headers and the first words only), event, plan step and letter, then the
letters themselves; it prints the audit log's head hash and length, so the
record can later be shown unchanged since (docs/documents.md). The ZIP adds
every sent letter as an .eml and the client's part of the portfolio as a
portfolio file (`despedida.portfolio/1`, the same writer as `despedida export`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime

from django.utils import translation
from django.utils.translation import gettext as _

from despedida.accounts import clock
from despedida.audit.ledger import head as audit_head
from despedida.audit.models import AuditEntry
from despedida.clients import models as db
from despedida.core.letters import formatting as fmt
from despedida.documents.letter_document import paragraphs
from despedida.documents.models import letterhead_of
from despedida.documents.pdf import render_pdf
from despedida.letters.models import DraftStatus, LetterDraft

SNIPPET = 160


@dataclass(frozen=True)
class Happening:
    """One line of the chronological record."""

    when: dt.datetime  # for ordering; dates count as the start of their day
    day: str
    kind: str
    text: str


def _start_of(day: dt.date, zone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def snippet(text: str | None) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1].rstrip() + "…"


def owed_today(client: db.Client, today: dt.date) -> list[dict]:
    """Each invoice with a balance today, its due date and whether it is overdue."""
    rows = []
    for invoice in db.Invoice.objects.filter(client=client).order_by("due_on", "number"):
        paid = sum((p.amount for p in db.Payment.objects.filter(invoice=invoice, on__lte=today)), Decimal(0))
        balance = invoice.amount - paid
        if balance > 0:
            rows.append(
                {
                    "invoice": invoice,
                    "balance": balance,
                    "overdue": invoice.due_on is not None and invoice.due_on < today,
                }
            )
    return rows


def record_of(client: db.Client, lang: str) -> list[Happening]:
    from despedida.plans.models import PlanStep

    zone = clock.local_now(client.workspace).tzinfo
    date = lambda day: fmt.date(day, lang)  # noqa: E731
    money = lambda amount, currency: fmt.money(amount, currency, lang)  # noqa: E731
    items: list[Happening] = []
    for invoice in db.Invoice.objects.filter(client=client):
        day = invoice.issued_on or invoice.due_on
        if day is None:
            continue
        due = _("due %(day)s") % {"day": date(invoice.due_on)} if invoice.due_on else _("no due date")
        items.append(
            Happening(
                _start_of(day, zone),
                date(day),
                _("Invoice"),
                f"{invoice.number}: {money(invoice.amount, invoice.currency)}, {due}",
            )
        )
    for payment in db.Payment.objects.filter(client=client).select_related("invoice"):
        items.append(
            Happening(
                _start_of(payment.on, zone),
                date(payment.on),
                _("Payment"),
                _("%(amount)s for invoice %(number)s")
                % {"amount": money(payment.amount, payment.invoice.currency), "number": payment.invoice.number},
            )
        )
    for reminder in db.Reminder.objects.filter(client=client).select_related("invoice"):
        items.append(
            Happening(
                _start_of(reminder.on, zone),
                date(reminder.on),
                _("Reminder"),
                _("Reminder about invoice %(number)s") % {"number": reminder.invoice.number},
            )
        )
    for message in db.Message.objects.filter(client=client):
        local = clock.local_now(client.workspace, message.at)
        direction = _("From the client") if message.direction == db.Direction.IN else _("To the client")
        subject = message.subject or _("(no subject)")
        text = f"{direction} · {subject}"
        if message.body:
            text += f" — {snippet(message.body)}"
        items.append(Happening(message.at, f"{date(local.date())} {local:%H:%M}", _("Message"), text))
    for event in db.Event.objects.filter(client=client):
        text = event.get_type_display() + (f" — {snippet(event.note)}" if event.note else "")
        items.append(Happening(_start_of(event.on, zone), date(event.on), _("Event"), text))
    for step in PlanStep.objects.filter(plan__client=client).select_related("plan"):
        done = _("done") if step.done_at else _("planned")
        items.append(
            Happening(_start_of(step.on, zone), date(step.on), _("Plan step"), f"{step.get_kind_display()} ({done})")
        )
    for letter in LetterDraft.objects.filter(client=client).exclude(status=DraftStatus.DISCARDED):
        at = letter.sent_at or letter.created_at
        items.append(
            Happening(
                at,
                date(clock.local_now(client.workspace, at).date()),
                _("Letter"),
                f"{letter.get_kind_display()}: {letter.subject} ({letter.get_status_display()})",
            )
        )
    items.sort(key=lambda item: (item.when, item.kind))
    return items


def contract_facts(client: db.Client, lang: str) -> list[tuple[str, str]]:
    contract = getattr(client, "contract", None)
    if contract is None:
        return []
    yes, no = _("yes"), _("no")
    facts = [(_("Signed on"), fmt.date(contract.signed_on, lang) if contract.signed_on else _("not signed"))]
    for name in ("scope_defined", "deposit_requested", "deposit_refused", "late_fee_clause", "change_order_clause"):
        facts.append(
            (str(contract._meta.get_field(name).verbose_name).capitalize(), yes if getattr(contract, name) else no)
        )
    if contract.deposit_paid_on:
        facts.append((_("Deposit paid on"), fmt.date(contract.deposit_paid_on, lang)))
    if contract.notice_days is not None:
        facts.append((_("Notice period"), fmt.days(contract.notice_days, lang)))
    if contract.silence_approval_days is not None:
        facts.append((_("Silence counts as approval after"), fmt.days(contract.silence_approval_days, lang)))
    return facts


def dossier_context(client: db.Client, lang: str) -> dict:
    workspace = client.workspace
    today = clock.today_for(workspace)
    owed = owed_today(client, today)
    totals: dict[str, dict[str, Decimal]] = {}
    for row in owed:
        sums = totals.setdefault(row["invoice"].currency, {"owed": Decimal(0), "overdue": Decimal(0)})
        sums["owed"] += row["balance"]
        if row["overdue"]:
            sums["overdue"] += row["balance"]
    count, digest = audit_head(workspace.pk)
    letters = (
        LetterDraft.objects.filter(client=client).exclude(status=DraftStatus.DISCARDED).order_by("created_at", "id")
    )
    return {
        "lang": lang,
        "workspace": workspace,
        "letterhead": letterhead_of(workspace),
        "client": client,
        "today": fmt.date(today, lang),
        "projects": list(db.Project.objects.filter(client=client).order_by("started_on", "position")),
        "owed": [
            {
                "number": r["invoice"].number,
                "due_on": fmt.date(r["invoice"].due_on, lang) if r["invoice"].due_on else "",
                "balance": fmt.money(r["balance"], r["invoice"].currency, lang),
                "overdue": r["overdue"],
            }
            for r in owed
        ],
        "totals": [
            {"currency": c, "owed": fmt.money(s["owed"], c, lang), "overdue": fmt.money(s["overdue"], c, lang)}
            for c, s in totals.items()
        ],
        "contract": contract_facts(client, lang),
        "record": record_of(client, lang),
        "letters": [
            {
                "draft": d,
                "paragraphs": paragraphs(d.body),
                "day": fmt.date(clock.local_now(workspace, d.sent_at or d.created_at).date(), lang),
            }
            for d in letters
        ],
        "audit_count": count,
        "audit_head": digest,
        "client_entries": AuditEntry.objects.filter(workspace=workspace, client_id=client.pk).count(),
    }


def dossier_pdf(client: db.Client, lang: str) -> bytes:
    with translation.override(lang):
        return render_pdf("documents/dossier.html", dossier_context(client, lang))


def letter_eml(draft: LetterDraft) -> bytes:
    """A sent letter as an .eml: the message that left the outbox, or (sent by hand) its text as mail."""
    from despedida.outbox.models import SmtpAccount
    from despedida.outbox.smtp import build_email

    if draft.outbound is not None:
        account = SmtpAccount.objects.in_workspace(draft.workspace_id).first()
        return build_email(draft.outbound, account).message().as_bytes(linesep="\r\n")
    message = EmailMessage()
    message["Subject"] = draft.subject
    message["To"] = draft.client.contact_email or draft.client.name
    message["From"] = letterhead_of(draft.workspace).name_for(draft.workspace)
    message["Date"] = format_datetime(draft.sent_at or draft.created_at)
    message["Content-Language"] = draft.language
    message.set_content(draft.body)
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def portfolio_part(client: db.Client) -> str:
    from despedida.clients.record import header_of, load_client
    from despedida.core.portfolio.writer import write_portfolio

    header = header_of(client.workspace, clock.today_for(client.workspace))
    header.clients = [load_client(client)]
    out = io.StringIO()
    write_portfolio(header, out)
    return out.getvalue()


def dossier_files(client: db.Client, lang: str) -> dict[str, bytes]:
    """The dossier's files by name: the PDF, the sent letters as .eml, the portfolio part."""
    files = {f"dossier-{client.key}.pdf": dossier_pdf(client, lang)}
    sent = LetterDraft.objects.filter(client=client, status=DraftStatus.SENT).order_by("sent_at", "id")
    for number, draft in enumerate(sent, start=1):
        files[f"letters/{number:02d}-{draft.kind}.eml"] = letter_eml(draft)
    files[f"portfolio-{client.key}.json"] = portfolio_part(client).encode("utf-8")
    return files


def dossier_zip(client: db.Client, lang: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in dossier_files(client, lang).items():
            archive.writestr(name, data)
    return buffer.getvalue()
