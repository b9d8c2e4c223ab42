"""Fixtures shared by the workflow rooms' tests (plans, silence, intake, lessons, letters, web): a client of alice's «Estudio Norte» in the middle of a job.

The clock is frozen at NOW (a Sunday morning in Madrid) unless a test moves it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.test import Client as HttpClient

from despedida.clients import models as db
from tests.dates import NOW, TODAY  # noqa: F401 - the rooms' tests take TODAY from here too


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords need no Argon2 here; it would dominate these tests' time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def sessions_last_through_the_story(settings):
    """These flows travel days ahead with one signed-in browser; a real session would
    idle out meanwhile (tests/accounts/test_sessions.py covers that)."""
    settings.SESSION_IDLE_MINUTES = 60 * 24 * 365


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def acme(norte, clock) -> db.Client:
    """Mid-job: milestone «Desarrollo» due 2026-12-15, a 30-day notice period, one open invoice."""
    client = db.Client.objects.create(
        workspace=norte,
        key="acme",
        name="Acme Retail SL",
        stage=db.Stage.ACTIVE,
        language="es",
        contact_name="Marta Ruiz",
        contact_email="marta@acme.test",
        has_contact=True,
    )
    db.Contract.objects.create(
        workspace=norte,
        client=client,
        signed_on=dt.date(2026, 2, 1),
        scope_defined=True,
        deposit_requested=True,
        deposit_paid_on=dt.date(2026, 2, 3),
        notice_days=10,
    )
    project = db.Project.objects.create(
        workspace=norte,
        client=client,
        key="web",
        name="Tienda online",
        status=db.ProjectStatus.ACTIVE,
        started_on=dt.date(2026, 2, 1),
        fee_type=db.FeeType.FIXED,
        fee=Decimal("6000"),
    )
    db.Milestone.objects.create(
        workspace=norte,
        client=client,
        project=project,
        name="Diseño",
        due_on=dt.date(2026, 4, 1),
        delivered_on=dt.date(2026, 4, 1),
        position=0,
    )
    db.Milestone.objects.create(
        workspace=norte, client=client, project=project, name="Desarrollo", due_on=dt.date(2026, 12, 15), position=1
    )
    db.Invoice.objects.create(
        workspace=norte,
        client=client,
        project=project,
        number="F-1",
        issued_on=dt.date(2026, 10, 1),
        due_on=dt.date(2026, 10, 31),
        amount=Decimal("1500"),
        currency="EUR",
    )
    return client


@pytest.fixture
def prospect(norte) -> db.Client:
    return db.Client.objects.create(
        workspace=norte,
        key="nuevo",
        name="Nuevo Cliente SA",
        stage=db.Stage.PROSPECT,
        contact_email="hola@nuevo.test",
        has_contact=True,
    )


@pytest.fixture
def as_alice(alice) -> HttpClient:
    browser = HttpClient()
    browser.force_login(alice)
    return browser


@pytest.fixture
def as_bob(bob) -> HttpClient:
    browser = HttpClient()
    browser.force_login(bob)
    return browser


@pytest.fixture
def as_charlie(charlie) -> HttpClient:
    browser = HttpClient()
    browser.force_login(charlie)
    return browser


@pytest.fixture
def anonymous() -> HttpClient:
    return HttpClient()


def silent_client(workspace, *, waiting_since: dt.datetime, key: str = "mudo") -> db.Client:
    """A client who has not answered our message (needing a reply) sent at `waiting_since`."""
    client = db.Client.objects.create(
        workspace=workspace,
        key=key,
        name="Cliente Mudo SL",
        contact_email="nadie@mudo.test",
        has_contact=True,
        language="es",
    )
    project = db.Project.objects.create(
        workspace=workspace, client=client, key="app", name="App", fee_type=db.FeeType.HOURLY, fee=Decimal("50")
    )
    db.TimeEntry.objects.create(
        workspace=workspace, client=client, project=project, on=waiting_since.date() - days(3), hours=Decimal("10")
    )
    db.Message.objects.create(
        workspace=workspace,
        client=client,
        at=waiting_since - days(5),
        direction=db.Direction.IN,
        subject="Adelante",
        body="Adelante con la app.",
    )
    db.Message.objects.create(
        workspace=workspace,
        client=client,
        at=waiting_since,
        direction=db.Direction.OUT,
        subject="Entrega de la app",
        body="¿Nos confirma?",
        needs_reply=True,
    )
    return client
