"""What an exit plan takes from the silence protocol (domain.md, part 5).

The protocol's state is the assessment's reading of the messages
(`despedida.core.assessment.silence`); this module turns it into the plan's
notes and its JSON. The dates it imposes (wait for a pending ultimatum's
deadline) are applied in planning.py.
"""

from __future__ import annotations

import datetime as dt

from despedida.core.assessment.record import read_record
from despedida.core.assessment.silence import SilenceState, SilenceStep, silence_state
from despedida.core.assessment.thresholds import Thresholds
from despedida.core.plans.notes import Note
from despedida.core.portfolio.model import Business, Client


def silence_json(state: SilenceState | None) -> dict[str, str | None] | None:
    if state is None:
        return None
    return {
        "step": str(state.step),
        "since": state.awaiting_since.isoformat() if state.awaiting_since else None,
        "deadline": state.deadline.isoformat() if state.deadline else None,
    }


def silence_of(
    business: Business, client: Client, as_of: dt.date, thresholds: Thresholds | None = None
) -> SilenceState:
    """Where the silence protocol stands for this client on `as_of` (assessment's reading)."""
    return silence_state(read_record(client, business, as_of, thresholds or Thresholds()))


SILENCE_STEP_NAMES = {
    "silence_checkin": {"es": "un mensaje amable preguntando si todo va bien", "en": "a friendly check-in"},
    "silence_ultimatum": {"es": "un último mensaje con fecha límite", "en": "a last message with a deadline"},
}


def silence_notes(silence: SilenceState) -> list[Note]:
    if silence.step == SilenceStep.ULTIMATUM_SENT:
        return [Note.of("silence_deadline", deadline=silence.deadline.isoformat())]
    if silence.step == SilenceStep.CLOSE_DUE:
        return [Note.of("silence_closed", deadline=silence.deadline.isoformat())]
    next_step = silence.next_step() if silence.is_silent else None
    if next_step is None or next_step[0] not in SILENCE_STEP_NAMES:
        return []
    action, on = next_step
    return [
        Note.of(
            "silence_protocol_first",
            since=silence.awaiting_since.isoformat(),
            next_on=on.isoformat(),
            next_step_es=SILENCE_STEP_NAMES[action]["es"],
            next_step_en=SILENCE_STEP_NAMES[action]["en"],
        )
    ]
