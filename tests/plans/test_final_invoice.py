from __future__ import annotations

import datetime as dt
from decimal import Decimal

from despedida.core.plans.final_invoice import LineKind, plan_final_invoice
from despedida.core.plans.planning import plan_exit
from despedida.core.portfolio.model import FeeType, Milestone, Payment, Project, ProjectStatus
from tests.plans.personas import AS_OF, acme, bolt, business, d, globo, invoice, nadie

LAST = d("2026-12-23")


def lines_by_kind(final) -> dict[LineKind, list]:
    grouped: dict[LineKind, list] = {}
    for line in final.lines:
        grouped.setdefault(line.kind, []).append(line)
    return grouped


def test_it_bills_open_balances_plus_delivered_milestones_not_yet_invoiced():
    """GIVEN a fixed 8000.00 project with 1 of 2 milestones delivered (earned 4000.00),
    invoiced 2400.00 (paid) + 600.00 (open)
    THEN the final invoice is 600.00 open + (4000.00 - 3000.00) unbilled = 1600.00 EUR."""
    final = plan_final_invoice(business(), acme(), AS_OF, LAST).final_invoice

    assert final.amount == Decimal("1600.00")
    assert final.currency == "EUR"
    grouped = lines_by_kind(final)
    assert [(l.ref, l.amount) for l in grouped[LineKind.OPEN_INVOICE]] == [("F-2", Decimal("600.00"))]
    [unbilled] = grouped[LineKind.UNBILLED_MILESTONES]
    assert (unbilled.earned, unbilled.invoiced, unbilled.amount) == (
        Decimal("4000.00"),
        Decimal("3000.00"),
        Decimal("1000.00"),
    )


def test_it_issues_the_final_invoice_on_the_last_day_and_makes_it_due_at_the_net_terms():
    final = plan_final_invoice(business(payment_terms_days=15), acme(), AS_OF, LAST).final_invoice

    assert final.issued_on == LAST
    assert final.due_on == LAST + dt.timedelta(days=15)


def test_it_bills_work_hours_logged_after_the_last_invoice_at_the_hourly_rate():
    """Only `work` hours after the invoice's issue date and up to as_of count:
    10.25 + 2 = 12.25 h × 45.50 = 557.375, rounded half up to 557.38."""
    final = plan_final_invoice(business(), bolt(), AS_OF, LAST).final_invoice

    [line] = final.lines
    assert line.kind == LineKind.UNBILLED_HOURS
    assert (line.hours, line.rate, line.amount) == (Decimal("12.25"), Decimal("45.50"), Decimal("557.38"))
    assert final.amount == Decimal("557.38")


def test_it_bills_every_work_hour_of_an_hourly_project_never_invoiced():
    client = bolt()
    client.invoices = []

    final = plan_final_invoice(business(), client, AS_OF, LAST).final_invoice

    assert final.lines[0].hours == Decimal("35.25")  # 20 + 3 + 10.25 + 2


def test_it_leaves_out_hourly_work_without_a_rate_and_says_so():
    client = bolt()
    client.projects[0].fee = None

    billing = plan_final_invoice(business(), client, AS_OF, LAST)

    assert billing.final_invoice is None
    assert [n.code for n in billing.notes] == ["hourly_no_rate", "nothing_owed"]


def test_it_bills_the_whole_fee_of_a_finished_fixed_project_minus_what_was_invoiced():
    client = nadie()
    client.projects = [Project("logo", "Logo", status=ProjectStatus.DONE, fee=Decimal("999.99"))]
    client.invoices = [invoice("L-1", "333.33", project="logo", issued="2026-10-01", paid="333.33")]

    final = plan_final_invoice(business(), client, AS_OF, LAST).final_invoice

    assert final.amount == Decimal("666.66")


def test_it_rounds_a_pro_rata_fee_to_the_cent():
    client = nadie()
    client.projects = [
        Project(
            "p",
            "P",
            fee=Decimal("1000.00"),
            milestones=[
                Milestone("a", delivered_on=d("2026-10-01")),
                Milestone("b"),
                Milestone("c", due_on=d("2027-01-01")),
            ],
        )
    ]

    final = plan_final_invoice(business(), client, AS_OF, LAST).final_invoice

    assert final.amount == Decimal("333.33")


def test_it_never_bills_less_than_zero_when_a_deposit_covers_the_work_done():
    client = acme()
    client.invoices.append(invoice("F-0", "3000.00", project="web", issued="2026-02-01", paid="3000.00"))

    final = plan_final_invoice(business(), client, AS_OF, LAST).final_invoice

    assert [l.kind for l in final.lines] == [LineKind.OPEN_INVOICE]
    assert final.amount == Decimal("600.00")


def test_it_is_none_when_nothing_is_owed_or_left_to_bill():
    client = acme()
    client.invoices[1] = invoice("F-2", "2400.00", project="web", issued="2026-09-02", paid="2400.00")
    client.projects[0].fee = Decimal("9600.00")  # 1 of 2 delivered: earned 4800.00, invoiced 4800.00

    billing = plan_final_invoice(business(), client, AS_OF, LAST)

    assert billing.final_invoice is None
    assert billing.notes[-1].code == "nothing_owed"


def test_it_deducts_an_overpayment_as_a_credit_in_its_own_currency():
    client = acme()
    client.invoices[0].payments[0].amount = Decimal("2500.00")  # 100.00 too much

    final = plan_final_invoice(business(), client, AS_OF, LAST).final_invoice

    assert (LineKind.CREDIT, Decimal("-100.00")) in [(l.kind, l.amount) for l in final.lines]
    assert final.amount == Decimal("1500.00")


def test_it_uses_the_business_currency_and_lists_each_currency_owed():
    """GIVEN 300.00 EUR open on G-1 and 1200.00 USD open on G-2, a EUR business
    THEN the headline is 300.00 EUR, and parts list EUR then USD."""
    billing = plan_final_invoice(business(), globo(), AS_OF, LAST)
    final = billing.final_invoice

    assert (final.amount, final.currency) == (Decimal("300.00"), "EUR")
    assert [(p.currency, p.amount) for p in final.parts] == [("EUR", Decimal("300.00")), ("USD", Decimal("1200.00"))]
    assert "several_currencies" in [n.code for n in billing.notes]
    assert final.to_json()["parts"] == [
        {"amount": "300.00", "currency": "EUR"},
        {"amount": "1200.00", "currency": "USD"},
    ]


def test_it_heads_with_another_currency_when_nothing_is_owed_in_the_business_one():
    client = globo()
    client.invoices[0].payments[0].amount = Decimal("500.00")

    final = plan_final_invoice(business(), client, AS_OF, LAST).final_invoice

    assert (final.amount, final.currency) == (Decimal("1200.00"), "USD")


def test_it_bills_a_project_in_the_currency_of_its_invoices():
    client = nadie()
    client.projects = [Project("p", "P", status=ProjectStatus.DONE, fee=Decimal("2000"), fee_type=FeeType.FIXED)]
    client.invoices = [invoice("U-1", "500.00", project="p", issued="2026-10-01", paid="500.00", currency="USD")]

    final = plan_final_invoice(business(), client, AS_OF, LAST).final_invoice

    assert (final.amount, final.currency) == (Decimal("1500.00"), "USD")


def test_it_leaves_retainers_to_their_monthly_invoices_and_says_so():
    client = nadie()
    client.projects = [Project("r", "Iguala", fee_type=FeeType.RETAINER, fee=Decimal("500"))]

    billing = plan_final_invoice(business(), client, AS_OF, LAST)

    assert billing.final_invoice is None
    assert billing.notes[0].code == "retainer_by_hand"


def test_it_notes_work_hours_not_tied_to_a_project():
    client = bolt()
    client.time[2].project = None

    billing = plan_final_invoice(business(), client, AS_OF, LAST)

    assert billing.final_invoice.lines[0].hours == Decimal("2")
    assert [n.code for n in billing.notes] == ["unassigned_hours"]


def test_the_plan_notes_that_work_delivered_before_the_last_day_is_still_to_add():
    plan = plan_exit(business(), acme(), AS_OF)

    assert "amounts_as_of" in [n.code for n in plan.notes]


def test_it_reads_invoices_and_payments_as_they_stood_on_the_plan_date():
    """GIVEN F-2 paid on 2026-12-01 and F-3 issued on 2026-12-05
    WHEN the plan is made as of 2026-11-22
    THEN F-2 is still open and F-3 does not exist yet."""
    client = acme()
    client.invoices[1].payments = [Payment(d("2026-12-01"), Decimal("600.00"))]
    client.invoices.append(invoice("F-3", "1000.00", project="web", issued="2026-12-05"))

    final = plan_final_invoice(business(), client, AS_OF, LAST).final_invoice

    assert [(l.kind, l.ref) for l in final.lines] == [
        (LineKind.OPEN_INVOICE, "F-2"),
        (LineKind.UNBILLED_MILESTONES, "web"),
    ]
    assert final.amount == Decimal("1600.00")
