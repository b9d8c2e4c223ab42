"""What was agreed before the work: `no_contract` and `deposit_refused`."""

from __future__ import annotations

import datetime as dt

from despedida.core.assessment.ladder import RemedyHistory, climb
from despedida.core.assessment.phrases import Words
from despedida.core.assessment.record import ClientRecord
from despedida.core.assessment.signals.base import Category, Severity, Signal
from despedida.core.portfolio.model import Clause, EventType, ProjectStatus, Stage

UNDER_WAY = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED)
STARTED = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED, ProjectStatus.DONE)


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

    A client has refused a deposit only when it says so (a
    `deposit_refused` event or contract flag) or when the work started
    without the deposit that was asked. For a prospect a refusal is HIGH
    (do not take the project); a deposit asked of a prospect that has not
    signed yet is a question still open, not a refusal (no signal: see
    `deposit_open_question`), and one unpaid `deposit_wait_days` after
    signing is MEDIUM. For a client whose work already started every case
    is MEDIUM, and the ladder protects the rest of the work.
    """
    client = record.client
    contract = client.contract
    refusals = record.events_of(EventType.DEPOSIT_REFUSED)
    said_no = bool(refusals) or (contract is not None and contract.deposit_refused)
    prospect = client.stage == Stage.PROSPECT
    unpaid_since: dt.date | None = None
    started_without: dt.date | None = None
    if not said_no and _deposit_unpaid(record):
        started = work_started_on(record)
        if prospect:
            # Saying nothing is not saying no; starting the work without the deposit is.
            if started is not None:
                started_without = started
            elif contract.signed_on is not None and contract.signed_on <= record.as_of:
                asked = contract.signed_on
                if (record.as_of - asked).days > record.thresholds.deposit_wait_days:
                    unpaid_since = asked
        else:
            asked = (
                contract.signed_on if contract.signed_on is not None and contract.signed_on <= record.as_of else started
            )
            if asked is not None and (record.as_of - asked).days > record.thresholds.deposit_wait_days:
                unpaid_since = asked
    refused = said_no or started_without is not None
    if not refused and unpaid_since is None:
        return None
    spent = False
    if refused:
        severity = Severity.HIGH if prospect else Severity.MEDIUM
        if started_without is not None:
            evidence = words.say("ev.deposit_started_without", date=words.date(started_without))
        elif refusals:
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
        if refused:
            # A refused remedy is a spent rung: asking for a deposit again is out.
            remedies = tuple(r for r in remedies if r != "propose_terms")
            if not remedies:
                spent = True
                evidence = words.say("ev.rung_refused.deposit_refused") + "; " + evidence
    return Signal(
        code="deposit_refused",
        severity=severity,
        evidence=evidence,
        remedies=remedies,
        category=Category.TERMS,
        exhausted=spent,
        spent=spent,
        facts={
            "refused": refused,
            "unpaid_since": unpaid_since.isoformat() if unpaid_since else None,
            "started_without": started_without.isoformat() if started_without else None,
        },
    )


def deposit_open_question(record: ClientRecord) -> bool:
    """A prospect asked for a deposit that has neither signed, paid, refused nor started: still open."""
    client = record.client
    contract = client.contract
    return (
        client.stage == Stage.PROSPECT
        and _deposit_unpaid(record)
        and not contract.deposit_refused
        and not record.events_of(EventType.DEPOSIT_REFUSED)
        and not record.has_signed_contract
        and work_started_on(record) is None
    )


def _deposit_unpaid(record: ClientRecord) -> bool:
    contract = record.client.contract
    return (
        contract is not None
        and contract.deposit_requested
        and (contract.deposit_paid_on is None or contract.deposit_paid_on > record.as_of)
    )


def work_started_on(record: ClientRecord) -> dt.date | None:
    """The day the work started: the earliest start of a project under way or done (a proposal is not work)."""
    started = [
        p.started_on
        for p in record.client.projects
        if p.status in STARTED and p.started_on is not None and p.started_on <= record.as_of
    ]
    return min(started) if started else None
