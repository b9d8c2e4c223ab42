"""How the silence protocol hears what happens elsewhere: the client wrote, our letter went out."""

from __future__ import annotations

from despedida.silence import protocol


def message_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A message from the client stops its silence protocol the moment it is recorded.

    Runs in the saver's transaction: if that rolls back, so does the stop.
    """
    if raw or instance.direction != "in":
        return
    protocol.client_wrote(instance)


def letter_went_out(sender, draft, user=None, now=None, **kwargs) -> None:
    """The protocol's check-in or ultimatum left (queued or sent): the protocol moves to its next state."""
    if draft.silence_protocol_id is not None:
        protocol.letter_went_out(draft, user=user, now=now)
