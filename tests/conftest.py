"""Shared fixtures: named personas for access tests.

- alice owns the workspace «Estudio Norte»;
- bob is a member of it;
- charlie owns another workspace and must never see Estudio Norte's data.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from despedida.accounts.models import Membership, Role, Workspace

PASSWORD = "a long test password 42"


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
