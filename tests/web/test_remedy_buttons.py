"""Every remedy offered on a client page is carried out by a working link or form."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from despedida.accounts.models import Membership, Role, Workspace
from despedida.clients import models as records
from despedida.letters.models import LetterDraft
from tests.conftest import make_user

FORM = re.compile(
    r'<form method="post" action="(?P<action>[^"]+)" class="inline">(?:(?!</form>).)*?name="kind" value="(?P<kind>[^"]+)"',
    re.S,
)
LINK = re.compile(r'<ul class="remedies">(?P<body>.*?)</ul>', re.S)
HREF = re.compile(r'<a class="button" href="(?P<href>[^"]+)"')


@pytest.fixture
def demo_owner(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", clients=14, seed=3, stdout=io.StringIO())
    owner = make_user("laura")
    Membership.objects.create(workspace=Workspace.objects.get(), user=owner, role=Role.OWNER)
    client.force_login(owner)
    return client


def test_every_remedy_of_every_demo_client_answers_without_an_error(demo_owner):
    """
    GIVEN the 14-client demo, every client with the remedies its signs still offer
    WHEN each remedy is carried out as the page says (a letter's button POSTs, the rest are links)
    THEN nothing answers 4xx or 5xx, and each letter button leaves a draft of its kind
    """
    tried = {"post": 0, "get": 0}
    for record in records.Client.objects.order_by("key"):
        page = demo_owner.get(reverse("web:client", args=[record.key]))
        assert page.status_code == 200
        html = page.content.decode()
        for match in FORM.finditer(html):
            drafts_before = LetterDraft.objects.filter(client=record, kind=match["kind"]).count()
            response = demo_owner.post(unescape(match["action"]), {"kind": match["kind"]}, follow=True)
            assert response.status_code == 200, (record.key, match["kind"], response.status_code)
            drafted = LetterDraft.objects.filter(client=record, kind=match["kind"]).count() == drafts_before + 1
            if not drafted:
                # The only honest refusal: a formal demand whose delay runs into a half-year
                # whose statutory rate is not in the table yet says so, naming the period.
                notice = " ".join(str(m) for m in response.context["messages"])
                assert match["kind"] == "formal_demand" and re.search(r"\d{4}-H[12]", notice), (record.key, notice)
            tried["post"] += 1
        for block in LINK.finditer(html):
            for link in HREF.finditer(block["body"]):
                href = unescape(link["href"])
                target = href if href.startswith("/") else reverse("web:client", args=[record.key]) + href
                response = demo_owner.get(target.split("#")[0])
                assert response.status_code < 400, (record.key, href, response.status_code)
                tried["get"] += 1
    # The demo shows every sign, so both kinds of remedy must have been exercised.
    assert tried["post"] >= 5 and tried["get"] >= 5, tried
