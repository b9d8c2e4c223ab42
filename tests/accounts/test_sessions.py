"""Sessions end after a while without activity, and a user can end all their others."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.accounts.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_idle_session_ends_and_an_active_one_does_not(settings, alice, frozen_clock):
    settings.SESSION_IDLE_MINUTES = 30
    browser = Client()
    sign_in(browser, "alice", PASSWORD)

    for _ in range(4):  # two hours of use, a page every 25 minutes
        frozen_clock.shift(dt.timedelta(minutes=25))
        assert browser.get("/").status_code == 200

    frozen_clock.shift(dt.timedelta(minutes=31))
    response = browser.get("/outbox/")

    assert response.status_code == 302 and response["Location"] == "/login/?next=/outbox/"
    assert browser.get("/").status_code == 302  # signed out for good, not just redirected once
    page = browser.get("/login/").content.decode()
    assert "You were signed out after a while without activity" in page


def test_sign_out_everywhere_ends_the_other_sessions_and_keeps_this_one(alice, charlie):
    here, laptop, phone, someone_else = Client(), Client(), Client(), Client()
    for browser, ip in ((here, "192.0.2.1"), (laptop, "192.0.2.2"), (phone, "192.0.2.3")):
        sign_in(browser, "alice", PASSWORD, ip=ip)
    sign_in(someone_else, "charlie", PASSWORD, ip="192.0.2.4")

    response = here.post("/account/sessions/end/", follow=True)

    assert "Signed out of every other session (2)." in response.content.decode()
    assert here.get("/").status_code == 200
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302
    assert someone_else.get("/").status_code == 200


def test_changing_the_password_ends_the_other_sessions(alice):
    here, elsewhere = Client(), Client()
    sign_in(here, "alice", PASSWORD)
    sign_in(elsewhere, "alice", PASSWORD, ip="192.0.2.9")

    response = here.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase 77",
            "new_password2": "a brand new passphrase 77",
        },
        follow=True,
    )

    assert "Your password was changed" in response.content.decode()
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a brand new passphrase 77")


def test_a_wrong_current_password_changes_nothing(alice_client, alice):
    response = alice_client.post(
        "/account/password/",
        {
            "old_password": "not it",
            "new_password1": "a brand new passphrase 77",
            "new_password2": "a brand new passphrase 77",
        },
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
