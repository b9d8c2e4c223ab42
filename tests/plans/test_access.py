"""Access sweep over every URL of the workflow pages.

charlie (another workspace) gets a 404 for each of alice's objects, by GET
and by POST, and changes nothing; bob (a member) can read them; the owner-only
actions refuse bob with a 403; nobody signed out gets past the login, except
on the token pages.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from despedida.letters import drafts
from despedida.letters.models import DraftStatus, LetterDraft, LetterKind
from despedida.plans import workflow
from despedida.plans.models import ExitPlan, PlanStatus
from despedida.silence import protocol as silence_protocol
from despedida.silence.models import SilenceProtocol
from tests.workflow_fixtures import NOW, TODAY, days, silent_client

pytestmark = pytest.mark.django_db

NAMESPACES = ("plans", "silence", "intake", "lessons", "letters")
# Pages about the signed-in user's own things, with no object of a workspace in the URL.
NO_OBJECT = {
    "lessons:contract_checklist",
    "web:calendar",
    "web:calendar_regenerate",
    "web:calendar_revoke",
    "letters:tone",
    "letters:check",
}
# Reached with a secret token instead of a login (tested in test_review_links / test_calendar).
TOKEN_PAGES = {"letters:review", "web:calendar_feed"}
OWNER_ONLY = {"plans:plan_cancel", "letters:discard"}


def patterns() -> list[tuple[str, URLPattern]]:
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in NAMESPACES:
            found += [(f"{entry.namespace}:{p.name}", p) for p in entry.url_patterns]
        elif isinstance(entry, URLResolver) and entry.namespace == "web":  # the calendar feed's pages
            found += [(f"web:{p.name}", p) for p in entry.url_patterns if p.name.startswith("calendar")]
    return found


@pytest.fixture
def world(acme, alice, norte):
    plan = workflow.create_plan(
        acme,
        as_of=TODAY,
        notice_on=TODAY + days(1),
        last_work_on=dt.date(2026, 12, 15),
        handover_until=dt.date(2026, 12, 29),
        user=alice,
    )
    letter = drafts.create_draft(acme, LetterKind.TERMINATION, user=alice, plan=plan)
    link, _token = drafts.create_review_link(letter, user=alice)
    protocol = silence_protocol.start(silent_client(norte, waiting_since=NOW - days(8)), now=NOW)
    return {
        "client": acme,
        "plan": plan,
        "letter": letter,
        "link": link,
        "protocol": protocol,
        "step": plan.steps.first(),
    }


def kwargs_for(name: str, pattern: URLPattern, world) -> dict:
    wanted = set(pattern.pattern.converters)
    values = {}
    if "client_pk" in wanted:
        values["client_pk"] = world["protocol"].client_id if "silence" in name else world["client"].pk
    if "pk" in wanted:
        if name.startswith("letters:"):
            values["pk"] = world["letter"].pk
        elif name == "silence:silence_action":
            values["pk"] = world["protocol"].pk
        else:
            values["pk"] = world["plan"].pk
    extra = {
        "step_pk": world["step"].pk,
        "link_pk": world["link"].pk,
        "number": 1,
        "kind": "reply_plead",
        "action": "pause",
    }
    values.update({key: value for key, value in extra.items() if key in wanted})
    assert set(values) == wanted, f"{name}: no value for {wanted - set(values)}"
    return values


def object_urls(world) -> list[tuple[str, str]]:
    urls = []
    for name, pattern in patterns():
        if name in NO_OBJECT or name in TOKEN_PAGES:
            continue
        urls.append((name, reverse(name, kwargs=kwargs_for(name, pattern, world))))
    return urls


def test_the_sweep_covers_every_url_pattern(world):
    names = {name for name, _ in patterns()}
    swept = {name for name, _ in object_urls(world)}
    assert names == swept | NO_OBJECT | TOKEN_PAGES
    assert len(swept) >= 20


def test_charlie_gets_a_404_for_every_object_of_alices_workspace(as_charlie, world):
    form = {
        "note": "x",
        "override_reason": "x",
        "how": "by_hand",
        "kind": "plead",
        "at": "2026-11-22T08:00",
        "subject": "x",
        "body": "x",
        "days": 3,
        "future_prospect": "no",
    }
    for name, url in object_urls(world):
        # 405 answers the method before any lookup, so it reveals nothing; one of the two must be a 404.
        statuses = {as_charlie.get(url).status_code, as_charlie.post(url, form).status_code}
        assert statuses <= {404, 405} and 404 in statuses, f"{name}: {statuses}"
    world["plan"].refresh_from_db()
    world["letter"].refresh_from_db()
    assert world["plan"].status == PlanStatus.ACTIVE
    assert world["letter"].status == DraftStatus.DRAFT and world["letter"].versions.count() == 1
    assert SilenceProtocol.objects.get(pk=world["protocol"].pk).state == "detected"
    assert not ExitPlan.objects.exclude(pk=world["plan"].pk).exists()


def test_bob_a_member_can_see_every_page_of_alices_workspace(as_bob, world):
    for name, url in object_urls(world):
        status = as_bob.get(url).status_code
        assert status in (200, 302, 405), f"GET {name}: {status}"
    assert as_bob.get(reverse("plans:plan", args=[world["plan"].pk])).status_code == 200
    assert as_bob.get(reverse("letters:edit", args=[world["letter"].pk])).status_code == 200


def test_owner_only_actions_refuse_bob(as_bob, world):
    for name, url in object_urls(world):
        if name in OWNER_ONLY:
            assert as_bob.post(url).status_code == 403, name
    assert ExitPlan.objects.get(pk=world["plan"].pk).status == PlanStatus.ACTIVE
    assert LetterDraft.objects.get(pk=world["letter"].pk).status == DraftStatus.DRAFT


def test_signed_out_visitors_are_sent_to_the_login(anonymous, world):
    for name, url in object_urls(world) + [(n, reverse(n)) for n in NO_OBJECT]:
        response = anonymous.get(url)
        assert response.status_code in (302, 405), name
        if response.status_code == 302:
            assert response.url.startswith(reverse("login")), name
