"""The iCalendar feed: a secret address per user with every dated step."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from icalendar import Calendar

from despedida.plans import workflow
from despedida.silence import protocol as silence_protocol
from despedida.web.models import CalendarFeed
from tests.workflow_fixtures import NOW, TODAY, days, silent_client

pytestmark = pytest.mark.django_db


def new_feed(browser) -> str:
    response = browser.post(reverse("web:calendar_regenerate"))
    assert response.status_code == 200
    return response.context["url"].rsplit("/", 1)[1].removesuffix(".ics")


@pytest.fixture
def plan(acme, alice):
    return workflow.create_plan(
        acme,
        as_of=TODAY,
        notice_on=TODAY + days(1),
        last_work_on=dt.date(2026, 12, 15),
        handover_until=dt.date(2026, 12, 29),
        user=alice,
    )


def test_the_feed_has_every_dated_step_of_plans_and_protocols(as_alice, anonymous, plan, norte):
    protocol = silence_protocol.start(silent_client(norte, waiting_since=NOW - days(8)), now=NOW)
    token = new_feed(as_alice)
    response = anonymous.get(reverse("web:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    for step in plan.steps.all():
        event = events[f"plan-step-{step.pk}@despedida"]
        assert event.decoded("dtstart") == step.on
        assert "Acme Retail SL" in str(event["summary"])
    assert events[f"silence-{protocol.pk}-checkin@despedida"].decoded("dtstart") == protocol.checkin_due_on


def test_the_token_is_stored_only_as_a_hash(as_alice):
    token = new_feed(as_alice)
    feed = CalendarFeed.objects.get()
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in feed.token_hash


def test_a_wrong_token_is_a_404(anonymous, as_alice):
    new_feed(as_alice)
    assert anonymous.get(reverse("web:calendar_feed", args=["wrong"])).status_code == 404


def test_a_revoked_or_replaced_address_is_a_404(as_alice, anonymous):
    first = new_feed(as_alice)
    second = new_feed(as_alice)
    assert anonymous.get(reverse("web:calendar_feed", args=[first])).status_code == 404
    assert anonymous.get(reverse("web:calendar_feed", args=[second])).status_code == 200
    as_alice.post(reverse("web:calendar_revoke"))
    assert anonymous.get(reverse("web:calendar_feed", args=[second])).status_code == 404


def test_the_feed_shows_only_the_users_own_workspaces(as_charlie, anonymous, plan):
    token = new_feed(as_charlie)
    calendar = Calendar.from_ical(anonymous.get(reverse("web:calendar_feed", args=[token])).content)
    assert not calendar.walk("VEVENT")
