"""Stored assessments stay current: a change marks them stale, the worker's job refreshes them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from despedida.assessment.models import Assessment
from despedida.assessment.stored import recompute_workspace, refresh_job
from despedida.clients.models import Client, Event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def acme(norte):
    client = Client.objects.create(workspace=norte, key="acme", name="Acme Retail SL")
    recompute_workspace(norte)
    return client


def test_a_new_client_is_assessed_as_soon_as_it_is_saved(acme):
    assert Assessment.objects.get(client=acme).recommendation == "keep"


def test_logging_an_event_marks_the_assessment_stale_and_the_worker_job_refreshes_it(acme, norte):
    Event.objects.create(
        workspace=norte, client=acme, on=timezone.localdate(), type="ethics_concern", ethics_kind="illegal"
    )
    assert Assessment.objects.get(client=acme).stale
    assert refresh_job(timezone.now()) == 1
    refreshed = Assessment.objects.get(client=acme)
    assert (refreshed.stale, refreshed.recommendation) == (False, "walk_away")


def test_assessments_from_an_earlier_day_are_recomputed_by_the_worker_job(acme, norte):
    Assessment.objects.filter(client=acme).update(as_of=dt.date(2020, 1, 1))
    assert refresh_job(timezone.now()) == 1
    assert Assessment.objects.get(client=acme).as_of > dt.date(2020, 1, 1)


def test_the_worker_job_does_nothing_when_everything_is_current(acme):
    assert refresh_job(timezone.now()) == 0
