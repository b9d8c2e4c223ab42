"""What a message carries besides its text: attachments other apps render when it is sent.

The outbox knows nothing of letters or PDFs; an app that wants its messages to carry
a document registers a provider when it starts (documents does, for a letter's PDF).
A provider gets the outbound message and returns (filename, content, mimetype) triples.
"""

from __future__ import annotations

from collections.abc import Callable

Attachment = tuple[str, bytes, str]
Provider = Callable[[object], list[Attachment]]

_providers: dict[str, Provider] = {}


def register_attachments(name: str, provider: Provider) -> None:
    _providers[name] = provider


def attachments_for(message) -> list[Attachment]:
    """Every attachment the registered providers render for `message`, rendered again for every attempt."""
    return [attachment for provider in _providers.values() for attachment in provider(message)]
