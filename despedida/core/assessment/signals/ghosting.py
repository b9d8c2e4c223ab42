"""`ghosting`: silence while something waits on the client (the silence protocol's state)."""

from __future__ import annotations

from despedida.core.assessment.phrases import Words
from despedida.core.assessment.record import ClientRecord
from despedida.core.assessment.signals.base import Category, Severity, Signal
from despedida.core.assessment.silence import SilenceState, SilenceStep

SEVERITY = {
    SilenceStep.CHECKIN_DUE: Severity.LOW,  # don't panic, assume nothing yet
    SilenceStep.CHECKIN_SENT: Severity.MEDIUM,
    SilenceStep.ULTIMATUM_DUE: Severity.HIGH,
    SilenceStep.ULTIMATUM_SENT: Severity.HIGH,
    SilenceStep.CLOSE_DUE: Severity.CRITICAL,
}

REMAINING = {
    SilenceStep.CHECKIN_DUE: ("silence_checkin", "silence_ultimatum", "silence_close"),
    SilenceStep.CHECKIN_SENT: ("silence_ultimatum", "silence_close"),
    SilenceStep.ULTIMATUM_DUE: ("silence_ultimatum", "silence_close"),
    SilenceStep.ULTIMATUM_SENT: ("silence_close",),
    SilenceStep.CLOSE_DUE: ("silence_close",),
}


def ghosting(record: ClientRecord, state: SilenceState, words: Words) -> Signal | None:
    """A message needing a reply unanswered for `silence_days` or more.

    Severity follows the protocol's step: LOW while the check-in is due,
    MEDIUM once it was sent, HIGH when the ultimatum is due or sent,
    CRITICAL once its deadline passed with no reply (that forces an exit).
    """
    if not state.is_silent:
        return None
    since, days = words.date(state.awaiting_since), words.days(state.days_silent(record.as_of))
    if state.awaiting_subject:
        parts = [words.say("ev.silence_subject", subject=state.awaiting_subject, date=since, days=days)]
    else:
        parts = [words.say("ev.silence", date=since, days=days)]
    if state.checkin_sent_on is not None:
        parts.append(words.say("ev.silence_checkin", date=words.date(state.checkin_sent_on)))
    if state.ultimatum_sent_on is not None:
        parts.append(
            words.say(
                "ev.silence_ultimatum", date=words.date(state.ultimatum_sent_on), deadline=words.date(state.deadline)
            )
        )
    if state.expired:
        parts.append(words.say("ev.silence_expired", deadline=words.date(state.deadline)))
    return Signal(
        code="ghosting",
        severity=SEVERITY[state.step],
        evidence="; ".join(parts),
        remedies=REMAINING[state.step],
        category=Category.CONDUCT,
        exhausted=state.expired,
        forces_exit=state.expired,
        facts={"step": str(state.step), "days_silent": state.days_silent(record.as_of)},
    )
