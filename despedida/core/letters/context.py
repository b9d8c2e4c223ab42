"""The facts a letter is written from, gathered once from the portfolio.

`build_context` reads one client's record as of a date and returns plain
values (dates, Decimals, names): which project the letter is about, what is
owed and since when, the exit dates of the plan, where the silence protocol
stands and how long the relationship has lasted. Wording and formatting are
`render`'s business; nothing here depends on the language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from despedida.core.assessment.record import business_zone, default_as_of, read_record
from despedida.core.assessment.silence import silence_state as read_silence_state
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.letters.errors import LetterError
from despedida.core.letters.interest import unpaid_on
from despedida.core.portfolio.model import (
    Client,
    Direction,
    EventType,
    Milestone,
    Portfolio,
    Project,
    ProjectStatus,
)

# A new ultimatum asks for a reply within about a week (domain.md, part 5),
# the same deadline the assessment assumes when an ultimatum records none.
DEFAULT_REPLY_DAYS = Thresholds().ultimatum_deadline_days
# A reminder or a demand asks for payment within this many days.
DEFAULT_PAY_WITHIN_DAYS = 10


def overdue_pay_by(as_of: dt.date, exit_dates: ExitDates | None = None, days: int = DEFAULT_PAY_WITHIN_DAYS) -> dt.date:
    """The one deadline for money already overdue: `days` after the letter that asks for it.

    With an exit plan the letter goes out on the plan's notice date, so the
    plan, its letter and any later draft for it name the same day.
    """
    return (exit_dates.notice_on if exit_dates is not None else as_of) + dt.timedelta(days=days)


# The facts a letter states ("over the past year") look back this far.
FACTS_WINDOW_DAYS = 365
# A renegotiation proposes terms that start after this many days.
DEFAULT_TERMS_START_DAYS = 30

_PROJECT_PREFERENCE = {
    ProjectStatus.ACTIVE: 0,
    ProjectStatus.PAUSED: 1,
    ProjectStatus.PROPOSED: 2,
    ProjectStatus.DONE: 3,
    ProjectStatus.CANCELLED: 4,
}


@dataclass(frozen=True, slots=True)
class LetterOptions:
    """What the user may choose beyond the data; every field has a default."""

    reason: str | None = None  # one sentence of the user's own, put in as written
    limit_contact: bool = False  # replies: ask that contact after the handover stops
    reply_days: int = DEFAULT_REPLY_DAYS
    pay_within_days: int = DEFAULT_PAY_WITHIN_DAYS
    terms_start_days: int = DEFAULT_TERMS_START_DAYS
    late_payment: Mapping[str, Any] | None = None  # overrides business.late_payment

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any] | None) -> LetterOptions:
        options = dict(options or {})
        unknown = sorted(set(options) - set(cls.__slots__))
        if unknown:
            raise LetterError(f"unknown letter option(s): {', '.join(unknown)}")
        for key in ("reply_days", "pay_within_days", "terms_start_days"):
            if key in options and (not isinstance(options[key], int) or options[key] < 1):
                raise LetterError(f"option {key}: a whole number of days, at least 1")
        reason = options.get("reason")
        if reason is not None:
            reason = " ".join(str(reason).split()) or None
        options["reason"] = reason
        options["limit_contact"] = bool(options.get("limit_contact", False))
        return cls(**options)


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    """An invoice with something left to pay on the as-of date."""

    id: str
    currency: str
    amount: Decimal
    balance: Decimal
    issued_on: dt.date | None
    due_on: dt.date | None
    days_overdue: int
    project_name: str | None

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True, slots=True)
class ExitDates:
    """From the exit plan: the dates, and the work still to bill at the end."""

    notice_on: dt.date
    last_work_on: dt.date
    handover_until: dt.date
    unbilled: tuple[tuple[Decimal, str], ...] = ()  # (amount, currency), work not yet invoiced
    final_due_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class SilenceState:
    """Where the silence protocol stands for this client."""

    waiting_since: dt.date | None  # our message that still waits for an answer
    waiting_subject: str | None
    checkin_on: dt.date | None  # when the check-in went (or is due)
    ultimatum_on: dt.date | None  # when the ultimatum went, if it did
    ultimatum_deadline: dt.date | None  # the reply-by date it gave
    reply_by: dt.date  # the reply-by date for an ultimatum written today


@dataclass(frozen=True, slots=True)
class Record:
    """Counts from the record that a letter may state as plain facts."""

    unpriced_scope_changes: int = 0
    late_invoices: int = 0
    core_advice_rejected: int = 0
    rate_renegotiations: int = 0
    deposit_refused: bool = False
    ethics_concern: bool = False
    has_late_fee_clause: bool = False
    has_change_order_clause: bool = False
    invoices_in_advance: bool = False


@dataclass(frozen=True, slots=True)
class LetterContext:
    as_of: dt.date
    lang: str
    business_name: str
    client_name: str
    contact_name: str | None
    project: Project | None
    milestone: Milestone | None
    invoices: tuple[OpenInvoice, ...]
    net_days: int
    silence: SilenceState
    record: Record
    since: dt.date | None  # first trace of the relationship
    options: LetterOptions
    exit: ExitDates | None = None
    business_currency: str = "EUR"
    late_payment: Mapping[str, Any] | None = None
    client: Client | None = field(default=None, compare=False, repr=False)

    @property
    def overdue(self) -> tuple[OpenInvoice, ...]:
        return tuple(i for i in self.invoices if i.is_overdue)

    @property
    def first_name(self) -> str | None:
        return self.contact_name.split()[0] if self.contact_name else None

    @property
    def years_together(self) -> int:
        if self.since is None:
            return 0
        return max(0, (self.as_of - self.since).days // 365)


def main_project(client: Client) -> Project | None:
    """The project a letter is about: the one in hand, else the most recent."""
    if not client.projects:
        return None
    ranked = sorted(
        enumerate(client.projects),
        key=lambda item: (
            0 if item[1].is_mid_job else 1,
            _PROJECT_PREFERENCE.get(item[1].status, 5),
            -(item[1].started_on or dt.date.min).toordinal(),
            item[0],
        ),
    )
    return ranked[0][1]


def open_invoices(portfolio: Portfolio, client: Client, as_of: dt.date) -> tuple[OpenInvoice, ...]:
    result = []
    for invoice in client.invoices:
        if invoice.issued_on is not None and invoice.issued_on > as_of:
            continue
        balance = unpaid_on(invoice, as_of)
        if balance <= 0:
            continue
        project = client.project_by_id(invoice.project)
        days_overdue = max(0, (as_of - invoice.due_on).days) if invoice.due_on else 0
        result.append(
            OpenInvoice(
                id=invoice.id,
                currency=(invoice.currency or portfolio.business.currency).upper(),
                amount=invoice.amount,
                balance=balance,
                issued_on=invoice.issued_on,
                due_on=invoice.due_on,
                days_overdue=days_overdue,
                project_name=project.name if project else None,
            )
        )
    result.sort(key=lambda i: (i.due_on or dt.date.max, i.id))
    return tuple(result)


def silence_state(portfolio: Portfolio, client: Client, as_of: dt.date, reply_days: int) -> SilenceState:
    """The protocol's dates as the assessment reads them, plus a reply-by date for a new ultimatum."""
    state = read_silence_state(read_record(client, portfolio.business, as_of, Thresholds()))
    subject = None
    if state.awaiting_since is not None:
        zone = business_zone(portfolio.business.timezone)
        subject = next(
            (
                m.subject
                for m in sorted(client.messages, key=lambda m: m.at.timestamp())
                if m.direction == Direction.OUT
                and m.needs_reply
                and (m.at.astimezone(zone).date() if m.at.tzinfo else m.at.date()) == state.awaiting_since
            ),
            None,
        )
    return SilenceState(
        waiting_since=state.awaiting_since,
        waiting_subject=subject or None,
        checkin_on=state.checkin_sent_on,
        ultimatum_on=state.ultimatum_sent_on,
        ultimatum_deadline=state.deadline,
        reply_by=as_of + dt.timedelta(days=reply_days),
    )


def record_facts(client: Client, as_of: dt.date) -> Record:
    """Counts over the last year (the letters say "over the past year")."""
    since = as_of - dt.timedelta(days=FACTS_WINDOW_DAYS)
    all_events = [e for e in client.events if e.on <= as_of]
    events = [e for e in all_events if e.on > since]
    contract = client.contract
    clauses = {e.clause for e in all_events if e.type == EventType.TERMS_CHANGED}
    late = 0
    for invoice in client.invoices:
        if invoice.due_on is None or invoice.due_on >= as_of or invoice.due_on <= since:
            continue
        paid_on = invoice.paid_on()
        settled_by = paid_on if paid_on is not None and paid_on <= as_of else as_of
        late += settled_by > invoice.due_on
    return Record(
        unpriced_scope_changes=sum(1 for e in events if e.type == EventType.SCOPE_CHANGE and not e.priced),
        late_invoices=late,
        core_advice_rejected=sum(1 for e in events if e.type == EventType.ADVICE_REJECTED and e.core),
        rate_renegotiations=sum(1 for e in events if e.type == EventType.RATE_RENEGOTIATION and e.after_contract),
        deposit_refused=bool(contract and contract.deposit_refused)
        or any(e.type == EventType.DEPOSIT_REFUSED for e in all_events),
        ethics_concern=any(e.type == EventType.ETHICS_CONCERN for e in all_events),
        has_late_fee_clause=bool(contract and contract.late_fee_clause) or "late_fee" in clauses,
        has_change_order_clause=bool(contract and contract.change_order_clause) or "change_order" in clauses,
        invoices_in_advance="invoice_in_advance" in clauses,
    )


def relationship_since(client: Client) -> dt.date | None:
    dates = [p.started_on for p in client.projects if p.started_on]
    dates += [i.issued_on for i in client.invoices if i.issued_on]
    if client.contract and client.contract.signed_on:
        dates.append(client.contract.signed_on)
    return min(dates) if dates else None


def resolve_language(portfolio: Portfolio, client: Client, lang: str | None) -> str:
    chosen = (lang or client.language_or(portfolio.business) or "es").lower()
    if chosen not in ("es", "en"):
        if lang:
            raise LetterError(f"unsupported language {lang!r} (use es or en)")
        chosen = "es"  # a client language we cannot write yet falls back to Spanish
    return chosen


def build_context(
    portfolio: Portfolio,
    client: Client,
    lang: str | None = None,
    as_of: dt.date | None = None,
    options: LetterOptions | Mapping[str, Any] | None = None,
    exit_dates: ExitDates | None = None,
) -> LetterContext:
    """Everything a letter to `client` needs, as of `as_of` (default: the file's as_of, else today)."""
    if not isinstance(options, LetterOptions):
        options = LetterOptions.from_mapping(options)
    as_of = as_of or default_as_of(portfolio)
    business = portfolio.business
    project = main_project(client)
    late_payment = options.late_payment
    if late_payment is None:
        late_payment = business.extra.get("late_payment") if isinstance(business.extra, dict) else None
    return LetterContext(
        as_of=as_of,
        lang=resolve_language(portfolio, client, lang),
        business_name=business.name or "",
        client_name=client.name,
        contact_name=(client.contact.name or None) if client.contact else None,
        project=project,
        milestone=project.current_milestone() if project and project.is_mid_job else None,
        invoices=open_invoices(portfolio, client, as_of),
        net_days=business.payment_terms_days or 30,
        silence=silence_state(portfolio, client, as_of, options.reply_days),
        record=record_facts(client, as_of),
        since=relationship_since(client),
        options=options,
        exit=exit_dates,
        business_currency=business.currency.upper(),
        late_payment=late_payment,
        client=client,
    )
