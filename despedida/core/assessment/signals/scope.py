"""What the work is and what it costs: `scope_creep` and `haggling`."""

from __future__ import annotations

import datetime as dt

from despedida.core.assessment.ladder import FROM_THE_START, RemedyHistory, climb
from despedida.core.assessment.phrases import Words
from despedida.core.assessment.record import ClientRecord
from despedida.core.assessment.signals.base import Category, Severity, Signal, from_points
from despedida.core.portfolio.model import Clause, EventType, Stage

# A new contact "reshapes the work" when unpriced changes follow within this many days.
RESHAPE_DAYS = 90


def scope_creep(record: ClientRecord, history: RemedyHistory, words: Words) -> Signal | None:
    """Scope changes not accepted as priced change orders, and refusals to pay for them.

    Points: an unpriced change 1, a refused change order 2, a new contact
    followed by unpriced changes within 90 days 1; each weighted by recency.
    Fires from `scope_creep_pattern_min` unpriced changes or any refusal.
    Severity LOW, MEDIUM from 3 points, HIGH from 5, one level more when it
    went on after a remedy. The ladder (talk, price the change, extras rates
    in the contract) is exhausted when every rung was tried and the client
    still adds unpaid work or refuses to pay for it: invoice and leave.
    """
    unpriced = [e for e in record.window_events if e.type == EventType.SCOPE_CHANGE and not e.priced]
    refusals = [e for e in record.window_events if e.type == EventType.CHANGE_ORDER_REFUSED]
    if len(unpriced) < record.thresholds.scope_creep_pattern_min and not refusals:
        return None
    reshaping = [
        e
        for e in record.window_events
        if e.type == EventType.CONTACT_CHANGE
        and any(0 <= (change.on - e.on).days <= RESHAPE_DAYS for change in unpriced)
    ]
    points = sum(record.weight(e.on) for e in unpriced) + sum(2 * record.weight(e.on) for e in refusals)
    points += sum(record.weight(e.on) for e in reshaping)
    severity = from_points(points, 3, 5)
    if refusals:
        severity = severity.raised(1 if severity == Severity.LOW else 0)

    priced = history.priced_changes
    # Refusing a change order means one was offered: that rung was tried.
    offered = [min(priced + [e.on for e in refusals])] if (priced or refusals) else []
    tried = {
        "talk": history.last_talk("scope"),
        "price_change_order": offered[0] if offered else None,
        "propose_terms": history.clause_since(Clause.CHANGE_ORDER),
    }
    ladder = climb("scope_creep", tried)
    # A refused remedy is a spent rung. A priced change order the client refused (and no priced
    # change accepted since) spends the whole ladder: offering it was the talk about goals and
    # payment, and an extras rate in the contract would ask the same price in writing.
    standing = [e for e in refusals if not any(day > e.on for day in priced)]
    spent = bool(standing)
    # A remedy that worked counts: since the change-order clause was added, every change was priced
    # (at least `protection_proof_invoices` of them); what came before is history.
    clause_on = history.clause_since(Clause.CHANGE_ORDER)
    priced_since = [day for day in priced if clause_on not in (None, FROM_THE_START) and day > clause_on]
    worked = (
        not spent
        and len(priced_since) >= record.thresholds.protection_proof_invoices
        and not any(e.on > clause_on for e in unpriced + refusals)
    )
    problems = unpriced + refusals
    last_problem = max(e.on for e in problems)
    parts = []
    if unpriced:
        parts.append(
            words.say(
                "ev.scope", changes=words.count(len(unpriced), "change"), date=words.date(max(e.on for e in unpriced))
            )
        )
    if refusals:
        parts.append(words.say("ev.scope_refused", refusals=words.count(len(refusals), "refusal")))
    if priced:
        parts.append(words.say("ev.scope_priced", count=len(priced)))
    if reshaping:
        parts.append(words.say("ev.scope_contact", date=words.date(reshaping[-1].on)))
    first = ladder.first_tried_on
    if worked:
        parts.insert(0, words.say("ev.scope_worked", date=words.date(clause_on), count=len(priced_since)))
        severity = Severity.LOW
    elif first is not None and first != dt.date.min and last_problem > first:
        severity = severity.raised(1, cap=Severity.HIGH)
        parts.append(words.say("ev.after_remedy", remedy=_remedy_name(tried, first, words), date=words.date(first)))
    exhausted = ladder.all_tried and ladder.last_tried_on is not None and last_problem > ladder.last_tried_on
    if spent:
        parts.insert(0, words.say("ev.rung_refused.scope_creep", date=words.date(standing[-1].on)))
    return Signal(
        code="scope_creep",
        severity=severity,
        evidence="; ".join(parts),
        remedies=() if spent or worked else ladder.remaining,
        category=Category.TERMS,
        exhausted=(exhausted and not worked) or spent,
        remedied=worked,
        spent=spent,
        facts={"unpriced": len(unpriced), "refused": len(refusals), "priced": len(priced), "spent": spent},
    )


def _remedy_name(tried: dict[str, dt.date | None], on: dt.date, words: Words) -> str:
    action = next(action for action, day in tried.items() if day == on)
    return words.say(f"tried.{action}")


def haggling(record: ClientRecord, history: RemedyHistory, words: Words) -> Signal | None:
    """Attempts to lower agreed rates after the contract was closed.

    Fires from `haggling_pattern_min` attempts ("repeatedly"). Severity from
    recency-weighted attempts: LOW, MEDIUM from 3, HIGH from 4; one level
    more when it went on after a talk about rates. Prospects: see
    `_prospect_haggling`.
    """
    prospect = record.client.stage == Stage.PROSPECT
    minimum = record.thresholds.haggling_pattern_min
    if prospect:
        return _prospect_haggling(record, words, minimum)
    attempts = [e for e in record.window_events if e.type == EventType.RATE_RENEGOTIATION and e.after_contract]
    if len(attempts) < minimum:
        return None
    weighted = sum(record.weight(e.on) for e in attempts)
    severity = from_points(weighted, 3, 4)
    ladder = climb("haggling", {"talk": history.last_talk("rates")})
    parts = [words.say("ev.haggling", count=words.count(len(attempts), "attempt"), date=words.date(attempts[-1].on))]
    after = ladder.first_tried_on is not None and attempts[-1].on > ladder.first_tried_on
    if after:
        severity = severity.raised(1, cap=Severity.HIGH)
        parts.append(words.say("ev.after_talk", date=words.date(ladder.first_tried_on)))
    return Signal(
        code="haggling",
        severity=severity,
        evidence="; ".join(parts),
        remedies=ladder.remaining,
        category=Category.TERMS,
        facts={"attempts": len(attempts)},
    )


def _prospect_haggling(record: ClientRecord, words: Words, minimum: int) -> Signal | None:
    """Haggling at intake. Negotiating a quote once is ordinary business; doing it
    again and again is MEDIUM (talk it through); reopening a price already
    agreed is HIGH (decline), as the intake checklist says."""
    renegotiations = [e for e in record.window_events if e.type == EventType.RATE_RENEGOTIATION]
    reopened = [e for e in renegotiations if e.after_contract]
    if reopened:
        severity, remedies = Severity.HIGH, ("decline",)
    elif len(renegotiations) >= minimum:
        severity, remedies = Severity.MEDIUM, ("talk",)
    else:
        return None
    return Signal(
        code="haggling",
        severity=severity,
        evidence=words.say(
            "ev.haggling_prospect",
            count=words.count(len(renegotiations), "time"),
            date=words.date(renegotiations[-1].on),
        ),
        remedies=remedies,
        category=Category.TERMS,
        facts={"attempts": len(renegotiations), "reopened": len(reopened)},
    )
