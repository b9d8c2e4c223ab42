from __future__ import annotations

import pytest

from despedida.core.lessons.clauses import (
    SIGNAL_CODES,
    ClauseDataError,
    catalogue,
    clause_by_id,
    contract_checklist,
    parse_catalogue,
    propose_clauses,
)
from despedida.core.portfolio.model import Clause as TermsClause
from despedida.core.portfolio.model import Contract, Event, EventType
from tests.plans.personas import d

REQUIRED_PROTECTIONS = {"late_fee", "deposit", "change_order", "silence_approval", "flat_to_hourly", "notice_period"}


def ids(clauses) -> list[str]:
    return [c.id for c in clauses]


def test_the_catalogue_covers_every_protection_the_practice_names_in_both_languages():
    data = catalogue()

    assert REQUIRED_PROTECTIONS <= {p.id for p in data.protections}
    for clause in data.clauses:
        for lang in ("es", "en"):
            assert clause.title(lang) and clause.text(lang)
        assert clause.text("es") != clause.text("en")


def test_every_warning_sign_has_at_least_one_clause():
    covered = {signal for clause in catalogue().clauses for signal in clause.signals}

    assert covered == SIGNAL_CODES


def test_clause_texts_stay_plain_and_short():
    for clause in catalogue().clauses:
        for lang in ("es", "en"):
            text = clause.text(lang)
            assert len(text.split()) <= 80, clause.id
            for jargon in ("en virtud de", "por la presente", "hereby", "whereas", "notwithstanding", "herein"):
                assert jargon not in text.lower(), (clause.id, jargon)


def test_it_proposes_late_fees_and_deposits_for_a_late_payer_without_them():
    proposals = ids(propose_clauses(["late_payment"], Contract()))

    assert proposals[:2] == ["late_fee.charge", "late_fee.pause"]
    assert "deposit.upfront" in proposals
    assert "notice_period.days" in proposals


def test_it_proposes_silence_as_approval_and_flat_to_hourly_for_a_client_who_went_silent():
    proposals = ids(propose_clauses(["ghosting"], None))

    assert {"silence_approval.days", "flat_to_hourly.early_end"} <= set(proposals)


def test_it_skips_protections_the_contract_already_has():
    contract = Contract(late_fee_clause=True, deposit_requested=True, notice_days=30)

    proposals = ids(propose_clauses(["late_payment"], contract))

    assert proposals == ["invoice_in_advance.by_phase"]


def test_it_skips_a_protection_added_later_by_a_change_of_terms():
    events = [Event(d("2026-05-01"), EventType.TERMS_CHANGED, clause=TermsClause.INVOICE_IN_ADVANCE)]
    contract = Contract(late_fee_clause=True, deposit_requested=True, notice_days=30)

    assert propose_clauses(["late_payment"], contract, events) == []


def test_it_skips_a_protection_marked_in_the_contracts_extra_keys():
    contract = Contract(extra={"flat_to_hourly_clause": True})

    assert "flat_to_hourly.early_end" not in ids(propose_clauses(["ghosting"], contract))


def test_it_proposes_nothing_without_signals_and_ignores_unknown_codes():
    assert propose_clauses([], None) == []
    assert propose_clauses(["not_a_signal"], None) == []


def test_it_shows_which_protections_a_contract_already_uses():
    contract = Contract(scope_defined=True, change_order_clause=True, silence_approval_days=7, notice_days=15)
    events = [Event(d("2026-05-01"), EventType.TERMS_CHANGED, clause=TermsClause.LATE_FEE)]

    in_place = {protection for protection, used in contract_checklist(contract, events) if used}

    assert in_place == {"late_fee", "scope", "change_order", "silence_approval", "notice_period"}
    assert [p for p, _ in contract_checklist(None)] == [p.id for p in catalogue().protections]
    assert not any(used for _, used in contract_checklist(None))


def test_a_zero_day_notice_is_no_notice_period():
    assert dict(contract_checklist(Contract(notice_days=0)))["notice_period"] is False


def test_it_finds_a_clause_by_id():
    assert clause_by_id("deposit.upfront").protection == "deposit"
    assert clause_by_id("nope") is None


def test_it_refuses_clause_data_with_a_missing_translation():
    document = {
        "protections": [{"id": "deposit", "label": {"es": "Anticipo", "en": "Deposit"}}],
        "clauses": [
            {
                "id": "x",
                "protection": "deposit",
                "signals": ["late_payment"],
                "title": {"es": "T", "en": "T"},
                "text": {"es": "Texto"},
            }
        ],
    }

    with pytest.raises(ClauseDataError, match=r"clauses\[0\]\.text"):
        parse_catalogue(document)


def test_it_refuses_clause_data_with_an_unknown_signal():
    document = {
        "protections": [{"id": "deposit", "label": {"es": "Anticipo", "en": "Deposit"}}],
        "clauses": [
            {
                "id": "x",
                "protection": "deposit",
                "signals": ["grumpy"],
                "title": {"es": "T", "en": "T"},
                "text": {"es": "a", "en": "b"},
            }
        ],
    }

    with pytest.raises(ClauseDataError, match="grumpy"):
        parse_catalogue(document)
