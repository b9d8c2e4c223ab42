"""Shared fixtures: named personas for access tests.

- alice owns the workspace «Estudio Norte»;
- bob is a member of it;
- charlie owns another workspace and must never see Estudio Norte's data.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from despedida.accounts.models import Membership, Role, Workspace

PASSWORD = "a long test password 42"

# The instant the whole suite runs at. `scripts/test.sh` runs the SQLite pass
# and the PostgreSQL pass at two instants months apart, on either side of a
# daylight-saving change; set DESPEDIDA_TEST_NOW to run the suite "as of" any
# moment. No test reads the real clock.
DEFAULT_TEST_NOW = "2026-11-22T10:00:00+01:00"


def suite_now() -> dt.datetime:
    value = os.environ.get("DESPEDIDA_TEST_NOW") or DEFAULT_TEST_NOW
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise pytest.UsageError(f"DESPEDIDA_TEST_NOW: not an ISO 8601 instant: {value!r}") from exc
    if instant.tzinfo is None:
        raise pytest.UsageError(f"DESPEDIDA_TEST_NOW: give the offset too (e.g. +01:00): {value!r}")
    return instant


SUITE_NOW = suite_now()


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every test starts at SUITE_NOW. The clock ticks from there (servers and
    timeouts keep working); time-machine patches the whole process, so the live
    server thread of the browser tests reads the same clock."""
    with time_machine.travel(SUITE_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def environment_kept():
    """A test leaves the environment as it found it: the console script run in-process marks the
    process stateless (`despedida.cli.main`), and a later test's subprocess must not inherit that."""
    before = dict(os.environ)
    yield
    if os.environ != before:
        os.environ.clear()
        os.environ.update(before)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rendered pieces of pages never outlive the rows they show."""
    from django.core.cache import cache

    cache.clear()
    yield


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)


@pytest.fixture
def norte(db) -> Workspace:
    return Workspace.objects.create(name="Estudio Norte", slug="estudio-norte", currency="EUR", language="es")


@pytest.fixture
def alice(norte):
    user = make_user("alice")
    Membership.objects.create(workspace=norte, user=user, role=Role.OWNER)
    return user


@pytest.fixture
def bob(norte):
    user = make_user("bob")
    Membership.objects.create(workspace=norte, user=user, role=Role.MEMBER)
    return user


@pytest.fixture
def sur(db) -> Workspace:
    return Workspace.objects.create(name="Agencia Sur", slug="agencia-sur", currency="MXN", language="es")


@pytest.fixture
def charlie(sur):
    user = make_user("charlie")
    Membership.objects.create(workspace=sur, user=user, role=Role.OWNER)
    return user


@pytest.fixture
def alice_client(client, alice):
    """Django's test client, signed in as alice."""
    client.force_login(alice)
    return client


@pytest.fixture
def charlie_client(client, charlie):
    client.force_login(charlie)
    return client


# Hypothesis' own timing checks would make a test's verdict depend on how busy
# the machine is; timing belongs to the benchmarks.
hypothesis_settings.register_profile(
    "despedida", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.load_profile("despedida")


# The second pass (`scripts/test.sh`, PostgreSQL) runs the tests that touch
# the database. A test that touches none (the core's judgement, the tone
# checker, file formats) gives the same verdict on either store, so it runs
# once, in the SQLite pass, where nothing is left out.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def touches_the_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(DATABASE_FIXTURES & fixtures) or item.get_closest_marker("django_db") is not None


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that touch the database (the PostgreSQL pass of scripts/test.sh)",
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if touches_the_database(item)]
    left = [item for item in items if not touches_the_database(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
