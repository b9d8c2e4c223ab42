"""Every link a user can follow from the dashboard and the client pages answers, and following links changes nothing.

Django's test client walks the demo workspace breadth first, from the
dashboard and every client page, following each same-site `href` and htmx
`hx-get` (the dashboard's live search) found on the pages it reaches, a few
clicks deep, in Spanish on SQLite and in English on PostgreSQL. A redirect is followed like a link.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from despedida.accounts.models import Membership, Role, Workspace
from despedida.clients import models as records
from tests.conftest import make_user

LINK = re.compile(r'\s(?:href|hx-get)="(?P<url>[^"]*)"')
# Clicks from a start page; each level multiplies the pages (sort and filter links above all).
DEPTH = 2
# The same page for another row of the same kind (the 40th time entry's edit form,
# page 7 of a timeline) adds time, not coverage: each shape is followed this many times.
PER_SHAPE = 2
# Links that are not pages of the app: the admin (its own site), static files.
OUTSIDE = ("/admin/", "/static/")


def shape(url: str) -> str:
    """What an address is, whatever row it shows: ids and page numbers as "#" (but the client's own, since
    each client's pages say different things); a client's dossier as any client's (the slowest link)."""
    shaped = re.sub(r"(?<!/clients/)(?<!\d)\d+", "#", url)
    return re.sub(r"^/c/[^/]+/dossier/", "/c/*/dossier/", shaped)


def same_site(base: str, href: str) -> str | None:
    """The address `href` leads to from page `base`, without its fragment; None if it leaves the site."""
    href = unescape(href).strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(f"http://testserver{base}", href))
    if parts.netloc != "testserver":
        return None
    if parts.path.startswith(OUTSIDE):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def row_counts() -> dict[str, int]:
    """How many rows each of the app's tables holds (sessions aside): a GET must not change any."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("despedida.")
    }


@pytest.fixture
def demo_owner(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # the dashboard's cached fragments of another test's workspace 1 are not this one's
    call_command("demo", clients=14, seed=3, stdout=io.StringIO())
    owner = make_user("laura")
    Membership.objects.create(workspace=Workspace.objects.get(), user=owner, role=Role.OWNER)
    client.force_login(owner)
    return client


def crawl(client, starts: list[str], language: str) -> tuple[dict[str, int], list[str]]:
    """Status of every address reached within DEPTH clicks of `starts`, and the ones answering 4xx/5xx."""
    seen: dict[str, int] = {}
    shapes: Counter[str] = Counter()
    failures: list[str] = []
    queue = deque((url, 0, "(start)") for url in starts)
    queued = set(starts)
    while queue:
        url, depth, came_from = queue.popleft()
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if url.startswith(reverse("web:portfolio") + "?"):
            headers["HTTP_HX_REQUEST"] = "true"  # the live search's partial, as htmx asks for it
            headers["HTTP_HX_TARGET"] = "client-results"
        response = client.get(url, **headers)
        seen[url] = response.status_code
        if response.status_code >= 400:
            failures.append(f"{response.status_code} {url} (linked from {came_from})")
            continue
        found: list[str] = []
        if response.status_code in (301, 302, 303, 307, 308):
            found = [response["Location"]]
        elif depth < DEPTH and response.get("Content-Type", "").startswith("text/html"):
            found = [m["url"] for m in LINK.finditer(response.content.decode())]
        for href in found:
            target = same_site(url, href)
            if target is None or target in queued or target.startswith(reverse("logout")):
                continue
            queued.add(target)
            if shapes[shape(target)] >= PER_SHAPE:
                continue
            shapes[shape(target)] += 1
            queue.append((target, depth + 1, url))
    return seen, failures


def crawl_language() -> str:
    """The SQLite pass crawls in Spanish and the PostgreSQL pass in English (`scripts/test.sh` runs both):
    the links are the same in either language, and each pass walks them once."""
    return "en" if connection.vendor == "postgresql" else "es"


def test_every_link_reachable_from_the_dashboard_and_the_client_pages_answers(demo_owner):
    """
    GIVEN the 14-client demo, signed in as its owner
    WHEN every same-site link (and htmx GET) is followed from the dashboard and each client page, two clicks deep
    THEN none answers 4xx or 5xx, and no table gained or lost a row on the way (a GET changes nothing)
    """
    starts = [reverse("web:portfolio")] + [
        reverse("web:client", args=[key])
        for key in records.Client.objects.order_by("key").values_list("key", flat=True)
    ]
    before = row_counts()

    seen, failures = crawl(demo_owner, starts, crawl_language())

    assert failures == []
    assert row_counts() == before
    # The walk reached the pages a user lives in, not only the start pages.
    reached = " ".join(seen)
    for page in ("/exits/", "/letters/", "/outbox/", "/settings/", "/c/"):
        assert page in reached, page
    assert len(seen) > 3 * len(starts)
