"""Two-factor sign-in: enrolment with a QR code drawn locally, codes, recovery codes, owners required."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from despedida.accounts import two_factor
from despedida.accounts.models import SignInEvent, SignInOutcome
from tests.accounts.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

STEP = dt.timedelta(seconds=31)


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrol(user, frozen_clock, browser=None) -> list[str]:
    """Turn two-factor on for `user` (in `browser`, or a new session); return the recovery codes."""
    if browser is None:
        browser = Client()
        browser.force_login(user)
    browser.get("/account/two-factor/")
    response = browser.post("/account/two-factor/", {"code": code_for(user)})
    frozen_clock.shift(STEP)  # a code is good once: the next one comes from the next 30-second step
    SignInEvent.objects.all().delete()
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def test_enrolment_shows_a_qr_code_drawn_here_and_confirms_with_a_code(alice_client, alice, frozen_clock):
    page = alice_client.get("/account/two-factor/").content.decode()
    assert "<svg" in page and "<path" in page  # the QR code is inline SVG: nothing to fetch
    assert 'src="http' not in page and "googleapis" not in page
    assert not two_factor.has_device(alice)

    wrong = alice_client.post("/account/two-factor/", {"code": "000000" if code_for(alice) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    assert not two_factor.has_device(alice)
    frozen_clock.shift(STEP)  # after a wrong code, django-otp makes the next try wait a moment

    response = alice_client.post("/account/two-factor/", {"code": code_for(alice)})

    assert two_factor.has_device(alice)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert alice_client.get("/").status_code == 200  # the session that enrolled stays in


def test_with_two_factor_the_password_alone_does_not_open_the_app(alice, frozen_clock):
    enrol(alice, frozen_clock)
    browser = Client()

    response = sign_in(browser, "alice", PASSWORD)
    assert response.status_code == 302
    held = browser.get("/outbox/")
    assert held.status_code == 302 and held["Location"] == "/login/code/?next=%2Foutbox%2F"
    assert browser.get("/admin/").status_code == 302  # the admin is behind the code too

    wrong = browser.post("/login/code/", {"code": "12345", "next": "/outbox/"})
    assert wrong.status_code == 400 and "That code is not right." in wrong.content.decode()
    frozen_clock.shift(STEP)  # django-otp makes each wrong code wait a little longer

    right = browser.post("/login/code/", {"code": code_for(alice), "next": "/outbox/"})

    assert right.status_code == 302 and right["Location"] == "/outbox/"
    assert browser.get("/").status_code == 200
    outcomes = list(SignInEvent.objects.filter(user=alice).order_by("at", "id").values_list("outcome", flat=True))
    assert outcomes == [SignInOutcome.PASSWORD_OK, SignInOutcome.WRONG_CODE, SignInOutcome.SUCCESS]


def test_a_recovery_code_signs_in_once(alice, frozen_clock):
    codes = enrol(alice, frozen_clock)
    first = Client()
    sign_in(first, "alice", PASSWORD)

    response = first.post("/login/code/", {"code": codes[0].upper()})

    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert two_factor.recovery_codes_left(alice) == 9
    frozen_clock.shift(STEP)
    second = Client()
    sign_in(second, "alice", PASSWORD)
    assert second.post("/login/code/", {"code": codes[0]}).status_code == 400
    assert second.get("/").status_code == 302
    assert SignInEvent.objects.filter(user=alice, outcome=SignInOutcome.RECOVERY_CODE).count() == 1


def test_wrong_codes_in_a_row_make_the_next_try_wait(alice, frozen_clock):
    enrol(alice, frozen_clock)
    browser = Client()
    sign_in(browser, "alice", PASSWORD)
    browser.post("/login/code/", {"code": "000001"})
    browser.post("/login/code/", {"code": "000002"})

    response = browser.post("/login/code/", {"code": code_for(alice)})  # right, but too soon

    assert response.status_code == 400
    assert "Too many wrong codes. Wait" in response.content.decode()


def test_owners_must_enrol_when_the_instance_requires_it_members_need_not(settings, alice, bob, frozen_clock):
    settings.REQUIRE_2FA_FOR_OWNERS = True
    owner, member = Client(), Client()
    sign_in(owner, "alice", PASSWORD)
    sign_in(member, "bob", PASSWORD, ip="198.51.100.2")

    held = owner.get("/outbox/")
    assert held.status_code == 302 and held["Location"] == "/account/two-factor/?next=%2Foutbox%2F"
    assert "requires two-factor sign-in for workspace owners" in owner.get("/account/two-factor/").content.decode()
    assert member.get("/outbox/").status_code == 200

    owner.post("/account/two-factor/", {"code": code_for(alice)})
    assert owner.get("/outbox/").status_code == 200

    owner.post("/account/two-factor/off/", {"password": PASSWORD})
    assert two_factor.has_device(alice)  # required: it cannot be turned off


def test_turning_two_factor_off_needs_the_password(alice, alice_client, frozen_clock):
    enrol(alice, frozen_clock, browser=alice_client)

    alice_client.post("/account/two-factor/off/", {"password": "not it"})
    assert two_factor.has_device(alice)

    alice_client.post("/account/two-factor/off/", {"password": PASSWORD})
    assert not two_factor.has_device(alice)
    assert two_factor.recovery_codes_left(alice) == 0


def test_enrolling_signs_out_the_other_sessions(alice, alice_client, frozen_clock):
    """Turning two-factor on from one browser ends the sessions opened with the password alone."""
    enrol(alice, frozen_clock)

    assert alice_client.get("/").status_code == 302
