"""late_payment and unpaid_overdue, each on both sides of its thresholds."""

from despedida.core.portfolio.model import Clause, EventType, Payment, TimeKind
from tests.assessment.builders import assess, client, codes, event, hours, invoice, on_time_invoices, signed_contract


def test_one_late_invoice_is_not_yet_a_pattern():
    result = assess(client(invoices=[invoice("F1", due=100, paid=60), *on_time_invoices(3)]))
    assert "late_payment" not in codes(result)


def test_two_late_invoices_make_a_late_payment_pattern():
    result = assess(
        client(invoices=[invoice("F1", due=100, paid=60), invoice("F2", due=200, paid=150), *on_time_invoices(6)])
    )
    assert "late_payment" in codes(result)


def test_a_payment_within_the_grace_days_counts_as_on_time():
    late_by_grace = [invoice(f"F{n}", due=100 + n * 30, paid=100 + n * 30 - 5) for n in range(4)]
    assert "late_payment" not in codes(assess(client(invoices=late_by_grace)))
    late_by_more = [invoice(f"F{n}", due=100 + n * 30, paid=100 + n * 30 - 6) for n in range(4)]
    assert "late_payment" in codes(assess(client(invoices=late_by_more)))


def test_a_payment_only_after_a_reminder_counts_as_late_even_within_grace():
    chased = [
        invoice(f"F{n}", due=100 + n * 30, paid=100 + n * 30 - 3, reminders=(100 + n * 30 - 1,)) for n in range(2)
    ]
    assert "late_payment" in codes(assess(client(invoices=chased + on_time_invoices(4))))


def test_late_payment_evidence_counts_invoices_median_delay_and_reminders_in_spanish():
    late = [
        invoice(f"F{n}", due=300 - n * 40, paid=300 - n * 40 - 34, reminders=(290 - n * 40, 280 - n * 40))
        for n in range(6)
    ]
    late[0].reminders.append(late[0].reminders[0])
    on_time = [invoice("OK1", due=20, paid=20), invoice("OK2", due=50, paid=52)]
    result = assess(client(invoices=late + on_time, time=[hours(40, "7.5", TimeKind.CHASING)]))
    signal = result.signal("late_payment")
    assert signal.evidence == (
        "6 de 8 facturas pagadas tarde (mediana 34 días); 13 recordatorios; 7,5 h dedicadas a cobrar"
    )


def test_late_payment_evidence_is_in_english_for_an_english_business():
    late = [invoice(f"F{n}", due=300 - n * 40, paid=300 - n * 40 - 34, reminders=(290 - n * 40,)) for n in range(2)]
    result = assess(client(invoices=late), language="en")
    assert result.signal("late_payment").evidence == "2 of 2 invoices paid late (median 34 days); 2 reminders"


def test_late_payment_rises_with_the_share_of_late_invoices_and_the_median_delay():
    mostly_late_long = [invoice(f"F{n}", due=100 + n * 30, paid=100 + n * 30 - 40) for n in range(4)]
    assert codes(assess(client(invoices=mostly_late_long)))["late_payment"] == "high"
    mostly_late_short = [invoice(f"F{n}", due=100 + n * 30, paid=100 + n * 30 - 10) for n in range(4)]
    assert codes(assess(client(invoices=mostly_late_short)))["late_payment"] == "medium"
    few_late_short = mostly_late_short[:2] + on_time_invoices(8)
    assert codes(assess(client(invoices=few_late_short)))["late_payment"] == "low"


def test_recent_late_payments_weigh_more_than_old_ones():
    """GIVEN the same late invoices and on-time ones, only their order in time differs
    WHEN the late ones are recent THEN the signal is worse than when they are old."""
    old_late = [invoice(f"L{n}", due=600 - n * 20, paid=600 - n * 20 - 10) for n in range(3)]
    recent_on_time = [invoice(f"OK{n}", due=200 - n * 40, paid=200 - n * 40) for n in range(3)]
    recent_late = [invoice(f"L{n}", due=200 - n * 40, paid=200 - n * 40 - 10) for n in range(3)]
    old_on_time = [invoice(f"OK{n}", due=600 - n * 20, paid=600 - n * 20) for n in range(3)]
    old_habit = assess(client(invoices=old_late + recent_on_time)).signal("late_payment")
    new_habit = assess(client(invoices=recent_late + old_on_time)).signal("late_payment")
    assert new_habit.severity.level > old_habit.severity.level


def test_a_protection_that_worked_brings_late_payment_down_with_nothing_left_to_try():
    before = [invoice(f"L{n}", due=400 - n * 30, paid=400 - n * 30 - 40) for n in range(4)]
    after = [invoice(f"OK{n}", due=150 - n * 30, paid=150 - n * 30) for n in range(3)]
    events = [event(EventType.TERMS_CHANGED, 200, clause=Clause.LATE_FEE)]
    result = assess(client(invoices=before + after, events=events))
    signal = result.signal("late_payment")
    assert signal.severity == "low"
    assert signal.remedies == ()
    assert "a tiempo" in signal.evidence


def test_lateness_after_a_protection_is_worse_and_climbs_the_ladder():
    before = [invoice(f"L{n}", due=400 - n * 30, paid=400 - n * 30 - 10) for n in range(2)]
    after = [invoice(f"A{n}", due=150 - n * 30, paid=150 - n * 30 - 10) for n in range(2)]
    without = assess(client(invoices=before + after)).signal("late_payment")
    events = [event(EventType.TERMS_CHANGED, 200, clause=Clause.LATE_FEE)]
    with_fee = assess(client(invoices=before + after, events=events)).signal("late_payment")
    assert with_fee.severity.level == without.severity.level + 1
    assert "apply_late_fee" not in with_fee.remedies
    assert without.remedies == ("propose_terms", "apply_late_fee", "invoice_in_advance")


def test_late_payment_ladder_is_exhausted_once_every_protection_failed():
    late = [invoice(f"L{n}", due=150 - n * 30, paid=150 - n * 30 - 10) for n in range(3)]
    events = [
        event(EventType.TERMS_CHANGED, 300, clause=Clause.LATE_FEE),
        event(EventType.TERMS_CHANGED, 250, clause=Clause.INVOICE_IN_ADVANCE),
    ]
    signal = assess(client(invoices=late, events=events)).signal("late_payment")
    assert signal.remedies == ()
    assert signal.exhausted


def test_an_invoice_within_the_overdue_grace_is_not_unpaid_overdue():
    assert "unpaid_overdue" not in codes(assess(client(invoices=[invoice("F1", due=7)])))
    assert codes(assess(client(invoices=[invoice("F1", due=8)])))["unpaid_overdue"] == "low"


def test_unpaid_overdue_grows_with_the_age_of_the_oldest_invoice():
    assert codes(assess(client(invoices=[invoice("F1", due=29)])))["unpaid_overdue"] == "low"
    assert codes(assess(client(invoices=[invoice("F1", due=30)])))["unpaid_overdue"] == "medium"
    assert codes(assess(client(invoices=[invoice("F1", due=59)])))["unpaid_overdue"] == "medium"
    assert codes(assess(client(invoices=[invoice("F1", due=60)])))["unpaid_overdue"] == "high"
    assert codes(assess(client(invoices=[invoice("F1", due=89)])))["unpaid_overdue"] == "high"
    assert codes(assess(client(invoices=[invoice("F1", due=90)])))["unpaid_overdue"] == "critical"


def test_unpaid_overdue_evidence_names_the_oldest_invoice_the_amount_and_the_reminders():
    invoices = [invoice("F-9", due=52, amount="1200.00", reminders=(40, 20)), invoice("F-10", due=20, amount="2250.00")]
    signal = assess(client(invoices=invoices)).signal("unpaid_overdue")
    assert signal.evidence == (
        "2 facturas vencidas sin cobrar por 3.450,00\u00a0€; la más antigua, F-9, venció el 1 oct 2026 (hace 52 días); "
        "2 recordatorios enviados"
    )


def test_a_partial_payment_leaves_the_balance_overdue():
    partial = invoice("F1", due=40, amount="1000.00")
    partial.payments.append(Payment(on=partial.due_on, amount=partial.amount / 2))
    signal = assess(client(invoices=[partial])).signal("unpaid_overdue")
    assert "500,00\u00a0€" in signal.evidence


def test_a_formal_demand_joins_the_ladder_only_with_a_signed_contract_and_long_overdue():
    chased = invoice("F1", due=70, reminders=(60, 50))
    assert assess(client(invoices=[chased])).signal("unpaid_overdue").remedies == ("formal_demand",)
    no_contract = client(invoices=[invoice("F1", due=70, reminders=(60,))], contract=None)
    assert assess(no_contract).signal("unpaid_overdue").remedies == ()
    recent = invoice("F1", due=40, reminders=(30,))
    assert assess(client(invoices=[recent])).signal("unpaid_overdue").remedies == ()


def test_unpaid_overdue_offers_the_late_fee_when_the_contract_has_one():
    result = assess(client(invoices=[invoice("F1", due=40)], contract=signed_contract(late_fee_clause=True)))
    assert result.signal("unpaid_overdue").remedies == ("chase_payment", "apply_late_fee")


def test_payments_after_as_of_are_not_seen():
    """An assessment "as of" a day sees only what had happened by then."""
    paid_later = invoice("F1", due=40, paid=-3)
    assert "unpaid_overdue" in codes(assess(client(invoices=[paid_later])))
