"""Intake in the store: the prospect's checklist, and the user's accept or decline."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from despedida.accounts import clock
from despedida.accounts.clock import today_for
from despedida.clients.models import Client, Stage
from despedida.clients.record import portfolio_for
from despedida.core.intake.checks import Decision, IntakeResult, assess_intake
from despedida.intake.models import IntakeDecision, IntakeOutcome
from despedida.letters.models import LetterDraft, LetterKind

# What each check's reason code means, and what to do next while it is open.
REASONS = {
    "deposit_paid": _("The deposit is paid."),
    "deposit_refused": _("They refused to pay a deposit."),
    "deposit_awaited": _("A deposit was asked for and is not paid yet."),
    "deposit_not_requested": _("No deposit has been asked for."),
    "no_contract": _("There is no contract yet."),
    "contract_signed": _("The contract is signed."),
    "contract_unsigned": _("The contract is not signed yet."),
    "scope_defined": _("The scope is written down."),
    "scope_undefined": _("The scope is not defined yet."),
    "ethics_illegal": _("They asked for something illegal."),
    "ethics_uncomfortable": _("They asked for work you are not comfortable with."),
    "no_ethics_concern": _("No ethics concern on record."),
    "agreed_rates_reopened": _("They reopened rates already agreed."),
    "negotiated_before_agreeing": _("They negotiated before agreeing, which is normal."),
    "no_haggling": _("No haggling on record."),
}
ACTIONS = {
    "request_deposit": _("Ask for a deposit before starting."),
    "await_deposit": _("Wait for the deposit before starting."),
    "sign_contract": _("Get the contract signed."),
    "define_scope": _("Write the scope down and agree it."),
}
CHECKS = {
    "deposit": _("Deposit"),
    "contract": _("Contract"),
    "scope": _("Scope"),
    "ethics": _("Ethics"),
    "haggling": _("Agreed rates respected"),
}


class IntakeError(Exception):
    """The decision can't be taken (not a prospect, or accepting against the checklist without a reason)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def checklist(client: Client, today: dt.date) -> IntakeResult:
    _portfolio, record = portfolio_for(client, today)
    return assess_intake(record, as_of=today)


def _decide(client: Client, outcome: str, result: IntakeResult, *, user, now, note: str) -> IntakeDecision:
    return IntakeDecision.objects.create(
        workspace=client.workspace,
        client=client,
        outcome=outcome,
        checklist_said=str(result.decision),
        items=[item.to_json() for item in result.items],
        note=note.strip(),
        decided_by=user,
        decided_at=now,
    )


@transaction.atomic
def accept(client: Client, *, user=None, note: str = "", now: dt.datetime | None = None) -> IntakeDecision:
    """Take the prospect on: the client becomes active. Against a failed check, a note is required."""
    now = now or clock.now()
    if client.stage != Stage.PROSPECT:
        raise IntakeError("not_a_prospect")
    result = checklist(client, today_for(client.workspace, now))
    if result.decision == Decision.DECLINE and not note.strip():
        raise IntakeError("reason_required")
    decision = _decide(client, IntakeOutcome.ACCEPT, result, user=user, now=now, note=note)
    client.stage = Stage.ACTIVE
    client.save(update_fields=["stage", "updated_at"])
    return decision


@transaction.atomic
def decline(
    client: Client, *, user=None, note: str = "", now: dt.datetime | None = None
) -> tuple[IntakeDecision, LetterDraft]:
    """Turn the prospect down and draft the decline letter; the client stays a prospect on record."""
    from despedida.letters.drafts import create_draft

    now = now or clock.now()
    if client.stage != Stage.PROSPECT:
        raise IntakeError("not_a_prospect")
    result = checklist(client, today_for(client.workspace, now))
    decision = _decide(client, IntakeOutcome.DECLINE, result, user=user, now=now, note=note)
    draft = create_draft(client, LetterKind.DECLINE, user=user, now=now)
    return decision, draft
