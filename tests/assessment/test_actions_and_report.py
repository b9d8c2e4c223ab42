"""Next actions (codes, dates, one per code) and the text report."""

import io

from despedida.core.assessment.engine import assess_portfolio
from despedida.core.assessment.report import render_plain, render_rich
from despedida.core.portfolio.model import EventType, Portfolio
from tests.assessment.builders import AS_OF, assess, business, client, event, invoice, on_time_invoices, signed_contract


def test_a_long_overdue_chased_invoice_under_contract_calls_for_a_formal_demand():
    result = assess(client(invoices=[invoice("F-7", due=75, reminders=(60, 45))]))
    action = result.next_actions[0]
    assert (action.action, action.due_on) == ("formal_demand", AS_OF)
    assert action.why == "Hay contrato firmado y F-7 lleva 75 días vencida: pedir a un abogado un requerimiento formal"


def test_a_chased_invoice_with_a_late_fee_clause_calls_for_applying_it():
    result = assess(
        client(invoices=[invoice("F-7", due=40, reminders=(30,))], contract=signed_contract(late_fee_clause=True))
    )
    assert [a.action for a in result.next_actions] == ["apply_late_fee"]


def test_an_unchased_overdue_invoice_calls_for_chasing_it_first():
    result = assess(client(invoices=[invoice("F-7", due=40)], contract=signed_contract(late_fee_clause=True)))
    assert [a.action for a in result.next_actions] == ["chase_payment"]


def test_each_action_code_appears_once_however_many_signals_ask_for_it():
    events = [
        event(EventType.FEEDBACK, 20, quality="accusatory"),
        event(EventType.FEEDBACK, 10, quality="accusatory"),
        event(EventType.TEAM_MISTREATMENT, 5, severity="serious"),
    ]
    actions = [a.action for a in assess(client(events=events)).next_actions]
    assert actions.count("talk") == 1


def test_actions_are_never_dated_before_as_of():
    result = assess(client(messages=[], invoices=[invoice("F-1", due=300)]))
    assert all(a.due_on >= AS_OF for a in result.next_actions)


def portfolio():
    return Portfolio(
        business(),
        [
            client("calma", "Calma SL", invoices=on_time_invoices(10)),
            client("deudora", "Deudora SL", invoices=[invoice("F-1", due=95)]),
        ],
        as_of=AS_OF,
    )


def test_the_plain_report_lists_the_most_urgent_client_first_with_its_evidence():
    out = io.StringIO()
    render_plain(assess_portfolio(portfolio()), business(), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Evaluación de Estudio Norte a 22 nov 2026"
    assert lines[1] == "2 clientes: 1 salir, 1 mantener"
    assert lines[3].startswith("Deudora SL (deudora) · salir · Planificar la salida")
    assert (
        "  [crítica] unpaid_overdue: F-1 vencida sin cobrar por 1.000,00\u00a0€ desde el 19 ago 2026 (hace 95 días)"
        in lines
    )


def test_the_rich_report_draws_the_same_clients():
    out = io.StringIO()
    render_rich(assess_portfolio(portfolio()), business(), out)
    text = out.getvalue()
    assert "Deudora SL" in text and "Calma SL" in text
    assert "unpaid_overdue" in text
