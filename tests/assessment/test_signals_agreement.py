"""no_contract and deposit_refused."""

from despedida.core.portfolio.model import Contract, EventType, ProjectStatus
from tests.assessment.builders import ago, assess, client, codes, event, project, prospect, signed_contract


def test_work_under_way_with_a_signed_contract_and_scope_raises_nothing():
    assert "no_contract" not in codes(assess(client(projects=[project()])))


def test_work_under_way_without_contract_or_scope_is_no_contract_medium():
    result = assess(client(projects=[project()], contract=None))
    assert codes(result)["no_contract"] == "medium"
    assert result.signal("no_contract").evidence == "«Tienda online» en marcha sin contrato firmado ni alcance definido"
    assert [a.action for a in result.next_actions] == ["sign_contract"]


def test_a_signed_contract_without_a_defined_scope_is_no_contract_low():
    result = assess(client(projects=[project()], contract=signed_contract(scope_defined=False)))
    assert codes(result)["no_contract"] == "low"


def test_no_contract_needs_work_under_way():
    finished = assess(client(projects=[project(status=ProjectStatus.DONE)], contract=None))
    assert "no_contract" not in codes(finished)


def test_a_contract_signed_after_as_of_does_not_count_yet():
    result = assess(client(projects=[project()], contract=Contract(signed_on=ago(-5), scope_defined=True)))
    assert codes(result)["no_contract"] == "low"


def test_a_prospect_without_contract_is_only_reminded_to_sign_first():
    result = assess(prospect())
    assert codes(result) == {"no_contract": "low"}
    assert result.recommendation == "keep"
    assert [a.action for a in result.next_actions] == ["sign_contract"]


def test_a_refused_deposit_is_high_for_a_prospect_and_medium_for_a_client():
    refusal = [event(EventType.DEPOSIT_REFUSED, 10)]
    assert codes(assess(prospect(events=refusal)))["deposit_refused"] == "high"
    assert codes(assess(client(events=list(refusal))))["deposit_refused"] == "medium"


def test_the_contract_flag_counts_as_a_refusal():
    assert codes(assess(prospect(contract=Contract(deposit_refused=True))))["deposit_refused"] == "high"


def test_a_deposit_asked_for_and_unpaid_counts_after_the_wait():
    waiting = Contract(signed_on=ago(14), scope_defined=True, deposit_requested=True)
    assert "deposit_refused" not in codes(assess(client(contract=waiting)))
    overdue = Contract(signed_on=ago(15), scope_defined=True, deposit_requested=True)
    assert codes(assess(client(contract=overdue)))["deposit_refused"] == "medium"
    paid = Contract(signed_on=ago(40), scope_defined=True, deposit_requested=True, deposit_paid_on=ago(38))
    assert "deposit_refused" not in codes(assess(client(contract=paid)))


def test_a_client_that_refused_a_deposit_is_protected_by_invoicing_in_advance():
    result = assess(client(events=[event(EventType.DEPOSIT_REFUSED, 100)]))
    # Asking for a deposit again (propose_terms) is a refused rung: only invoicing in advance is left.
    assert result.signal("deposit_refused").remedies == ("invoice_in_advance",)
    assert result.recommendation == "protect"
