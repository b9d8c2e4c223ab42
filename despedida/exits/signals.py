"""Reactions to changes in the client record."""

from __future__ import annotations


def message_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A message from the client stops its silence protocol the moment it is recorded.

    Runs in the saver's transaction: if that rolls back, so does the stop.
    """
    if raw or instance.direction != "in":
        return
    from despedida.exits.silence_protocol import client_wrote

    client_wrote(instance)
