"""Revenue, share, effective hourly rate, hours chasing, and low_profitability."""

from decimal import Decimal

from despedida.core.assessment.engine import assess_client
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.assessment.value import client_value, median_rate, revenue_share
from despedida.core.portfolio.model import TimeKind
from tests.assessment.builders import AS_OF, assess, business, client, codes, hours, invoice


def value_of(one):
    return client_value(one, business(), AS_OF, Thresholds())


def test_revenue_counts_invoices_issued_in_the_last_twelve_months():
    one = client(
        invoices=[
            invoice("F1", due=10, issued=364),
            invoice("F2", due=10, issued=365),
            invoice("F3", due=-40, issued=-10),
        ]
    )
    assert value_of(one).revenue_12m == Decimal("1000.00")


def test_invoices_in_another_currency_are_left_out_and_noted():
    one = client(invoices=[invoice("F1", due=10, paid=10), invoice("F2", due=10, paid=10, currency="USD")])
    result = assess(one)
    assert result.value.revenue_12m == Decimal("1000.00")
    assert "Facturas en otra moneda, fuera de los ingresos: 1" in result.notes


def test_the_effective_rate_counts_chasing_meeting_and_admin_hours():
    one = client(
        invoices=[invoice("F1", due=10, paid=10, amount="3000.00")],
        time=[
            hours(20, "50"),
            hours(20, "5", TimeKind.CHASING),
            hours(20, "3", TimeKind.MEETING),
            hours(20, "2", TimeKind.ADMIN),
        ],
    )
    value = value_of(one)
    assert value.effective_hourly_rate == Decimal("50.00")
    assert value.hours_chasing == Decimal("5")


def test_no_hours_means_no_rate_and_a_note_never_a_division_by_zero():
    result = assess(client(invoices=[invoice("F1", due=10, paid=10)]))
    assert result.value.effective_hourly_rate is None
    assert result.to_json()["value"]["effective_hourly_rate"] is None
    assert result.to_json()["value"]["hours_chasing"] is None
    assert "Sin horas registradas: no se puede calcular la tarifa efectiva" in result.notes


def test_revenue_share_is_none_when_the_portfolio_earned_nothing():
    assert revenue_share(Decimal(0), Decimal(0)) is None
    assert revenue_share(Decimal(50), Decimal(200)) == 0.25


def test_median_rate_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median_rate([Decimal("30"), Decimal("50"), Decimal("40"), Decimal("60")]) == Decimal("45.00")
    assert median_rate([]) is None


def paid_work(amount: str, worked: str):
    return client(invoices=[invoice("F1", due=30, paid=30, amount=amount)], time=[hours(40, worked)])


def test_a_rate_at_the_target_is_profitable():
    assert "low_profitability" not in codes(assess(paid_work("4500.00", "100")))


def test_low_profitability_levels_follow_the_rate_against_the_target():
    assert "low_profitability" not in codes(assess(paid_work("3825.00", "100")))  # 85 %
    assert codes(assess(paid_work("3824.00", "100")))["low_profitability"] == "low"
    assert codes(assess(paid_work("3149.00", "100")))["low_profitability"] == "medium"
    assert codes(assess(paid_work("2249.00", "100")))["low_profitability"] == "high"


def test_low_profitability_evidence_shows_rate_target_and_overhead():
    one = client(
        invoices=[invoice("F1", due=30, paid=30, amount="3000.00")],
        time=[hours(40, "90"), hours(40, "10", TimeKind.CHASING)],
    )
    assert assess(one).signal("low_profitability").evidence == (
        "30,00\u00a0€/h efectivos frente a un objetivo de 45,00\u00a0€/h (100 h en 12 meses, 10 h en cobros, reuniones y gestión)"
    )


def test_too_few_hours_are_not_judged_for_profitability():
    result = assess(paid_work("100.00", "9"))
    assert "low_profitability" not in codes(result)
    assert "Menos de 10 h registradas en 12 meses: la rentabilidad no se juzga" in result.notes


def test_without_a_target_the_portfolio_median_is_the_yardstick():
    one = paid_work("3000.00", "100")
    judged = assess_client(
        one, business(target=None), AS_OF, Thresholds(), Decimal("30000"), median_hourly_rate=Decimal("60")
    )
    assert judged.signal("low_profitability").severity == "medium"
    assert "la mediana de la cartera" in judged.signal("low_profitability").evidence
    unjudged = assess_client(one, business(target=None), AS_OF, Thresholds(), Decimal("30000"))
    assert "Sin tarifa objetivo ni mediana de la cartera: la rentabilidad no se juzga" in unjudged.notes


def test_a_workspace_target_overrides_the_business_target():
    result = assess(paid_work("3000.00", "100"), target_hourly_rate="31.00")
    assert "low_profitability" not in codes(result)
