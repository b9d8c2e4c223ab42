"""Sign-in is throttled per address and per account, on the app's login page and the admin's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from despedida.accounts.models import AccountMail, SecurityNotice, SignInEvent, SignInOutcome
from tests.accounts.conftest import sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def fail(client, username, times, ip="203.0.113.7", path="/login/"):
    for _ in range(times):
        response = sign_in(client, username, "wrong password", ip=ip, path=path)
        assert response.status_code in (200, 429)
    return response


def test_after_n_failures_from_one_address_even_the_right_password_is_refused_with_the_wait(client, alice, bob):
    """GIVEN a limit of 3 failures
    WHEN one address fails 3 times, for three different user names
    THEN the next attempt from that address, with alice's right password, is refused (429)
         and the page says to try again in 15 minutes; alice is not signed in."""
    for name in ("nobody", "ghost", "bob"):
        sign_in(client, name, "wrong password")

    response = sign_in(client, "alice", PASSWORD)

    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-ins from this address or for this account. Try again in 15 minutes." in text
    assert '<label for="id_username">User name</label>' in text  # still the login form
    assert "_auth_user_id" not in client.session


def test_another_address_is_not_blocked_by_someone_elses_failures(client, alice, bob):
    fail(client, "bob", 3, ip="203.0.113.7")

    response = sign_in(Client(), "alice", PASSWORD, ip="198.51.100.20")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_one_account_is_locked_after_failures_from_many_addresses(client, alice):
    """Failures for one account spread over three addresses lock that account everywhere,
    and the wait is counted from the latest failure."""
    for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        sign_in(Client(), "alice", "wrong password", ip=ip)

    response = sign_in(Client(), "alice", PASSWORD, ip="192.0.2.99")

    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()


def test_the_wait_shrinks_with_time_and_sign_in_works_again_after_it(client, alice, frozen_clock):
    fail(client, "alice", 3)
    frozen_clock.shift(dt.timedelta(minutes=11))

    response = sign_in(Client(), "alice", PASSWORD)
    assert response.status_code == 429
    assert "Try again in 4 minutes" in response.content.decode()

    frozen_clock.shift(dt.timedelta(minutes=5))
    response = sign_in(Client(), "alice", PASSWORD)
    assert response.status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, alice):
    fail(client, "alice", 2)
    assert sign_in(Client(), "alice", PASSWORD).status_code == 302

    fail(client, "alice", 2)  # two more: counted from zero again, so still under the limit

    assert sign_in(Client(), "alice", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, settings):
    make_user("root", is_staff=True, is_superuser=True)
    for _ in range(3):
        response = sign_in(client, "root", "wrong password", path="/admin/login/")
        assert response.status_code in (200, 429)

    response = sign_in(client, "root", PASSWORD, path="/admin/login/")

    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # not signed in


def test_the_wait_is_said_in_spanish_on_a_spanish_page(client, alice):
    fail(client, "alice", 3)

    response = client.post(
        "/login/", {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="es"
    )

    assert response.status_code == 429
    assert "Vuelve a intentarlo dentro de 15 minutos" in response.content.decode()


def test_the_sign_in_log_records_each_attempt_for_the_user_to_read(client, alice):
    """The account page lists when, from where and how each sign-in went, failures included."""
    sign_in(client, "alice", "wrong password", ip="198.51.100.5", HTTP_USER_AGENT="Firefox/140")
    sign_in(client, "alice", PASSWORD, ip="198.51.100.6", HTTP_USER_AGENT="Firefox/140")

    events = list(SignInEvent.objects.filter(user=alice).order_by("at", "id"))
    assert [(e.outcome, e.ip_address) for e in events] == [
        (SignInOutcome.FAILURE, "198.51.100.5"),
        (SignInOutcome.SUCCESS, "198.51.100.6"),
    ]
    page = client.get("/account/").content.decode()
    assert "198.51.100.5" in page and "198.51.100.6" in page
    assert "Wrong user name or password" in page and "Signed in" in page
    assert "wrong password" not in page  # what was typed as a password is never kept


def test_nobody_reads_anothers_sign_in_log(client, alice, charlie):
    sign_in(client, "alice", PASSWORD, ip="198.51.100.77")
    other = Client()
    other.force_login(charlie)

    assert "198.51.100.77" not in other.get("/account/").content.decode()


def test_a_locked_account_gets_a_notice_in_the_app_and_its_owner_too(client, alice, bob):
    """bob (a member) is locked out: bob and alice (the owner of his workspace) get a notice,
    shown at their next sign-in and on the account page; no workspace has SMTP, so no mail."""
    fail(client, "bob", 3, ip="198.51.100.9")

    notices = SecurityNotice.objects.order_by("user__username")
    assert [(n.user.username, n.about.username, n.failures, n.ip_address) for n in notices] == [
        ("alice", "bob", 3, "198.51.100.9"),
        ("bob", "bob", 3, "198.51.100.9"),
    ]
    assert not AccountMail.objects.exists()

    owner = Client()
    response = sign_in(owner, "alice", PASSWORD, ip="192.0.2.1")
    page = owner.get(response["Location"], follow=True).content.decode()
    assert "1 security notice about failed sign-ins" in page
    account = owner.get("/account/").content.decode()
    assert "the account «bob» was locked after 3 failed sign-ins (the last from 198.51.100.9)" in account

    owner.post("/account/notices/read/")
    assert not SecurityNotice.objects.filter(user=alice, read_at__isnull=True).exists()


def test_refused_attempts_during_a_lockout_are_logged_as_refused_and_do_not_notify_again(client, alice):
    fail(client, "alice", 3)
    sign_in(client, "alice", PASSWORD)

    outcomes = list(SignInEvent.objects.filter(user=alice).order_by("at", "id").values_list("outcome", flat=True))
    assert outcomes == [SignInOutcome.FAILURE] * 3 + [SignInOutcome.LOCKED_OUT]
    assert SecurityNotice.objects.filter(user=alice).count() == 1
