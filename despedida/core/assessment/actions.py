"""Dated next actions for a client, in cli.md action codes.

What is due follows from the recommendation: the ending itself (walk away,
decline, plan the exit), the silence protocol's next step, collecting what
is overdue, and, while the client is kept, the next untried rung of the
ladder of every signal, however minor: a first incident is not a reason to
leave, but it is a reason to act (domain.md, "Every sign comes with its
next rung"). One action per code, soonest first.
"""

from __future__ import annotations

import datetime as dt

from despedida.core.assessment.phrases import Words
from despedida.core.assessment.results import NextAction, Recommendation
from despedida.core.assessment.signals.base import Signal
from despedida.core.assessment.silence import SilenceState, SilenceStep

# Ties on the same day: the ending first, then money, then the rest.
PRIORITY = (
    "walk_away",
    "decline",
    "plan_exit",
    "silence_close",
    "silence_ultimatum",
    "silence_checkin",
    "formal_demand",
    "chase_payment",
    "apply_late_fee",
    "sign_contract",
    "talk",
    "reassign_team",
    "price_change_order",
    "invoice_in_advance",
    "propose_terms",
)
_ORDER = {code: index for index, code in enumerate(PRIORITY)}

# Signals whose actions are worked out apart (not from their first rung).
_SPECIAL = {"ethics", "ghosting", "unpaid_overdue"}


def next_actions(
    recommendation: Recommendation,
    stage: str,
    signals: tuple[Signal, ...],
    silence: SilenceState,
    as_of: dt.date,
    words: Words,
) -> tuple[NextAction, ...]:
    actions: list[NextAction] = []
    if recommendation == Recommendation.WALK_AWAY:
        actions.append(NextAction("walk_away", as_of, words.say("do.walk_away")))
    elif recommendation == Recommendation.DECLINE and stage == "prospect":
        actions.append(NextAction("decline", as_of, words.say("do.decline")))
    elif recommendation == Recommendation.EXIT:
        actions.append(NextAction("plan_exit", as_of, words.say("do.plan_exit")))

    if stage == "active" and silence.is_silent and recommendation != Recommendation.WALK_AWAY:
        actions.append(_silence_action(silence, as_of, words))

    unpaid = next((s for s in signals if s.code == "unpaid_overdue"), None)
    if unpaid is not None:
        actions.append(_collect_action(unpaid, as_of, words))

    keeping = recommendation in (Recommendation.KEEP, Recommendation.PROTECT, Recommendation.REPAIR)
    for signal in signals:
        if signal.code in _SPECIAL or not signal.remedies:
            continue
        if signal.code == "no_contract" and recommendation != Recommendation.DECLINE:
            actions.append(NextAction("sign_contract", as_of, words.say("do.sign_contract")))
        elif keeping and stage in ("active", "prospect") and signal.remedies[0] != "decline":
            action = signal.remedies[0]
            actions.append(NextAction(action, as_of, _why(action, signal.code, words)))
    return tuple(_one_per_code(actions))


def _silence_action(silence: SilenceState, as_of: dt.date, words: Words) -> NextAction:
    action, due = silence.next_step()
    if action == "silence_checkin":
        why = words.say("do.silence_checkin", date=words.date(silence.awaiting_since))
    elif action == "silence_ultimatum":
        why = words.say("do.silence_ultimatum", date=words.date(silence.checkin_sent_on))
    elif silence.step == SilenceStep.CLOSE_DUE:
        why = words.say("do.silence_close.expired", date=words.date(silence.deadline))
    else:
        why = words.say("do.silence_close", date=words.date(silence.deadline))
    # A step whose day has passed is due now; an upcoming one keeps its day.
    return NextAction(action, max(due, as_of), why)


def _collect_action(unpaid: Signal, as_of: dt.date, words: Words) -> NextAction:
    facts = unpaid.facts
    days = words.days(facts["days_overdue"])
    remedies = [r for r in unpaid.remedies if r != "chase_payment"] if "chase_payment" not in unpaid.remedies else []
    if "formal_demand" in remedies:
        return NextAction("formal_demand", as_of, words.say("do.formal_demand", id=facts["oldest_id"], days=days))
    if "apply_late_fee" in remedies:
        return NextAction("apply_late_fee", as_of, words.say("do.apply_late_fee"))
    return NextAction(
        "chase_payment",
        as_of,
        words.say("do.chase_payment", amount=facts["amount_text"], id=facts["oldest_id"], days=days),
    )


def _why(action: str, code: str, words: Words) -> str:
    if action == "apply_late_fee":
        return words.say("do.apply_late_fee.add")
    specific = f"do.{action}.{code}"
    return words.say(specific if words.has(specific) else f"do.{action}")


def _one_per_code(actions: list[NextAction]) -> list[NextAction]:
    seen: dict[str, NextAction] = {}
    for action in actions:
        if action.action not in seen:
            seen[action.action] = action
    return sorted(seen.values(), key=lambda a: (a.due_on, _ORDER.get(a.action, len(_ORDER)), a.action))
