"""Which client a mail message belongs to, and which way it went (pure).

A message is outgoing when it was sent from one of the business's own
addresses (the mailbox's, the SMTP account's, the aliases in Settings,
`--me` on the command line), incoming otherwise. The other side is the
sender of an incoming message, the recipients (To, Cc) of an outgoing one.
A client is found first by an exact address of the other side, then by a
domain of its own (never a public mail domain). A domain two clients claim
matches neither: the user says whose the address is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from despedida.mailbox.addresses import domain_of, is_public, normal_address, normal_domain


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class How(StrEnum):
    ADDRESS = "address"
    DOMAIN = "domain"


@dataclass(frozen=True, slots=True)
class Directory:
    """Who is who: the business's addresses, and each client's addresses and domains (client ids)."""

    own: frozenset[str] = frozenset()
    addresses: Mapping[str, int] = field(default_factory=dict)
    domains: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        own: Iterable[str],
        client_addresses: Iterable[tuple[int, str]],
        client_domains: Iterable[tuple[int, str]] = (),
    ) -> Directory:
        """From (client id, address) and (client id, domain) pairs.

        A client's addresses give its domain too, unless the domain is public
        or the business's own. A domain claimed by two clients is dropped.
        """
        own_set = frozenset(normal_address(a) for a in own if a and "@" in a)
        own_domains = {domain_of(a) for a in own_set}
        addresses: dict[str, int] = {}
        claims: dict[str, set[int]] = {}
        for client, address in client_addresses:
            address = normal_address(address)
            if not address or address in own_set:
                continue
            addresses.setdefault(address, client)
            claims.setdefault(domain_of(address), set()).add(client)
        for client, domain in client_domains:
            claims.setdefault(normal_domain(domain), set()).add(client)
        domains = {
            domain: next(iter(clients))
            for domain, clients in claims.items()
            if len(clients) == 1 and domain and not is_public(domain) and domain not in own_domains
        }
        return cls(own=own_set, addresses=addresses, domains=domains)


@dataclass(frozen=True, slots=True)
class Match:
    direction: Direction
    client: int | None
    how: How | None
    counterparts: tuple[str, ...]
    """The addresses of the other side: what an unmatched message could later be matched on."""


def match(
    sender: str | None, recipients: Iterable[str], directory: Directory, counterparts: Iterable[str] | None = None
) -> Match:
    """Match one message; `counterparts` overrides the other side (a bounce names the address that failed)."""
    sender = normal_address(sender or "")
    outgoing = sender in directory.own
    if counterparts is not None:
        others = tuple(normal_address(a) for a in counterparts)
    elif outgoing:
        others = tuple(a for a in (normal_address(r) for r in recipients) if a not in directory.own)
    else:
        others = (sender,) if sender else ()
    direction = Direction.OUT if outgoing else Direction.IN
    for address in others:
        client = directory.addresses.get(address)
        if client is not None:
            return Match(direction, client, How.ADDRESS, others)
    for address in others:
        client = _by_domain(domain_of(address), directory.domains)
        if client is not None:
            return Match(direction, client, How.DOMAIN, others)
    return Match(direction, None, None, others)


def _by_domain(domain: str, domains: Mapping[str, int]) -> int | None:
    """The client of `domain` or of a parent domain (mail.acme.example belongs to acme.example)."""
    parts = domain.split(".")
    for start in range(len(parts) - 1):
        client = domains.get(".".join(parts[start:]))
        if client is not None:
            return client
    return None
