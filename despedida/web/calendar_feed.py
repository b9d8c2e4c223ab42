"""A user's iCalendar feed: every dated step of the plans and silence
protocols in all their workspaces, at a secret address.

Only the SHA-256 of the token is kept; regenerating replaces it (the old
address stops working), revoking deletes it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from despedida.accounts import clock
from despedida.accounts.models import Membership
from despedida.accounts.tokens import hash_token, new_token
from despedida.plans.models import PlanStatus, PlanStep
from despedida.silence.models import FINISHED_SILENCE_STATES, SilenceProtocol
from despedida.web.models import CalendarFeed

PRODID = "-//Despedida//workflows//ES"


def regenerate(user) -> str:
    """A new secret address for the user; any previous one stops working. Returns the token."""
    token, digest = new_token()
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": digest})
    return token


def revoke(user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def feed_for(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user").filter(token_hash=hash_token(token)).first()


def _event(uid: str, on: dt.date, summary: str, now: dt.datetime, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@despedida")
    event.add("dtstamp", now)
    event.add("dtstart", on)
    event.add("dtend", on + dt.timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    return event


def build_ics(user, *, now: dt.datetime | None = None) -> bytes:
    now = now or clock.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Despedida")
    memberships = Membership.objects.filter(user=user).select_related("workspace")
    for membership in memberships:
        workspace = membership.workspace
        with translation.override(workspace.language):
            for event in _workspace_events(workspace, now):
                calendar.add_component(event)
    return calendar.to_ical()


def _workspace_events(workspace, now: dt.datetime):
    base = settings.SITE_URL.rstrip("/")
    steps = (
        PlanStep.objects.in_workspace(workspace)
        .filter(plan__status=PlanStatus.ACTIVE)
        .select_related("plan", "plan__client")
    )
    for step in steps:
        done = _("(done)") + " " if step.done_at else ""
        yield _event(
            f"plan-step-{step.pk}",
            step.on,
            f"{done}{step.plan.client.name}: {step.label(workspace.language)}",
            now,
            f"{base}/exits/plans/{step.plan_id}/",
        )
    protocols = (
        SilenceProtocol.objects.in_workspace(workspace)
        .exclude(state__in=FINISHED_SILENCE_STATES)
        .select_related("client")
    )
    for protocol in protocols:
        link = f"{base}/exits/clients/{protocol.client_id}/silence/"
        dates = (
            ("checkin", protocol.checkin_due_on, _("send the check-in"), protocol.checkin_sent_at),
            ("ultimatum", protocol.ultimatum_due_on, _("send the reply-by notice"), protocol.ultimatum_sent_at),
            ("deadline", protocol.deadline, _("reply-by date: close the file if there is no answer"), None),
        )
        for name, on, what, done_at in dates:
            if on is None:
                continue
            done = _("(done)") + " " if done_at else ""
            yield _event(f"silence-{protocol.pk}-{name}", on, f"{done}{protocol.client.name}: {what}", now, link)
