"""Properties every exit plan keeps, for any client the format can describe."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from despedida.core.plans.planning import StepAction, plan_exit
from despedida.core.portfolio.model import (
    Client,
    Contract,
    FeeType,
    Invoice,
    Milestone,
    Payment,
    Project,
    ProjectStatus,
    TimeEntry,
    TimeKind,
)
from tests.dates import AS_OF
from tests.plans.personas import business

dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31))
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50000"), places=2)
maybe_date = st.none() | dates

milestones = st.builds(Milestone, name=st.text(min_size=1, max_size=8), due_on=maybe_date, delivered_on=maybe_date)


@st.composite
def projects(draw, index: int) -> Project:
    return Project(
        id=f"p{index}",
        name=f"Proyecto {index}",
        status=draw(st.sampled_from(ProjectStatus)),
        fee_type=draw(st.sampled_from(FeeType)),
        fee=draw(st.none() | money),
        milestones=draw(st.lists(milestones, max_size=4)),
    )


@st.composite
def clients(draw) -> Client:
    project_list = [draw(projects(i)) for i in range(draw(st.integers(0, 3)))]
    project_ids = [p.id for p in project_list] + [None]
    invoices = []
    for i in range(draw(st.integers(0, 4))):
        paid = draw(st.lists(st.builds(Payment, on=dates, amount=money), max_size=2))
        invoices.append(
            Invoice(
                f"F-{i}",
                draw(money),
                draw(st.sampled_from(["EUR", "USD"])),
                issued_on=draw(maybe_date),
                project=draw(st.sampled_from(project_ids)),
                payments=paid,
            )
        )
    time = draw(
        st.lists(
            st.builds(
                TimeEntry,
                on=dates,
                hours=st.decimals(min_value=Decimal("0.25"), max_value=Decimal("12"), places=2),
                kind=st.sampled_from(TimeKind),
                project=st.sampled_from(project_ids),
            ),
            max_size=6,
        )
    )
    contract = draw(st.none() | st.builds(Contract, notice_days=st.none() | st.integers(0, 120)))
    return Client("c", "Cliente", contract=contract, projects=project_list, invoices=invoices, time=time)


def current_due_dates(client: Client) -> list[dt.date]:
    """Due dates of the milestone in hand of every project that is mid-job."""
    return [
        p.current_milestone().due_on
        for p in client.projects
        if p.is_mid_job and p.current_milestone().due_on is not None
    ]


plan_inputs = dict(
    client=clients(), lead_days=st.integers(1, 40), handover_days=st.integers(0, 60), buffer_days=st.integers(1, 60)
)


@settings(max_examples=300, deadline=None)
@given(**plan_inputs)
def test_work_never_ends_mid_job_nor_before_the_notice_period_ends(client, lead_days, handover_days, buffer_days):
    notice_on = AS_OF + dt.timedelta(days=lead_days)
    plan = plan_exit(business(), client, AS_OF, notice_on, handover_days=handover_days, buffer_days=buffer_days)

    for due_on in current_due_dates(client):
        if due_on >= AS_OF:
            assert plan.last_work_on >= due_on
    notice_days = (client.contract.notice_days or 0) if client.contract else 0
    assert plan.last_work_on >= notice_on + dt.timedelta(days=notice_days)
    if any(p.is_mid_job for p in client.projects):
        assert plan.last_work_on > AS_OF


@settings(max_examples=300, deadline=None)
@given(**plan_inputs)
def test_the_letter_is_sent_at_least_a_day_after_it_is_drafted(client, lead_days, handover_days, buffer_days):
    plan = plan_exit(
        business(),
        client,
        AS_OF,
        AS_OF + dt.timedelta(days=lead_days),
        handover_days=handover_days,
        buffer_days=buffer_days,
    )

    assert plan.step(StepAction.SEND_LETTER).on >= plan.step(StepAction.DRAFT_LETTER).on + dt.timedelta(days=1)
    review = plan.step(StepAction.REVIEW)
    assert plan.step(StepAction.DRAFT_LETTER).on <= review.on < plan.step(StepAction.SEND_LETTER).on


@settings(max_examples=300, deadline=None)
@given(**plan_inputs)
def test_the_handover_follows_the_last_day_of_work_and_the_steps_are_in_date_order(
    client, lead_days, handover_days, buffer_days
):
    plan = plan_exit(
        business(),
        client,
        AS_OF,
        AS_OF + dt.timedelta(days=lead_days),
        handover_days=handover_days,
        buffer_days=buffer_days,
    )

    assert plan.handover_until == plan.last_work_on + dt.timedelta(days=handover_days)
    assert plan.step(StepAction.LAST_WORK).on <= plan.step(StepAction.HANDOVER_END).on
    assert [s.on for s in plan.steps] == sorted(s.on for s in plan.steps)


@settings(max_examples=300, deadline=None)
@given(client=clients())
def test_the_final_invoice_is_positive_cents_in_one_currency_or_null(client):
    plan = plan_exit(business(), client, AS_OF)
    final = plan.final_invoice

    if final is None:
        assert plan.step(StepAction.FINAL_INVOICE) is None
        return
    assert final.amount > 0
    assert final.amount == final.amount.quantize(Decimal("0.01"))
    assert final.parts[0].amount == final.amount and final.parts[0].currency == final.currency
    for part in final.parts:
        assert part.amount == sum((l.amount for l in final.lines if l.currency == part.currency), Decimal(0))
    assert final.issued_on == plan.last_work_on
    json.dumps(plan.to_json())  # every value serialises
