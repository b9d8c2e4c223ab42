"""The one-sentence summary of an assessment, in the business language.

It names the outcome, the signs behind it (at most three, most severe
first) and, when a moderator changed the outcome, why: dependency on the
client's revenue, passive income, strategic value, or how little the
client brings.
"""

from __future__ import annotations

from despedida.core.assessment.decision import Decision, Moderators
from despedida.core.assessment.exit_date import ExitDate
from despedida.core.assessment.phrases import Words
from despedida.core.assessment.results import NextAction, Recommendation
from despedida.core.assessment.signals.base import Signal
from despedida.core.assessment.value import ClientValue

MAX_NAMED = 3


def summarize(
    decision: Decision,
    stage: str,
    signals: tuple[Signal, ...],
    moderators: Moderators,
    value: ClientValue,
    exit_date: ExitDate | None,
    actions: tuple[NextAction, ...],
    currency: str,
    words: Words,
    unjudged: bool = False,
) -> str:
    """One sentence; `unjudged` says some of the record was missing (see the notes)."""
    outcome = decision.recommendation
    named = words.join([words.say(f"label.{s.code}") for s in decision.reasons[:MAX_NAMED]])
    if outcome == Recommendation.WALK_AWAY:
        return words.sentence(words.say("sum.walk_away", signals=named))
    if outcome == Recommendation.DECLINE:
        key = "sum.decline_prospect" if stage == "prospect" else "sum.decline_former"
        return words.sentence(words.say(key, signals=named))
    if outcome == Recommendation.KEEP:
        return words.sentence(_keep(stage, signals, named, unjudged, words))
    if outcome == Recommendation.EXIT:
        when = exit_date.why(words) if exit_date is not None else ""
        if decision.forced and any(s.code == "ghosting" for s in decision.reasons):
            text = words.say("sum.exit_silence", when=when)
        else:
            text = words.say("sum.exit", when=when, signals=named)
        if moderators.dependent and moderators.share is not None:
            text += words.say("mod.dependency_exit", share=words.percent(moderators.share))
        elif moderators.low_value and moderators.share is not None:
            text += words.say("mod.low_value", share=words.percent(moderators.share))
        return words.sentence(text)
    if outcome == Recommendation.PROTECT:
        text = words.say("sum.protect", signals=named)
    else:
        remedy = _first_remedy(decision, actions)
        text = (
            words.say("sum.repair", signals=named, remedy=remedy)
            if remedy
            else words.say("sum.repair_no_remedy", signals=named)
        )
    return words.sentence(text + _moderator(decision.moderated, moderators, value, currency, words))


def _keep(stage: str, signals: tuple[Signal, ...], named: str, unjudged: bool, words: Words) -> str:
    codes = {s.code for s in signals}
    if stage == "prospect":
        return words.say("sum.keep_prospect_sign" if "no_contract" in codes else "sum.keep_prospect")
    if stage == "former":
        return words.say("sum.keep_former_owed" if "unpaid_overdue" in codes else "sum.keep_former")
    current = [s for s in signals if not s.remedied]
    if not current:
        remedied = [s for s in signals if s.remedied]
        if remedied:
            # The evidence opens with the remedy that worked: say that, not "no warning signs".
            return words.say("sum.keep_remedied", remedy=remedied[0].evidence.split("; ")[0])
        return words.say("sum.keep_unjudged" if unjudged else "sum.keep_clean")
    return words.say("sum.keep_minor", signals=named)


def _moderator(name: str | None, moderators: Moderators, value: ClientValue, currency: str, words: Words) -> str:
    if name == "dependency" and moderators.share is not None:
        return words.say("mod.dependency_protect", share=words.percent(moderators.share))
    if name == "passive" and value.effective_hourly_rate is not None:
        return words.say("mod.passive", rate=words.rate(value.effective_hourly_rate, currency))
    if name == "strategic":
        return words.say("mod.strategic")
    return ""


def _first_remedy(decision: Decision, actions: tuple[NextAction, ...]) -> str | None:
    """What to try first: the next rung of the main reason's ladder, else the first action due."""
    by_code = {a.action: a for a in actions}
    for signal in decision.reasons:
        for action in signal.remedies:
            if action in by_code:
                return by_code[action].why
    return next((a.why for a in actions if a.action != "plan_exit"), None)
