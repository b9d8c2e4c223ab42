"""Encrypt SMTP passwords at rest with a Fernet key kept beside the store.

The key comes from `DESPEDIDA_FERNET_KEY` (comma-separated to rotate: the
first key encrypts, every key decrypts) or from `DATA_DIR/fernet.key`,
created once with mode 600. Losing the key loses the stored passwords and
nothing else: the user types them again.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENV_KEY = "DESPEDIDA_FERNET_KEY"
KEY_FILE = "fernet.key"


class UndecryptableSecret(Exception):
    """A stored secret this installation's key cannot open (the key changed)."""


def load_or_create_key(path: Path) -> bytes:
    """The key stored at `path`, generated on first use with mode 600.

    The file appears complete or not at all (written aside, then linked into
    place), so a web server and a worker starting together agree on one key.
    """
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".fernet-")  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(Fernet.generate_key())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race; use its key
    finally:
        os.unlink(tmp)
    return path.read_bytes().strip()


def _cipher() -> MultiFernet:
    raw = os.environ.get(ENV_KEY, "").strip()
    if raw:
        keys = [k.strip().encode() for k in raw.split(",") if k.strip()]
    else:
        keys = [load_or_create_key(Path(settings.DATA_DIR) / KEY_FILE)]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        # Never echo the key itself.
        raise ImproperlyConfigured(
            f"{ENV_KEY} (or {KEY_FILE} in the data directory) is not a Fernet key: 32 url-safe base64-encoded bytes"
        ) from None


def encrypt(plaintext: str) -> str:
    return _cipher().encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _cipher().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise UndecryptableSecret(
            "The stored SMTP password cannot be decrypted with this installation's key; "
            "enter it again in the SMTP settings."
        ) from None
