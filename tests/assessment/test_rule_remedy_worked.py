"""Rule: "A remedy that worked counts" (domain.md, How the ladder reads the record).

After a protection was added (late fee, deposit, invoicing in advance),
the sign is judged on what happened since the change and the evidence says
the remedy worked; what came before is history in the evidence, not a
current fault.
"""

import pytest

from despedida.core.assessment.phrases import words_for
from despedida.core.assessment.results import Recommendation
from despedida.core.portfolio.model import Clause, EventType
from tests.assessment.builders import ago, assess, client, event, hours, invoice, signed_contract

PAYMENT_CLAUSES = [Clause.LATE_FEE, Clause.DEPOSIT, Clause.INVOICE_IN_ADVANCE]
FLAGS = {Clause.LATE_FEE: {"late_fee_clause": True}}


def late_payer(clause, added, since_count, days_late, before_count=6, recorded="event", late_since=0):
    """`before_count` invoices paid `days_late` late, then `clause` added `added` days ago,
    then `since_count` invoices due after it (the last `late_since` of them paid late)."""
    before = [
        invoice(
            f"A{n}", due=added + 20 + 30 * n, paid=added + 20 + 30 * n - days_late, reminders=(added + 19 + 30 * n,)
        )
        for n in range(before_count)
    ]
    step = max(1, (added - 5) // max(since_count, 1))
    since = []
    for n in range(since_count):
        due = added - 5 - n * step
        late = n < late_since
        since.append(invoice(f"B{n}", due=due, paid=due - 15 if late else due, reminders=(due - 1,) if late else ()))
    contract = signed_contract(signed_on=ago(700))
    if recorded == "contract flag and event" and clause in FLAGS:
        # The contract as it stands now (amended), signed long before the clause was added.
        contract = signed_contract(signed_on=ago(700), **FLAGS[clause])
    return client(
        contract=contract,
        invoices=before + since,
        time=[hours(20, "40")],
        events=[event(EventType.TERMS_CHANGED, added, clause=clause)],
    )


@pytest.mark.parametrize("clause", PAYMENT_CLAUSES)
@pytest.mark.parametrize("added, since_count", [(200, 6), (120, 2), (300, 9)])
@pytest.mark.parametrize("days_late", [12, 45])
@pytest.mark.parametrize("recorded", ["event", "contract flag and event"])
def test_a_protection_followed_by_on_time_payments_worked(clause, added, since_count, days_late, recorded):
    result = assess(late_payer(clause, added, since_count, days_late, recorded=recorded))
    signal = result.signal("late_payment")
    assert signal.remedied and signal.severity == "low" and signal.remedies == ()
    # History, not a current fault: the client is kept, with nothing about payment to do.
    assert result.recommendation == Recommendation.KEEP
    assert not {"propose_terms", "apply_late_fee", "invoice_in_advance"} & {a.action for a in result.next_actions}


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("clause", PAYMENT_CLAUSES)
def test_the_evidence_says_which_remedy_worked_since_when_and_keeps_the_history(language, clause):
    words = words_for(language)
    result = assess(late_payer(clause, 200, 6, 45), language=language)
    evidence = result.signal("late_payment").evidence
    first, history = evidence.split("; ")[:2]
    assert words.say(f"clause.{clause}") in first and words.date(ago(200)) in first
    assert ("funcionó" if language == "es" else "worked") in first
    assert "6" in first
    assert ("6 de 6" if language == "es" else "6 of 6") in history
    assert first in result.summary


def test_the_example_of_the_issue_reads_as_it_should():
    result = assess(late_payer(Clause.LATE_FEE, 200, 6, 45), language="en")
    assert result.signal("late_payment").evidence.startswith(
        f"the late-payment fee added on {words_for('en').date(ago(200))} worked: the 6 invoices since were paid on time"
    )


@pytest.mark.parametrize("clause", PAYMENT_CLAUSES)
def test_one_slip_since_the_change_is_not_a_pattern(clause):
    result = assess(late_payer(clause, 200, 6, 45, late_since=1), language="en")
    signal = result.signal("late_payment")
    assert signal.remedied and "5 of the 6 invoices since" in signal.evidence


@pytest.mark.parametrize("clause", PAYMENT_CLAUSES)
@pytest.mark.parametrize("late_since", [2, 4])
def test_lateness_going_on_since_the_change_is_a_current_fault_and_worse(clause, late_since):
    result = assess(late_payer(clause, 200, 6, 45, late_since=late_since))
    signal = result.signal("late_payment")
    assert not signal.remedied
    assert signal.severity in ("high", "critical")
    assert result.recommendation != Recommendation.KEEP


@pytest.mark.parametrize("clause", PAYMENT_CLAUSES)
def test_too_few_invoices_since_the_change_to_say_it_worked(clause):
    result = assess(late_payer(clause, 40, 1, 45))
    assert not result.signal("late_payment").remedied


def scope_client(clause_added, priced_since, unpriced_since=0):
    """Unpriced changes 300-200 days ago, the change-order clause added `clause_added` days ago, then changes."""
    events = [event(EventType.SCOPE_CHANGE, d) for d in (300, 260, 220)]
    events.append(event(EventType.TERMS_CHANGED, clause_added, clause=Clause.CHANGE_ORDER))
    events += [event(EventType.SCOPE_CHANGE, clause_added - 10 - 15 * n, priced=True) for n in range(priced_since)]
    events += [event(EventType.SCOPE_CHANGE, clause_added - 12 - 15 * n) for n in range(unpriced_since)]
    return client(events=events, invoices=[], time=[hours(20, "40")])


@pytest.mark.parametrize("clause_added", [180, 100])
@pytest.mark.parametrize("priced_since", [2, 4])
@pytest.mark.parametrize("language, words", [("es", "el remedio funcionó"), ("en", "worked")])
def test_a_change_order_clause_followed_by_priced_changes_worked(clause_added, priced_since, language, words):
    result = assess(scope_client(clause_added, priced_since), language=language)
    signal = result.signal("scope_creep")
    assert signal.remedied and signal.severity == "low" and signal.remedies == ()
    assert words in signal.evidence.split("; ")[0]
    assert result.recommendation == Recommendation.KEEP


@pytest.mark.parametrize("priced_since, unpriced_since", [(1, 0), (3, 1), (0, 2)])
def test_unpriced_changes_since_the_clause_or_too_few_priced_is_no_proof(priced_since, unpriced_since):
    signal = assess(scope_client(150, priced_since, unpriced_since)).signal("scope_creep")
    assert not signal.remedied
