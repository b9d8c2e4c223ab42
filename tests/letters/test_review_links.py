"""Review links: a trusted colleague reads the letter and comments, without an account."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from despedida.letters import drafts
from despedida.letters.models import LetterKind, ReviewComment, ReviewLink
from despedida.plans import workflow
from despedida.plans.models import StepKind
from tests.workflow_fixtures import TODAY, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(acme, alice):
    plan = workflow.create_plan(
        acme,
        as_of=TODAY,
        notice_on=TODAY + days(1),
        last_work_on=dt.date(2026, 12, 15),
        handover_until=dt.date(2026, 12, 29),
        user=alice,
    )
    return drafts.create_draft(acme, LetterKind.TERMINATION, user=alice, plan=plan)


def new_link(as_alice, letter, days_valid=7) -> str:
    response = as_alice.post(reverse("letters:review_link_new", args=[letter.pk]), {"days": days_valid, "label": "Ana"})
    assert response.status_code == 200
    return response.context["new_link"].split("/review/")[1].rstrip("/")


def test_the_review_link_works_without_logging_in(as_alice, anonymous, letter):
    token = new_link(as_alice, letter)
    response = anonymous.get(reverse("letters:review", args=[token]))
    assert response.status_code == 200
    assert letter.subject.encode() in response.content
    assert response["Cache-Control"] == "private, no-store"
    # Read-only: nothing on the page edits or sends the letter.
    assert reverse("letters:edit", args=[letter.pk]).encode() not in response.content
    assert reverse("letters:send", args=[letter.pk]).encode() not in response.content


def test_the_token_is_not_stored_in_clear(as_alice, letter):
    token = new_link(as_alice, letter)
    assert len(token) >= 40
    link = ReviewLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not ReviewLink.objects.filter(token_hash=token).exists()
    # And it is not shown again on the editor.
    assert token.encode() not in as_alice.get(reverse("letters:edit", args=[letter.pk])).content


def test_a_colleague_can_leave_a_comment(as_alice, anonymous, letter):
    token = new_link(as_alice, letter)
    response = anonymous.post(
        reverse("letters:review", args=[token]),
        {"author": "Ana", "body": "Quitaría la segunda frase; suena a reproche."},
    )
    assert response.status_code == 302
    comment = ReviewComment.objects.get()
    assert comment.author == "Ana" and "reproche" in comment.body
    assert b"reproche" in as_alice.get(reverse("letters:edit", args=[letter.pk])).content
    # Someone read it: the plan's review step happened.
    assert letter.plan.steps.get(kind=StepKind.REVIEW).done_at is not None


def test_a_comment_too_long_or_empty_is_a_field_error(as_alice, anonymous, letter):
    token = new_link(as_alice, letter)
    too_long = anonymous.post(reverse("letters:review", args=[token]), {"body": "x" * (drafts.COMMENT_MAX_CHARS + 1)})
    empty = anonymous.post(reverse("letters:review", args=[token]), {"body": ""})
    assert too_long.status_code == empty.status_code == 400
    assert "body" in too_long.context["form"].errors and "body" in empty.context["form"].errors
    assert not ReviewComment.objects.exists()


def test_comments_are_rate_limited(as_alice, anonymous, letter, clock):
    token = new_link(as_alice, letter)
    url = reverse("letters:review", args=[token])
    assert anonymous.post(url, {"body": "Bien."}).status_code == 302
    assert anonymous.post(url, {"body": "Otra vez."}).status_code == 400  # too soon
    for _ in range(drafts.COMMENTS_PER_LINK - 1):
        clock.shift(dt.timedelta(minutes=1))
        assert anonymous.post(url, {"body": "Más."}).status_code == 302
    clock.shift(dt.timedelta(minutes=1))
    assert anonymous.post(url, {"body": "Una más."}).status_code == 400  # the link is full
    assert ReviewComment.objects.count() == drafts.COMMENTS_PER_LINK


def test_an_expired_link_is_a_404(as_alice, anonymous, letter, clock):
    token = new_link(as_alice, letter, days_valid=2)
    clock.shift(days(2) + dt.timedelta(seconds=1))
    assert anonymous.get(reverse("letters:review", args=[token])).status_code == 404
    assert anonymous.post(reverse("letters:review", args=[token]), {"body": "hola"}).status_code == 404


def test_a_revoked_link_is_a_404(as_alice, anonymous, letter):
    token = new_link(as_alice, letter)
    link = ReviewLink.objects.get()
    as_alice.post(reverse("letters:review_link_revoke", args=[letter.pk, link.pk]))
    assert ReviewLink.objects.get().revoked_at is not None
    assert anonymous.get(reverse("letters:review", args=[token])).status_code == 404


def test_a_wrong_token_is_a_404(anonymous, letter):
    assert anonymous.get(reverse("letters:review", args=["not-a-token"])).status_code == 404


def test_the_link_form_shows_an_error_for_a_bad_span(as_alice, letter):
    response = as_alice.post(reverse("letters:review_link_new", args=[letter.pk]), {"days": 90}, follow=True)
    assert not ReviewLink.objects.exists()
    assert any("30" in str(m) for m in response.context["messages"])
