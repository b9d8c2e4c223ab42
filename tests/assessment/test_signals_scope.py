"""scope_creep and haggling."""

from despedida.core.portfolio.model import Clause, EventType
from tests.assessment.builders import assess, client, codes, event, prospect, signed_contract


def unpriced(*days: int) -> list:
    return [event(EventType.SCOPE_CHANGE, d, priced=False) for d in days]


def test_one_unpriced_change_is_not_scope_creep_but_two_are():
    assert "scope_creep" not in codes(assess(client(events=unpriced(30))))
    assert codes(assess(client(events=unpriced(30, 60))))["scope_creep"] == "low"


def test_priced_change_orders_are_not_scope_creep():
    events = [event(EventType.SCOPE_CHANGE, d, priced=True) for d in (10, 20, 30)]
    assert "scope_creep" not in codes(assess(client(events=events)))


def test_a_refused_change_order_is_scope_creep_on_its_own():
    result = assess(client(events=[event(EventType.CHANGE_ORDER_REFUSED, 20)]))
    assert codes(result)["scope_creep"] == "medium"
    assert "price_change_order" not in result.signal("scope_creep").remedies


def test_a_new_contact_who_reshapes_the_work_adds_to_scope_creep():
    plain = assess(client(events=unpriced(30, 60))).signal("scope_creep")
    reshaped = assess(client(events=[event(EventType.CONTACT_CHANGE, 70), *unpriced(30, 60)])).signal("scope_creep")
    assert reshaped.severity.level >= plain.severity.level
    assert "nuevo interlocutor" in reshaped.evidence
    neutral = assess(client(events=[event(EventType.CONTACT_CHANGE, 300), *unpriced(30, 60)])).signal("scope_creep")
    assert "nuevo interlocutor" not in neutral.evidence


def test_scope_creep_ladder_is_talk_then_price_then_extras_clause():
    assert assess(client(events=unpriced(30, 60))).signal("scope_creep").remedies == (
        "talk",
        "price_change_order",
        "propose_terms",
    )


def test_scope_creep_after_every_remedy_is_exhausted_and_leads_to_an_exit():
    """GIVEN a talk about scope, a priced change order and an extras clause
    WHEN the client still refuses to pay for added work
    THEN the ladder is exhausted: invoice the work done and leave."""
    events = [
        event(EventType.CONVERSATION, 200, topic="alcance"),
        event(EventType.SCOPE_CHANGE, 180, priced=True),
        event(EventType.TERMS_CHANGED, 170, clause=Clause.CHANGE_ORDER),
        *unpriced(100, 60, 30),
        event(EventType.CHANGE_ORDER_REFUSED, 20),
    ]
    result = assess(client(events=events))
    signal = result.signal("scope_creep")
    assert signal.exhausted and signal.remedies == ()
    assert signal.severity == "high"
    assert result.recommendation == "exit"


def test_an_extras_clause_in_the_original_contract_counts_as_tried():
    result = assess(client(events=unpriced(30, 60), contract=signed_contract(change_order_clause=True)))
    assert "propose_terms" not in result.signal("scope_creep").remedies


def test_one_rate_renegotiation_is_not_haggling_but_two_are():
    once = [event(EventType.RATE_RENEGOTIATION, 30)]
    assert "haggling" not in codes(assess(client(events=once)))
    twice = once + [event(EventType.RATE_RENEGOTIATION, 90)]
    assert codes(assess(client(events=twice)))["haggling"] == "low"


def test_negotiating_before_the_contract_is_not_haggling_for_a_client():
    before = [event(EventType.RATE_RENEGOTIATION, d, after_contract=False) for d in (30, 60, 90)]
    assert "haggling" not in codes(assess(client(events=before)))


def test_haggling_grows_with_attempts_and_after_a_talk():
    attempts = [event(EventType.RATE_RENEGOTIATION, d) for d in (10, 20, 30)]
    assert codes(assess(client(events=attempts)))["haggling"] == "medium"
    talked = [event(EventType.CONVERSATION, 25, topic="tarifas"), *attempts]
    assert codes(assess(client(events=talked)))["haggling"] == "high"


def test_a_prospect_negotiating_a_quote_once_is_no_warning_sign():
    once = assess(prospect(events=[event(EventType.RATE_RENEGOTIATION, 5, after_contract=False)]))
    assert "haggling" not in codes(once)
    assert once.recommendation == "keep"


def test_a_prospect_haggling_repeatedly_is_medium_and_reopening_an_agreed_price_is_declined():
    twice = assess(prospect(events=[event(EventType.RATE_RENEGOTIATION, d, after_contract=False) for d in (5, 12)]))
    assert codes(twice)["haggling"] == "medium"
    assert twice.recommendation == "keep"
    reopened = assess(prospect(events=[event(EventType.RATE_RENEGOTIATION, 5, after_contract=True)]))
    assert codes(reopened)["haggling"] == "high"
    assert reopened.recommendation == "decline"
