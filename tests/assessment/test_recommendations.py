"""Each recommendation, from a scenario of the practice (domain.md), with named clients.

- pagadora: pays on time, profitable: keep.
- tardona: pays late, small and not otherwise valuable: protect (change the terms).
- rentista: pays late but gives good money for little work: protect (passive income).
- ancla: a third of revenue, paying late and owing: protect, and the summary says why.
- quisquillosa: accusatory feedback: repair, starting with a call.
- gritona: mistreats the team even after a talk and a new team: exit.
- morosa: the issue's example, late, chased, unprofitable and small: exit after the milestone.
- turbia: asks for illegal work, even though it pays very well: walk away.
- regateadora: a prospect refusing the deposit: decline.
"""

from decimal import Decimal

from despedida.core.portfolio.model import EthicsKind, EventType, IncidentSeverity, Stage, StrategicValue, TimeKind
from tests.assessment.builders import (
    ago,
    assess,
    client,
    codes,
    event,
    hours,
    invoice,
    message,
    milestone,
    on_time_invoices,
    project,
    prospect,
    signed_contract,
)


def late_invoices(count: int, days_late: int, amount: str = "1000.00", reminders: int = 1) -> list:
    return [
        invoice(
            f"L{n}",
            due=300 - n * 30,
            paid=300 - n * 30 - days_late,
            amount=amount,
            reminders=tuple(range(299 - n * 30, 299 - n * 30 - reminders, -1)),
        )
        for n in range(count)
    ]


def pagadora():
    return client(
        "pagadora",
        "Pagadora SL",
        invoices=on_time_invoices(8),
        time=[hours(50, "120")],
        messages=[message("out", 30, needs_reply=True), message("in", 29)],
    )


def tardona():
    return client("tardona", "Tardona SL", invoices=late_invoices(4, 12) + on_time_invoices(2), time=[hours(50, "100")])


def rentista():
    return client(
        "rentista",
        "Rentista SA",
        invoices=late_invoices(4, 40, amount="3000.00"),
        time=[hours(50, "60"), hours(40, "4", TimeKind.CHASING)],
    )


def ancla():
    return client(
        "ancla",
        "Ancla Industrial SA",
        invoices=late_invoices(4, 40, amount="5000.00") + [invoice("OPEN", due=45, amount="5000.00", reminders=(30,))],
        time=[hours(50, "500")],
    )


def quisquillosa():
    events = [event(EventType.FEEDBACK, d, quality="accusatory") for d in (40, 15)]
    return client(
        "quisquillosa", "Quisquillosa SL", events=events, invoices=on_time_invoices(3), time=[hours(50, "40")]
    )


def gritona():
    events = [
        event(EventType.TEAM_MISTREATMENT, 150, severity=IncidentSeverity.SERIOUS),
        event(EventType.CONVERSATION, 140, topic="trato al equipo"),
        event(EventType.TEAM_MISTREATMENT, 100, severity=IncidentSeverity.MINOR),
        event(EventType.TEAM_REASSIGNED, 90),
        event(EventType.TEAM_MISTREATMENT, 30, severity=IncidentSeverity.SERIOUS),
    ]
    return client("gritona", "Gritona SL", events=events, invoices=on_time_invoices(3), time=[hours(50, "40")])


def morosa():
    """6 of 8 invoices paid a median 34 days late, 11 reminders, 7.5 h chasing, 30 EUR/h, 2 % of revenue."""
    late = [
        invoice(
            f"F-{n}",
            due=330 - n * 40,
            paid=330 - n * 40 - days,
            amount="1200.00",
            reminders=tuple(range(325 - n * 40, 325 - n * 40 - count, -1)),
        )
        for n, (days, count) in enumerate([(30, 2), (34, 2), (34, 2), (34, 2), (40, 2), (50, 1)])
    ]
    on_time = [invoice("F-7", due=60, paid=61, amount="1200.00"), invoice("F-8", due=30, paid=30, amount="1200.00")]
    work = project([milestone("Diseño", due=200, delivered=200, approved=195), milestone("Desarrollo", due=-23)])
    return client(
        "morosa",
        "Morosa Retail SL",
        invoices=late + on_time,
        time=[hours(100, "312.5"), hours(90, "7.5", TimeKind.CHASING)],
        projects=[work],
        contract=signed_contract(notice_days=15),
    )


def turbia():
    return client(
        "turbia",
        "Turbia Global SA",
        invoices=on_time_invoices(6, amount="9000.00"),
        time=[hours(50, "30")],
        events=[event(EventType.ETHICS_CONCERN, 12, kind=EthicsKind.ILLEGAL)],
        strategic_value=StrategicValue.HIGH,
    )


def regateadora():
    return prospect("regateadora", "Regateadora SL", events=[event(EventType.DEPOSIT_REFUSED, 3)])


def test_a_client_that_pays_on_time_and_pays_well_is_kept():
    result = assess(pagadora())
    assert result.recommendation == "keep"
    assert result.signals == ()
    assert result.summary == "Relación sana: no hay señales de alarma."
    assert result.next_actions == ()
    assert result.exit is None


def test_a_late_payer_of_little_weight_is_protected_by_changing_the_terms():
    result = assess(tardona())
    assert codes(result) == {"late_payment": "medium"}
    assert result.recommendation == "protect"
    assert [a.action for a in result.next_actions] == ["propose_terms"]


def test_passive_income_justifies_keeping_a_slow_payer_with_protections():
    result = assess(rentista(), share_of="100000")
    assert codes(result)["late_payment"] == "high"
    assert result.recommendation == "protect"
    assert "ingresos pasivos" in result.summary


def test_a_client_one_depends_on_with_fixable_problems_is_protected_not_dropped():
    result = assess(ancla(), share_of="75000")
    assert result.revenue_share >= 0.25
    assert codes(result) == {"late_payment": "high", "unpaid_overdue": "medium"}
    assert result.recommendation == "protect"
    assert "supone el 33 % de los ingresos" in result.summary
    assert assess(ancla(), share_of="2500000").recommendation == "repair"


def test_moderators_change_the_outcome_not_the_facts():
    """GIVEN the issue's example client WHEN it is 2 % of revenue THEN exit;
    WHEN it is 40 % THEN the same signals, word for word, but protect."""
    small = assess(morosa(), share_of="480000")
    big = assess(morosa(), share_of="24000")
    assert [s.to_json() for s in small.signals] == [s.to_json() for s in big.signals]
    assert small.recommendation == "exit"
    assert big.recommendation == "protect"
    assert "supone el 40 % de los ingresos" in big.summary


def test_accusatory_feedback_is_repaired_starting_with_a_call():
    result = assess(quisquillosa())
    assert codes(result) == {"poor_feedback": "medium"}
    assert result.recommendation == "repair"
    assert [a.action for a in result.next_actions] == ["talk"]
    assert "agendar una llamada" in result.summary


def test_a_first_serious_incident_with_the_team_starts_with_a_talk():
    result = assess(client(events=[event(EventType.TEAM_MISTREATMENT, 10, severity=IncidentSeverity.SERIOUS)]))
    assert result.recommendation == "repair"
    assert [a.action for a in result.next_actions] == ["talk"]


def test_mistreatment_after_a_talk_and_a_new_team_means_letting_the_client_go():
    result = assess(gritona(), share_of="1")
    assert result.recommendation == "exit"
    assert result.exit is not None
    assert [a.action for a in result.next_actions] == ["plan_exit"]


def test_the_issue_example_plans_an_exit_after_the_current_milestone():
    result = assess(morosa(), share_of="480000")
    late = result.signal("late_payment")
    assert (
        late.evidence == "6 de 8 facturas pagadas tarde (mediana 34 días); 11 recordatorios; 7,5 h dedicadas a cobrar"
    )
    assert late.severity == "high"
    assert result.value.effective_hourly_rate == Decimal("30.00")
    assert round(result.revenue_share, 2) == 0.02
    assert result.recommendation == "exit"
    assert result.exit.earliest_on == ago(-23)
    assert result.exit.why == "después del hito «Desarrollo» (Tienda online)"
    assert result.summary.startswith("Planificar la salida después del hito «Desarrollo» (Tienda online): paga tarde")
    assert "2 % de los ingresos" in result.summary


def test_an_ethics_concern_means_walking_away_whatever_the_value():
    result = assess(turbia(), share_of="60000")
    assert result.recommendation == "walk_away"
    assert result.exit is not None
    assert result.next_actions[0].action == "walk_away"
    assert result.summary.startswith("Retirarse:")


def test_a_prospect_refusing_a_deposit_is_declined():
    result = assess(regateadora())
    assert result.recommendation == "decline"
    assert [a.action for a in result.next_actions] == ["decline"]
    assert result.exit is None


def test_a_prospect_is_never_blamed_for_work_that_has_not_started():
    result = assess(
        prospect(
            invoices=[invoice("F1", due=90)],
            events=[
                event(EventType.FEEDBACK, 10, quality="accusatory"),
                event(EventType.SCOPE_CHANGE, 5),
                event(EventType.SCOPE_CHANGE, 6),
            ],
        )
    )
    assert set(codes(result)) <= {"no_contract"}
    assert result.recommendation == "keep"


def test_a_former_client_with_a_serious_record_is_not_taken_back():
    result = assess(client(stage=Stage.FORMER, events=gritona().events))
    assert result.recommendation == "decline"
    assert result.summary.startswith("No volver a trabajar con este cliente")
    assert result.exit is None


def test_a_former_client_that_still_owes_stays_a_prospect_once_paid_and_is_chased():
    result = assess(client(stage=Stage.FORMER, invoices=[invoice("F1", due=20)]))
    assert result.recommendation == "keep"
    assert result.summary == "Puede seguir como posible cliente futuro una vez cobrado lo pendiente."
    assert [a.action for a in result.next_actions] == ["chase_payment"]


def test_a_dependent_client_whose_ladder_is_exhausted_still_exits_with_replacement_income_in_mind():
    result = assess(gritona(), share_of="3000")
    assert result.revenue_share >= 0.25
    assert result.recommendation == "exit"
    assert "asegurar ingresos de sustitución" in result.summary


def test_summaries_are_in_english_for_an_english_business():
    assert assess(pagadora(), language="en").summary == "A healthy relationship: no warning signs."
    assert assess(regateadora(), language="en").summary == "Decline the project: it will not pay a deposit."
