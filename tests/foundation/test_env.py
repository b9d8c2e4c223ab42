"""The settings parsers: a bad value stops the server with a clear message."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from despedida.env import database_config, envbool, envint, envlist, load_or_create_secret


@pytest.mark.parametrize(
    "raw, expected", [("true", True), ("True", True), ("1", True), ("off", False), ("FALSE", False)]
)
def test_envbool_reads_the_usual_spellings(raw, expected):
    assert envbool("DEBUG", not expected, {"DEBUG": raw}) is expected


def test_envbool_uses_the_default_when_unset_or_blank():
    assert envbool("DEBUG", True, {}) is True
    assert envbool("DEBUG", False, {"DEBUG": "  "}) is False


def test_envbool_refuses_anything_else_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false, not 'yes please'"):
        envbool("DEBUG", False, {"DEBUG": "yes please"})


def test_envint_refuses_words_and_values_below_the_minimum():
    assert envint("PORT", 8000, {"PORT": "9000"}) == 9000
    with pytest.raises(ImproperlyConfigured, match="PORT must be a whole number"):
        envint("PORT", 8000, {"PORT": "eighty"})
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        envint("EMAIL_TIMEOUT", 20, {"EMAIL_TIMEOUT": "0"}, minimum=1)


def test_envlist_splits_on_commas_and_drops_blanks():
    assert envlist("ALLOWED_HOSTS", ["x"], {"ALLOWED_HOSTS": "a.example, b.example,,"}) == ["a.example", "b.example"]
    assert envlist("ALLOWED_HOSTS", ["x"], {}) == ["x"]


def test_the_default_store_is_sqlite_in_wal_mode_with_immediate_transactions(tmp_path):
    config = database_config(None, tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "despedida.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout" in config["OPTIONS"]["init_command"]


def test_a_postgres_url_is_parsed_and_an_unknown_scheme_refused(tmp_path):
    config = database_config("postgres://app:pw@db.internal:5433/despedida", tmp_path)
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        5433,
        "despedida",
    )
    with pytest.raises(ImproperlyConfigured):
        database_config("mysql://root@localhost/x", tmp_path)


@pytest.mark.parametrize("url", [None, "sqlite:///tmp/elsewhere.sqlite3", "postgres://app:pw@db.internal/despedida"])
def test_server_threads_keep_their_database_connection_and_check_it_before_reuse(tmp_path, url):
    # A connection per request cost more than the request itself (docs/benchmarks.md, "20 users").
    config = database_config(url, tmp_path)
    assert config["CONN_MAX_AGE"] >= 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_the_secret_key_is_created_once_private_and_then_reused(tmp_path):
    path = tmp_path / "data" / "secret_key"
    first = load_or_create_secret(path)
    assert len(first) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_secret(path) == first
