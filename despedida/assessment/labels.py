"""Translatable names for the engine's codes (signals, actions, remedies): the one set of labels every page shows."""

from django.utils.translation import gettext_lazy as _

SIGNALS = {
    "late_payment": _("Pays late"),
    "unpaid_overdue": _("Money overdue"),
    "no_contract": _("Working without a contract"),
    "deposit_refused": _("Refuses a deposit"),
    "slow_feedback": _("Slow feedback"),
    "poor_feedback": _("Vague or accusatory feedback"),
    "scope_creep": _("Scope creep"),
    "haggling": _("Haggles over agreed rates"),
    "team_mistreatment": _("Mistreats your team"),
    "advice_rejected": _("Rejects your advice"),
    "ethics": _("Asks for work you can't do in conscience"),
    "ghosting": _("Gone silent"),
    "low_profitability": _("Doesn't pay off"),
}

ACTIONS = {
    "chase_payment": _("Chase the payment"),
    "formal_demand": _("Send a formal payment demand"),
    "apply_late_fee": _("Apply the late-payment penalty"),
    "propose_terms": _("Propose new terms"),
    "invoice_in_advance": _("Invoice in advance"),
    "price_change_order": _("Price the change as a change order"),
    "talk": _("Talk it through"),
    "reassign_team": _("Reassign the team"),
    "silence_checkin": _("Send a check-in"),
    "silence_ultimatum": _("Send the last message with a reply-by date"),
    "silence_close": _("Close the project and invoice"),
    "plan_exit": _("Plan the exit"),
    "walk_away": _("Walk away"),
    "decline": _("Decline the prospect"),
    "sign_contract": _("Sign a contract"),
}


def signal_label(code: str) -> str:
    return str(SIGNALS.get(code, code))


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code.replace("_", " ")))


def signal_labels() -> dict[str, str]:
    """Every warning sign's label, in the active language."""
    return {code: signal_label(code) for code in SIGNALS}
