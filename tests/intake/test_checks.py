from __future__ import annotations

import inspect
import re

from despedida.core.intake import checks as intake
from despedida.core.intake.checks import Check, Decision, Status, assess_intake
from despedida.core.portfolio.model import Contract, EthicsKind, Event, EventType
from tests.plans.personas import d, nadie, prospecto


def item(result, check: Check):
    return next(i for i in result.items if i.check == check)


def test_it_accepts_a_prospect_who_paid_the_deposit_and_signed_a_defined_scope():
    result = assess_intake(prospecto())

    assert result.decision == Decision.ACCEPT
    assert all(i.status == Status.OK for i in result.items)
    assert result.letter_kind is None


def test_it_declines_a_prospect_who_refused_the_deposit():
    client = prospecto()
    client.contract.deposit_paid_on = None
    client.events = [Event(d("2026-11-18"), EventType.DEPOSIT_REFUSED)]

    result = assess_intake(client)

    assert result.decision == Decision.DECLINE
    assert item(result, Check.DEPOSIT).reason == "deposit_refused"
    assert result.letter_kind == "decline"


def test_it_reads_a_refused_deposit_from_the_contract_too():
    client = prospecto()
    client.contract.deposit_refused = True

    assert assess_intake(client).decision == Decision.DECLINE


def test_it_declines_any_ethics_concern_whatever_its_kind():
    for kind, reason in ((EthicsKind.ILLEGAL, "ethics_illegal"), (EthicsKind.UNCOMFORTABLE, "ethics_uncomfortable")):
        client = prospecto()
        client.events = [Event(d("2026-11-19"), EventType.ETHICS_CONCERN, kind=kind)]

        result = assess_intake(client)

        assert result.decision == Decision.DECLINE
        assert item(result, Check.ETHICS).reason == reason


def test_it_declines_a_prospect_who_reopens_rates_already_agreed():
    client = prospecto()
    client.events = [Event(d("2026-11-21"), EventType.RATE_RENEGOTIATION, after_contract=True)]

    result = assess_intake(client)

    assert result.decision == Decision.DECLINE
    assert item(result, Check.HAGGLING).reason == "agreed_rates_reopened"


def test_it_treats_negotiating_before_agreeing_as_normal():
    client = prospecto()
    client.events = [Event(d("2026-11-10"), EventType.RATE_RENEGOTIATION, after_contract=False)]

    result = assess_intake(client)

    assert result.decision == Decision.ACCEPT
    assert item(result, Check.HAGGLING).reason == "negotiated_before_agreeing"


def test_it_keeps_a_prospect_pending_until_there_is_a_contract_and_a_deposit():
    result = assess_intake(nadie())

    assert result.decision == Decision.PENDING
    assert [(i.check, i.status, i.action) for i in result.items if i.status != Status.OK] == [
        (Check.DEPOSIT, Status.PENDING, "request_deposit"),
        (Check.CONTRACT, Status.PENDING, "sign_contract"),
        (Check.SCOPE, Status.PENDING, "define_scope"),
    ]


def test_it_waits_for_a_requested_deposit():
    client = prospecto()
    client.contract = Contract(signed_on=d("2026-11-20"), scope_defined=True, deposit_requested=True)

    result = assess_intake(client)

    assert result.decision == Decision.PENDING
    assert item(result, Check.DEPOSIT).reason == "deposit_awaited"


def test_it_ignores_what_happened_after_the_date_it_judges_at():
    client = prospecto()
    client.events = [Event(d("2026-12-01"), EventType.ETHICS_CONCERN, kind=EthicsKind.ILLEGAL)]

    assert assess_intake(client, as_of=d("2026-11-22")).decision == Decision.ACCEPT
    assert assess_intake(client, as_of=d("2026-11-20")).decision == Decision.PENDING  # deposit not paid yet


def test_its_json_names_the_decision_and_each_item():
    document = assess_intake(nadie()).to_json()

    assert document["decision"] == "pending"
    assert document["items"][0] == {
        "check": "deposit",
        "status": "pending",
        "reason": "deposit_not_requested",
        "action": "request_deposit",
    }


def test_every_reason_it_can_give_has_a_label_in_both_languages():
    source = inspect.getsource(intake)
    given = set(re.findall(r'Status\.\w+, "(\w+)"', source))

    assert len(given) == 15
    assert given == set(intake.REASONS)
    for reason in given:
        assert intake.reason_label(reason, "es") and intake.reason_label(reason, "en")
