"""Secret tokens for links that work without an account (review links, calendar feeds).

The token goes to the user once, inside a URL; the database keeps only its
SHA-256, so a copy of the database opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh URL-safe token and the hash to store for it."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)
