"""Mail addresses and domains: normalising them, and the public mail domains (pure).

A client is matched by its own domain only when the domain is its own:
never a public mail service, where anyone gets an address. The list of
public domains is data, `rules/public_domains.txt`, one per line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PUBLIC_DOMAINS = Path(__file__).with_name("rules") / "public_domains.txt"


def normal_address(text: str) -> str:
    """ "Ana@Acme.Example " -> "ana@acme.example"."""
    return text.strip().strip("<>").strip().lower()


def normal_domain(text: str) -> str:
    """ "@Acme.Example." -> "acme.example"."""
    return text.strip().lstrip("@").rstrip(".").lower()


def domain_of(address: str) -> str:
    return normal_domain(address.rpartition("@")[2])


def is_address(text: str) -> bool:
    local, at, domain = normal_address(text).rpartition("@")
    return bool(at and local and "." in domain and not any(c.isspace() for c in text.strip()))


def is_domain(text: str) -> bool:
    domain = normal_domain(text)
    return "." in domain and "@" not in domain and not any(c.isspace() for c in domain) and ".." not in domain


@lru_cache(maxsize=1)
def public_domains() -> frozenset[str]:
    lines = PUBLIC_DOMAINS.read_text(encoding="utf-8").splitlines()
    return frozenset(normal_domain(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


def is_public(domain: str) -> bool:
    return normal_domain(domain) in public_domains()
