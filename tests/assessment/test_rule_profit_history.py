"""Rule: "Judge profitability on enough history" (domain.md).

A client of a few weeks, or a fixed fee still mostly unbilled, is too early
to call unprofitable: the agreed fee is counted against the share of work
delivered (milestones delivered), and the assessment says when there is too
little to judge instead of giving a verdict.
"""

import dataclasses
from decimal import Decimal

import pytest

from despedida.core.assessment.results import Recommendation
from despedida.core.portfolio.model import Contract, Project, TimeEntry
from tests.assessment.builders import ago, assess, client, hours, invoice, milestone, on_time_invoices

TOO_EARLY = {"es": "es pronto para juzgar", "en": "too early to judge"}


def newcomer(age_days: int, rate_ratio: float = 0.3):
    """A client whose first work is `age_days` old, paying `rate_ratio` x the 45/h target so far."""
    amount = Decimal("1000.00")
    logged = f"{float(amount) / (45 * rate_ratio):.1f}"
    return client(
        contract=Contract(signed_on=ago(age_days), scope_defined=True),
        invoices=[
            invoice("N1", due=max(age_days - 30, 0), paid=max(age_days - 30, 0), issued=age_days - 1, amount="1000.00")
        ],
        time=[hours(age_days - 1, logged)],
    )


@pytest.mark.parametrize("age_days", [10, 25, 45, 59])
@pytest.mark.parametrize("ratio", [0.2, 0.5, 0.8])
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_client_of_a_few_weeks_is_too_early_to_call_unprofitable(age_days, ratio, language):
    result = assess(newcomer(age_days, ratio), language=language)
    assert result.signal("low_profitability") is None
    assert any(TOO_EARLY[language] in note for note in result.notes)
    assert result.recommendation == Recommendation.KEEP


@pytest.mark.parametrize("age_days", [60, 120, 300])
def test_with_enough_history_the_verdict_is_given(age_days):
    result = assess(newcomer(age_days, 0.3))
    assert result.signal("low_profitability") is not None
    assert not any(TOO_EARLY["es"] in note for note in result.notes)


def test_the_history_needed_is_a_setting():
    assert assess(newcomer(45, 0.3), min_history_days=30).signal("low_profitability") is not None


def fixed_fee_client(delivered: int, of: int = 4, fee: str = "12000", invoiced: str = "1200.00", logged: str = "150"):
    """A long-standing client on a fixed fee (a 10 % deposit invoiced), `delivered` of `of` milestones delivered."""
    stones = [
        milestone(f"Hito {n + 1}", due=120 - 30 * n, delivered=(130 - 30 * n) if n < delivered else None)
        for n in range(of)
    ]
    web = Project(id="web", name="Tienda online", started_on=ago(200), fee=Decimal(fee), milestones=stones)
    deposit = dataclasses.replace(invoice("D1", due=185, paid=185, issued=195, amount=invoiced), project="web")
    return client(
        projects=[web], invoices=[deposit], time=[TimeEntry(on=ago(20), hours=Decimal(logged), project="web")]
    )


@pytest.mark.parametrize("delivered", [2, 3, 4])
def test_a_mostly_unbilled_fixed_fee_counts_the_fee_delivered(delivered):
    # Invoiced alone: 1200 / 150 h = 8/h, a fraction of the target. Delivered share of 12000: 6000 to 12000.
    result = assess(fixed_fee_client(delivered))
    assert result.signal("low_profitability") is None


def test_the_delivered_share_is_counted_but_can_still_fall_short():
    # 1 of 4 delivered: 3000 earned over 150 h = 20/h, still under half the target; the evidence says what was counted.
    result = assess(fixed_fee_client(1), language="en")
    signal = result.signal("low_profitability")
    assert signal is not None and signal.severity == "high"
    assert "€1,800.00 of fixed fee earned by the milestones delivered on «Tienda online»" in signal.evidence


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("of", [0, 3, 6])
def test_a_fixed_fee_with_nothing_delivered_yet_is_too_early_to_judge(language, of):
    result = assess(fixed_fee_client(0, of=of), language=language)
    assert result.signal("low_profitability") is None
    assert any(TOO_EARLY[language] in note and "Tienda online" in note for note in result.notes)


def test_a_fixed_fee_mostly_billed_is_judged_on_its_invoices():
    result = assess(fixed_fee_client(0, invoiced="7000.00", logged="400"))
    assert result.signal("low_profitability") is not None  # 7000 / 400 h = 17.50/h


def test_a_long_hourly_client_paying_little_is_still_unprofitable():
    result = assess(client(invoices=on_time_invoices(6, amount="300.00"), time=[hours(30, "100")]))
    assert result.signal("low_profitability").severity == "high"
