"""Password reset by mail and lockout notices by mail: queued by the page, sent by the worker
through the workspace's SMTP server (a real one on loopback); without one, nothing is sent."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from despedida.accounts.models import AccountMail, MailStatus
from tests.accounts.conftest import sign_in
from tests.outbox.conftest import make_account, start_server

pytestmark = pytest.mark.django_db

NEW = "another long passphrase 91"


@pytest.fixture
def smtp():
    server = start_server()
    yield server
    server.controller.stop()


@pytest.fixture
def mailing(norte, alice, bob, smtp):
    make_account(norte, port=smtp.port)
    for user in (alice, bob):
        user.email = f"{user.username}@estudionorte.example"
        user.save(update_fields=["email"])
    return smtp


def run_worker():
    call_command("worker", "--once", stdout=io.StringIO())


def test_a_reset_link_is_queued_sent_by_the_worker_and_sets_a_new_password(client, alice, mailing):
    response = client.post("/password-reset/", {"email": "alice@estudionorte.example"})

    assert response.status_code == 302 and response["Location"] == "/password-reset/sent/"
    assert mailing.received == []  # the page only queues it
    assert AccountMail.objects.get().status == MailStatus.QUEUED

    run_worker()

    (mail,) = mailing.received
    assert mail.rcpt_tos == ["alice@estudionorte.example"]
    assert mail.message["Subject"] == "Despedida: choose a new password"
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.message.get_content()).group(1)
    stored = AccountMail.objects.get()
    assert stored.status == MailStatus.SENT and stored.body == ""  # the link is not kept once sent

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/password-reset/done/"

    assert sign_in(Client(), "alice", NEW).status_code == 302
    assert "expired or was already used" in client.get(link, follow=True).content.decode()


def test_without_smtp_nothing_is_sent_and_the_page_does_not_tell_who_exists(client, alice):
    alice.email = "alice@estudionorte.example"
    alice.save(update_fields=["email"])

    known = client.post("/password-reset/", {"email": "alice@estudionorte.example"})
    unknown = client.post("/password-reset/", {"email": "nadie@example.com"})

    assert not AccountMail.objects.exists()
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/password-reset/sent/"
    alice_page = Client()
    alice_page.force_login(alice)
    assert "despedida changepassword" in alice_page.get("/account/").content.decode()


def test_a_lockout_is_mailed_to_the_account_and_its_workspace_owner(client, alice, bob, mailing):
    for _ in range(3):
        sign_in(client, "bob", "wrong password", ip="198.51.100.40")
    assert mailing.received == []

    run_worker()

    by_recipient = {m.rcpt_tos[0]: m.message for m in mailing.received}
    assert set(by_recipient) == {"alice@estudionorte.example", "bob@estudionorte.example"}
    # Estudio Norte works in Spanish: so do its mails.
    assert "198.51.100.40" in by_recipient["bob@estudionorte.example"].get_content()
    assert "bloqueada" in by_recipient["bob@estudionorte.example"].get_content()
    assert "wrong password" not in by_recipient["alice@estudionorte.example"].get_content()


def test_a_mail_the_server_refuses_for_now_is_tried_again_later(client, alice, mailing, frozen_clock):
    import datetime as dt

    client.post("/password-reset/", {"email": "alice@estudionorte.example"})
    mailing.fail_next("421_at_mail")

    run_worker()
    mail = AccountMail.objects.get()
    assert mail.status == MailStatus.QUEUED and "421 4.3.2" in mail.last_error and mailing.received == []

    frozen_clock.shift(dt.timedelta(minutes=3))
    run_worker()
    assert AccountMail.objects.get().status == MailStatus.SENT
    assert len(mailing.received) == 1
