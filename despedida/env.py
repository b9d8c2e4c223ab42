"""Strict parsers for settings read from environment variables.

Each helper returns the default when the variable is unset or empty, and
raises `ImproperlyConfigured` naming the variable when the value is not
one it understands: a typo in production should stop the server at start,
not silently change its behaviour.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _raw(name: str, environ: dict[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def envbool(name: str, default: bool, environ: dict[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int, environ: dict[str, str] | None = None, *, minimum: int | None = None) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def envstr(name: str, default: str, environ: dict[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def envlist(name: str, default: list[str], environ: dict[str, str] | None = None) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def envpath(name: str, default: Path, environ: dict[str, str] | None = None) -> Path:
    value = _raw(name, environ)
    return (Path(value) if value is not None else default).expanduser().resolve()


# Each server thread keeps its database connection between requests (checked
# before reuse) instead of opening one per request: for PostgreSQL a new
# connection is a new server process, for SQLite a fresh read of the schema.
CONN_MAX_AGE = 600


def database_config(url: str | None, data_dir: Path) -> dict:
    """Django DATABASES['default'] for a DATABASE_URL, or the embedded SQLite store.

    SQLite runs in WAL mode with a busy timeout and immediate transactions,
    so the web server, a worker and the CLI can share one file without
    "database is locked" errors on write.
    """
    if url is None:
        return sqlite_config(data_dir / "despedida.sqlite3")
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)
    except Exception as exc:  # dj_database_url raises several types
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL I understand: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return sqlite_config(Path(config["NAME"]))
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must name a sqlite:// or postgres:// database")
    return config


def sqlite_config(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
            ),
        },
        "TEST": {"NAME": None},
        "CONN_MAX_AGE": CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,
    }


def load_or_create_secret(path: Path) -> str:
    """The secret key kept in the data directory, created once with mode 600."""
    if path.exists():
        make_private(path)
        return path.read_text().strip()
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


# The data directory holds password hashes, client records and keys: only
# the account that runs Despedida may read it.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def ensure_data_dir(path: Path, variable: str = "DESPEDIDA_DATA_DIR") -> None:
    """Create the data directory with mode 700; an existing one is left as its owner set it."""
    if path.is_dir():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=PRIVATE_DIR_MODE)
        os.chmod(path, PRIVATE_DIR_MODE)  # exactly 700, whatever the umask
    except FileExistsError:
        if not path.is_dir():
            raise ImproperlyConfigured(f"{variable} must name a directory, not the file {path}") from None
    except OSError as exc:
        raise ImproperlyConfigured(f"{variable}: cannot create {path}: {exc.strerror}") from None


def ensure_private_sqlite(path: Path) -> None:
    """Create the SQLite store with mode 600 before SQLite would (with 644).

    SQLite gives the -wal and -shm files it creates beside a database the
    database's own mode, so they are private too. A store created by an
    older version and readable by others is made private.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        pass
    except OSError:
        return  # a missing folder or a read-only place: SQLite reports it on connecting
    for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        make_private(companion)


def make_private(path: Path) -> None:
    """Take away the group's and others' access to one of our files, if it exists and is ours."""
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass  # gone meanwhile, or another account's file: leave it
