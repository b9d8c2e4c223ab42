"""Money signals: `late_payment` (a habit, read from paid invoices) and
`unpaid_overdue` (money owed now, read from open ones)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from despedida.core.assessment.ladder import PAYMENT_CLAUSES, RemedyHistory, climb
from despedida.core.assessment.phrases import Words
from despedida.core.assessment.record import ClientRecord, InvoiceState
from despedida.core.assessment.signals.base import Category, Severity, Signal, median_days
from despedida.core.assessment.signals.citing import sent_on, unanswered
from despedida.core.assessment.value import ClientValue
from despedida.core.portfolio.model import Clause


def late_payment(record: ClientRecord, history: RemedyHistory, value: ClientValue, words: Words) -> Signal | None:
    """Invoices paid after their due date (beyond the grace days), or only after a reminder.

    Severity: LOW once `late_pattern_min` invoices were late; one level more
    when the recency-weighted share of late invoices reaches
    `late_share_medium`, one more when the median delay reaches
    `late_median_days_high`, one more when lateness went on after a payment
    protection was added. A protection that worked (at least
    `protection_proof_invoices` invoices due after it, fewer than
    `late_pattern_min` of them late, none overdue) counts: the sign is
    judged on what happened since the change, so it is LOW, `remedied`,
    with nothing left to try, and the lateness before it is history in the
    evidence ("the late-payment fee added on 20 May 2026 worked: ...").
    """
    limits = record.thresholds
    as_of = record.as_of
    paid: list[tuple[InvoiceState, int, bool]] = []
    start = record.behaviour_start
    for state in record.invoices:
        if state.completed_on is None or state.due_on is None or state.completed_on < start:
            continue
        days = state.days_late(as_of)
        chased = days > 0 and any(r <= state.completed_on for r in state.invoice.reminders)
        paid.append((state, days, days > limits.late_grace_days or chased))
    late = [(state, days) for state, days, is_late in paid if is_late]
    if len(late) < limits.late_pattern_min:
        return None

    weight_all = weight_late = 0.0
    for state, _days, is_late in paid:
        weight = record.weight(state.completed_on)
        weight_all += weight
        if is_late:
            weight_late += weight
    share = weight_late / weight_all if weight_all else 0.0
    delay = median_days([days for _state, days in late])
    reminders = sum(state.reminders for state, _days in late)

    steps = 0
    if share >= limits.late_share_medium:
        steps += 1
    if delay >= limits.late_median_days_high:
        steps += 1

    protection = _payment_protection(history)
    parts = [
        words.say(
            "ev.late",
            late=len(late),
            total=words.count(len(paid), "invoice"),
            median=words.days(delay),
        ),
        _reminders(record, [state for state, _days in late], reminders, words),
    ]
    if value.hours_chasing > 0:
        parts.append(words.say("ev.chasing", hours=words.hours(value.hours_chasing)))

    # Renegotiating terms is tried by a talk about payments or by any new payment clause.
    renegotiated = [history.clauses[c] for c in PAYMENT_CLAUSES if c in history.clauses]
    renegotiated += history.talks.get("payment", [])
    tried = {
        "propose_terms": min(renegotiated) if renegotiated else None,
        "apply_late_fee": history.clause_since(Clause.LATE_FEE),
        "invoice_in_advance": history.clause_since(Clause.INVOICE_IN_ADVANCE),
    }
    ladder = climb("late_payment", tried)
    worked = failed = False
    if protection is not None:
        clause, since = protection
        after = [(state, days, is_late) for state, days, is_late in paid if state.due_on > since]
        still_late = [state for state, _days, is_late in after if is_late]
        overdue_after = [
            s
            for s in record.invoices
            if s.is_open and s.due_on is not None and s.due_on > since and s.days_late(as_of) > limits.late_grace_days
        ]
        shown_date = words.date(since) if since != dt.date.min else "—"
        clause_name = words.say(f"clause.{clause}")
        # A remedy that worked counts: judged on what happened since the change, lateness before it is history.
        if (
            since != dt.date.min
            and len(after) >= limits.protection_proof_invoices
            and len(still_late) < limits.late_pattern_min
            and not overdue_after
        ):
            worked = True
            on_time = len(after) - len(still_late)
            key = "ev.protection_worked" if not still_late else "ev.protection_worked_mostly"
            before = [(state, days) for state, days in late if state.due_on <= since]
            total_before = sum(1 for state, _days, _late in paid if state.due_on <= since)
            parts = [
                words.say(
                    key, clause=clause_name, date=shown_date, count=words.count(len(after), "invoice"), on_time=on_time
                ),
                words.say(
                    "ev.late_before",
                    late=len(before),
                    total=words.count(total_before, "invoice"),
                    median=words.days(median_days([days for _state, days in before])),
                ),
            ] + parts[1:]
        elif still_late:
            failed = True
            steps += 1
            parts.append(words.say("ev.protection_failed", clause=clause_name, date=shown_date))
    severity = Severity.LOW if worked else Severity.LOW.raised(steps)
    return Signal(
        code="late_payment",
        severity=severity,
        evidence="; ".join(parts),
        remedies=() if worked else ladder.remaining,
        category=Category.TERMS,
        exhausted=failed and ladder.all_tried,
        remedied=worked,
        facts={
            "late": len(late),
            "paid": len(paid),
            "median_days_late": delay,
            "reminders": reminders,
            "weighted_late_share": round(share, 3),
            "protection_worked": worked,
        },
    )


def _payment_protection(history: RemedyHistory) -> tuple[Clause, dt.date] | None:
    """The latest payment protection in place and the day it was added."""
    found = [(since, clause) for clause, since in history.clauses.items() if clause in PAYMENT_CLAUSES]
    if not found:
        return None
    since, clause = max(found)
    return clause, since


def unpaid_overdue(record: ClientRecord, history: RemedyHistory, words: Words) -> Signal | None:
    """Open balances more than `overdue_grace_days` past due.

    Severity by the age of the oldest: LOW, MEDIUM from
    `overdue_medium_days`, HIGH from `overdue_high_days`, CRITICAL from
    `overdue_critical_days`. A formal demand joins the ladder once the
    oldest is `formal_demand_after_days` overdue and a contract is signed.
    """
    limits = record.thresholds
    as_of = record.as_of
    overdue = [
        state
        for state in record.invoices
        if state.is_open and state.due_on is not None and (as_of - state.due_on).days > limits.overdue_grace_days
    ]
    if not overdue:
        return None
    oldest = min(overdue, key=lambda s: (s.due_on, s.id))
    age = (as_of - oldest.due_on).days
    if age >= limits.overdue_critical_days:
        severity = Severity.CRITICAL
    elif age >= limits.overdue_high_days:
        severity = Severity.HIGH
    elif age >= limits.overdue_medium_days:
        severity = Severity.MEDIUM
    else:
        severity = Severity.LOW
    totals: dict[str, Decimal] = {}
    for state in overdue:
        currency = state.invoice.currency or record.business.currency
        totals[currency] = totals.get(currency, Decimal(0)) + state.balance
    amount = " + ".join(words.money(total, currency) for currency, total in sorted(totals.items()))
    reminders = sum(state.reminders for state in overdue)
    if len(overdue) == 1:
        text = words.say(
            "ev.overdue_one", id=oldest.id, amount=amount, date=words.date(oldest.due_on), days=words.days(age)
        )
    else:
        text = words.say(
            "ev.overdue",
            count=words.count(len(overdue), "invoice"),
            amount=amount,
            id=oldest.id,
            date=words.date(oldest.due_on),
            days=words.days(age),
        )
    if reminders:
        text += "; " + words.say("ev.overdue_reminders", reminders=words.count(reminders, "reminder_sent"))
        cited = _latest_reminder(record, overdue, record.as_of)
        if cited is not None:
            message, day = cited
            if (as_of - day).days > 0 and unanswered(record, message):
                key, values = "ev.reminder_unanswered", {"days": words.days((as_of - day).days)}
            else:
                key, values = "ev.reminder_latest", {}
            text += "; " + words.say(key, subject=message.subject, date=words.date(day), **values)

    tried: dict[str, dt.date | None] = {"chase_payment": _last_reminder(overdue, as_of)}
    ladder = ["chase_payment"]
    if history.clause_since(Clause.LATE_FEE) is not None:
        ladder.append("apply_late_fee")
    if record.has_signed_contract and age >= limits.formal_demand_after_days:
        ladder.append("formal_demand")
    remaining = tuple(action for action in ladder if tried.get(action) is None)
    return Signal(
        code="unpaid_overdue",
        severity=severity,
        evidence=text,
        remedies=remaining,
        category=Category.TERMS,
        facts={
            "invoices": len(overdue),
            "oldest_id": oldest.id,
            "oldest_due_on": oldest.due_on.isoformat(),
            "days_overdue": age,
            "amounts": {currency: str(total) for currency, total in totals.items()},
            "amount_text": amount,
            "reminders": reminders,
        },
    )


def _reminders(record: ClientRecord, late: list[InvoiceState], count: int, words: Words) -> str:
    """ "3 reminders", and the latest by the message that sent it when the record holds one."""
    said = words.count(count, "reminder")
    cited = _latest_reminder(record, late, record.as_of, before_paid=True)
    if cited is None:
        return words.say("ev.reminders", reminders=said)
    message, day = cited
    return words.say("ev.reminders_latest", reminders=said, subject=message.subject, date=words.date(day))


def _latest_reminder(record: ClientRecord, states: list[InvoiceState], as_of: dt.date, before_paid: bool = False):
    """The message of the latest reminder among `states`, and its day; None when no message was sent that day.

    With `before_paid`, only reminders sent by the day the invoice was paid count (those of `late_payment`).
    """
    dated = [
        (r, state.id)
        for state in states
        for r in state.invoice.reminders
        if r <= as_of and (not before_paid or state.completed_on is None or r <= state.completed_on)
    ]
    if not dated:
        return None
    day = max(r for r, _id in dated)
    for _day, invoice_id in sorted(item for item in dated if item[0] == day):
        message = sent_on(record, day, mentions=invoice_id)
        if message is not None:
            return message, day
    return None


def _last_reminder(states: list[InvoiceState], as_of: dt.date) -> dt.date | None:
    dates = [r for state in states for r in state.invoice.reminders if r <= as_of]
    return max(dates) if dates else None
