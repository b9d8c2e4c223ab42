"""What was agreed before the work: `no_contract` and `deposit_refused`."""

from __future__ import annotations

import datetime as dt

from despedida.assessment.ladder import RemedyHistory, climb
from despedida.assessment.phrases import Words
from despedida.assessment.record import ClientRecord
from despedida.assessment.signals.base import Category, Severity, Signal
from despedida.portfolio.model import Clause, EventType, ProjectStatus, Stage

UNDER_WAY = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED)


def no_contract(record: ClientRecord, words: Words) -> Signal | None:
    """Work under way without a signed contract and a defined scope.

    MEDIUM when both are missing, LOW when one is. A prospect (work not
    started) gets LOW with the reminder to settle both first.
    """
    client = record.client
    contract = client.contract
    signed = record.has_signed_contract
    scoped = contract is not None and contract.scope_defined
    if signed and scoped:
        return None
    if client.stage == Stage.PROSPECT:
        return Signal(
            code="no_contract",
            severity=Severity.LOW,
            evidence=words.say("ev.no_contract_prospect"),
            remedies=("sign_contract",),
            category=Category.TERMS,
        )
    if client.stage != Stage.ACTIVE:
        return None
    project = next((p for p in client.projects if p.status in UNDER_WAY), None)
    if project is None:
        return None
    if not signed and not scoped:
        key, severity = "ev.no_contract_both", Severity.MEDIUM
    elif not signed:
        key, severity = "ev.no_contract_unsigned", Severity.LOW
    else:
        key, severity = "ev.no_contract_scope", Severity.LOW
    return Signal(
        code="no_contract",
        severity=severity,
        evidence=words.say(key, project=project.name),
        remedies=("sign_contract",),
        category=Category.TERMS,
        facts={"project": project.id, "signed": signed, "scope_defined": scoped},
    )


def deposit_refused(record: ClientRecord, history: RemedyHistory, words: Words) -> Signal | None:
    """A refusal on record, or a deposit asked for and never paid.

    For a prospect a refusal is HIGH (do not take the project) and an
    unpaid request MEDIUM; for a client whose work already started both are
    MEDIUM, and the ladder protects the rest of the work.
    """
    client = record.client
    contract = client.contract
    refusals = record.events_of(EventType.DEPOSIT_REFUSED)
    refused = bool(refusals) or (contract is not None and contract.deposit_refused)
    unpaid_since: dt.date | None = None
    if not refused and contract is not None and contract.deposit_requested and contract.deposit_paid_on is None:
        asked = contract.signed_on
        if asked is None:
            started = [p.started_on for p in client.projects if p.started_on is not None and p.started_on <= record.as_of]
            asked = min(started) if started else None
        if asked is not None and (record.as_of - asked).days > record.thresholds.deposit_wait_days:
            unpaid_since = asked
    if not refused and unpaid_since is None:
        return None
    prospect = client.stage == Stage.PROSPECT
    if refused:
        severity = Severity.HIGH if prospect else Severity.MEDIUM
        if refusals:
            evidence = words.say("ev.deposit_refused", date=words.date(refusals[-1].on))
        else:
            evidence = words.say("ev.deposit_refused_undated")
    else:
        severity = Severity.MEDIUM
        evidence = words.say(
            "ev.deposit_unpaid", date=words.date(unpaid_since), days=words.days((record.as_of - unpaid_since).days)
        )
    if prospect:
        remedies: tuple[str, ...] = ("decline",) if refused else ()
    else:
        tried = {
            "invoice_in_advance": history.clause_since(Clause.INVOICE_IN_ADVANCE),
            "propose_terms": history.clause_since(Clause.DEPOSIT),
        }
        remedies = climb("deposit_refused", tried).remaining
    return Signal(
        code="deposit_refused",
        severity=severity,
        evidence=evidence,
        remedies=remedies,
        category=Category.TERMS,
        facts={"refused": refused, "unpaid_since": unpaid_since.isoformat() if unpaid_since else None},
    )
