"""What `despedida worker` runs for the workflows on each pass: letters the outbox sent, then due protocol steps."""

from __future__ import annotations

import datetime as dt

from despedida.letters.sending import sync_outbox
from despedida.silence.protocol import run_due_protocols


def run_workflows(now: dt.datetime) -> int:
    """Follow letters the outbox has sent, then run the silence protocols. Returns the changes made."""
    return sync_outbox(now) + run_due_protocols(now)
