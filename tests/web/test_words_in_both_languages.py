"""Switching language switches every word the assessment wrote: stored codes and values, worded at display."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from despedida.accounts.models import Membership, Role, Workspace
from despedida.assessment.models import Assessment
from despedida.clients import models as records
from despedida.core.assessment.phrases import en, es
from despedida.core.assessment.signals import CODES
from despedida.web.client_views import worded
from tests.conftest import make_user

WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def vocabulary(table) -> set[str]:
    words: set[str] = set()
    for template in table.TEXT.values():
        words |= {w.lower() for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", template))}
    for singular, plural in table.NOUNS.values():
        words |= {singular.lower(), plural.lower()}
    words |= {m.lower() for m in table.MONTHS if len(m) >= 4}
    return words


ONLY_SPANISH = vocabulary(es) - vocabulary(en)
ONLY_ENGLISH = vocabulary(en) - vocabulary(es)


def sentences(data: dict) -> list[str]:
    """The assessment's prose: summary, evidence, why of each action and of the exit, notes (not its codes)."""
    found = [data.get("summary", "")]
    found += [signal.get("evidence", "") for signal in data.get("signals", [])]
    found += [action.get("why", "") for action in data.get("next_actions", [])]
    found += [(data.get("exit") or {}).get("why", "")]
    found += list(data.get("notes", []))
    return [text for text in found if text]


@pytest.fixture
def demo(db):
    call_command("demo", clients=40, seed=7, stdout=io.StringIO())
    return Workspace.objects.get()


def record_words(workspace) -> set[str]:
    """Words that come from the user's own data (names, subjects, notes), in whatever language they wrote."""
    found: set[str] = set()
    for model, fields in [
        (records.Client, ["name", "contact_name"]),
        (records.Project, ["name"]),
        (records.Milestone, ["name"]),
        (records.Message, ["subject"]),
        (records.Event, ["note", "topic"]),
        (records.Invoice, ["number"]),
    ]:
        for row in model.objects.filter(workspace=workspace).values_list(*fields):
            for value in row:
                found |= {w.lower() for w in WORD.findall(value or "")}
    return found


def test_every_stored_word_of_the_assessment_follows_the_viewers_language(demo):
    own = record_words(demo)
    checked = 0
    codes: set[str] = set()
    for assessment in Assessment.objects.in_workspace(demo):
        stored = {"summary": assessment.summary, **assessment.data}
        codes |= {signal.get("code") for signal in stored.get("signals", [])}
        for language, foreign in (("es", ONLY_ENGLISH), ("en", ONLY_SPANISH)):
            for text in sentences(worded(stored, language)):
                assert "\ue000" not in text
                strays = {w.lower() for w in WORD.findall(text)} & foreign - own
                assert not strays, f"{language} text has words of the other language {strays}: {text}"
                checked += 1
    assert checked >= 2 * 40  # at least each of the 40 summaries, in both languages
    assert codes >= set(CODES)  # every sign's evidence was among them (plan notes: tests/plans)


def test_the_client_page_reads_entirely_in_english_when_english_is_chosen(client, demo, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    owner = make_user("laura")
    Membership.objects.create(workspace=demo, user=owner, role=Role.OWNER)
    client.force_login(owner)
    own = record_words(demo)
    flagged = Assessment.objects.in_workspace(demo).exclude(top_signal="")
    for assessment in flagged.select_related("client")[:10]:
        html = client.get(reverse("web:client", args=[assessment.client.key]), HTTP_ACCEPT_LANGUAGE="en")
        body = re.sub(r"<[^>]+>", " ", html.content.decode())
        strays = {w.lower() for w in WORD.findall(body)} & ONLY_SPANISH - own - {"español"}
        assert not strays, (assessment.client.key, strays)
