"""The outbox pages: who may see and do what, and what they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from despedida.clients.models import Message
from despedida.outbox import services
from despedida.outbox.models import Failure, OutboundMessage, Security, SmtpAccount, Status
from despedida.outbox.worker import claim

from .conftest import make_account

SECRET = "una contraseña muy secreta"


@pytest.fixture
def letter(norte, acme) -> OutboundMessage:
    return services.queue_message(
        norte,
        acme,
        to="ana@acme.example",
        subject="Fin de la colaboración",
        body="Estimada Ana:",
        kind="termination",
        language="es",
    )


def settings_form(**changes) -> dict:
    data = {
        "host": "smtp.norte.example",
        "port": "587",
        "security": Security.STARTTLS,
        "username": "hola",
        "password": SECRET,
        "from_address": "hola@estudionorte.example",
        "from_name": "Estudio Norte",
        "reply_to": "",
    }
    data.update(changes)
    return data


# Access ------------------------------------------------------------------

OBJECT_URLS = [
    ("get", "outbox:detail"),
    ("get", "outbox:eml"),
    ("post", "outbox:queue"),
    ("post", "outbox:cancel"),
    ("post", "outbox:mark_sent"),
    ("post", "outbox:confirm"),
]


@pytest.mark.parametrize(("method", "name"), OBJECT_URLS)
def test_charlie_gets_404_on_every_message_url_of_alices_workspace(charlie_client, letter, method, name):
    response = getattr(charlie_client, method)(reverse(name, args=[letter.pk]))

    assert response.status_code == 404
    letter.refresh_from_db()
    assert letter.status == Status.QUEUED


def test_charlie_sees_his_own_outbox_not_alices(charlie_client, letter):
    response = charlie_client.get(reverse("outbox:list"))

    assert response.status_code == 200
    assert "Fin de la colaboración" not in response.content.decode()


def test_charlie_cannot_see_or_change_alices_smtp_settings(charlie_client, norte, alice):
    make_account(norte, port=2525)

    page = charlie_client.get(reverse("outbox:settings")).content.decode()
    charlie_client.post(reverse("outbox:settings"), settings_form(host="evil.example"))

    assert "127.0.0.1" not in page
    assert SmtpAccount.objects.get(workspace=norte).host == "127.0.0.1"


def test_bob_can_view_the_smtp_settings_but_not_change_them(client, bob, norte):
    make_account(norte, port=2525, username="hola", password=SECRET, security=Security.STARTTLS)
    client.force_login(bob)

    page = client.get(reverse("outbox:settings"))
    changed = client.post(reverse("outbox:settings"), settings_form(host="evil.example"))
    tested = client.post(reverse("outbox:test"), {"to": "bob@example.com"})

    assert page.status_code == 200
    assert "127.0.0.1:2525" in page.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[1]
    assert (changed.status_code, tested.status_code) == (403, 403)
    assert SmtpAccount.objects.get(workspace=norte).host == "127.0.0.1"


def test_bob_as_a_member_can_work_the_outbox(client, bob, letter):
    client.force_login(bob)

    response = client.post(reverse("outbox:cancel", args=[letter.pk]))

    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == Status.DRAFT


# SMTP settings -------------------------------------------------------------


def test_alice_saves_the_settings_and_the_password_is_stored_encrypted_and_never_shown(alice_client, norte):
    response = alice_client.post(reverse("outbox:settings"), settings_form())

    assert response.status_code == 302
    account = SmtpAccount.objects.get(workspace=norte)
    assert account.get_password() == SECRET
    page = alice_client.get(reverse("outbox:settings")).content.decode()
    assert SECRET not in page
    assert account.password_encrypted not in page
    assert "A password is stored" in page


def test_a_form_error_does_not_echo_the_password_back(alice_client, norte):
    response = alice_client.post(reverse("outbox:settings"), settings_form(from_address="not an address"))

    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert not SmtpAccount.objects.exists()


def test_a_blank_password_keeps_the_stored_one_and_forgetting_removes_it(alice_client, norte):
    alice_client.post(reverse("outbox:settings"), settings_form())

    alice_client.post(reverse("outbox:settings"), settings_form(password="", host="smtp2.norte.example"))
    account = SmtpAccount.objects.get(workspace=norte)
    assert (account.host, account.get_password()) == ("smtp2.norte.example", SECRET)

    alice_client.post(reverse("outbox:settings"), settings_form(password="", username="", forget_password="on"))
    assert not SmtpAccount.objects.get(workspace=norte).has_password


def test_a_password_over_plain_text_to_a_remote_server_is_refused(alice_client):
    response = alice_client.post(reverse("outbox:settings"), settings_form(security=Security.NONE))

    assert response.status_code == 200
    assert "unencrypted" in response.content.decode()
    assert not SmtpAccount.objects.exists()


def test_the_test_message_action_sends_one_and_reports_it(alice_client, norte, smtp):
    make_account(norte, port=smtp.port)

    response = alice_client.post(reverse("outbox:test"), {"to": "alice@estudionorte.example"}, follow=True)

    assert "Test message sent to alice@estudionorte.example" in response.content.decode()
    [received] = smtp.received
    assert received.rcpt_tos == ["alice@estudionorte.example"]


def test_the_test_message_action_says_plainly_why_it_failed(alice_client, norte, dead_port):
    make_account(norte, port=dead_port)

    response = alice_client.post(reverse("outbox:test"), {"to": "alice@estudionorte.example"}, follow=True)

    assert "connection refused" in response.content.decode()


# Messages ------------------------------------------------------------------


def test_the_list_shows_a_failure_and_the_servers_words_plainly(alice_client, letter):
    claim(letter.pk, "w1")
    OutboundMessage.objects.filter(pk=letter.pk).update(
        status=Status.FAILED,
        failure=Failure.REJECTED,
        last_error="The server refused the recipients: 550 5.1.1 No such user",
    )

    page = alice_client.get(reverse("outbox:list")).content.decode()

    assert "550 5.1.1 No such user" in page
    assert reverse("outbox:queue", args=[letter.pk]) in page  # retry
    assert reverse("outbox:cancel", args=[letter.pk]) in page


def test_the_list_filters_by_status(alice_client, letter):
    page = alice_client.get(reverse("outbox:list"), {"status": Status.SENT}).content.decode()

    assert "Fin de la colaboración" not in page


def test_the_detail_page_offers_the_eml_download_with_the_stored_message_id(alice_client, letter):
    page = alice_client.get(reverse("outbox:detail", args=[letter.pk])).content.decode()
    download = alice_client.get(reverse("outbox:eml", args=[letter.pk]))

    assert reverse("outbox:eml", args=[letter.pk]) in page
    assert download["Content-Type"] == "message/rfc822"
    assert f'filename="message-{letter.pk}.eml"' in download["Content-Disposition"]
    assert f"Message-ID: {letter.message_id}".encode() in download.content


def test_marking_as_sent_by_hand_from_the_detail_page_puts_it_in_the_timeline(alice_client, alice, letter, acme):
    response = alice_client.post(reverse("outbox:mark_sent", args=[letter.pk]))

    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.confirmed_by) == (Status.MARKED_SENT, alice)
    assert Message.objects.filter(client=acme, subject="Fin de la colaboración").count() == 1


def test_retry_from_the_list_queues_a_failed_message_again_and_returns_to_the_list(alice_client, letter):
    claim(letter.pk, "w1")
    OutboundMessage.objects.filter(pk=letter.pk).update(status=Status.FAILED, failure=Failure.GAVE_UP, attempts=10)

    response = alice_client.post(reverse("outbox:queue", args=[letter.pk]), {"next": "/outbox/?status=failed"})

    assert response.url == "/outbox/?status=failed"
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (Status.QUEUED, 0)


def test_cancelling_a_message_the_worker_took_meanwhile_changes_nothing_and_says_so(alice_client, letter):
    claim(letter.pk, "w1")

    response = alice_client.post(reverse("outbox:cancel", args=[letter.pk]), follow=True)

    assert "changed meanwhile" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Status.SENDING


def test_an_unknown_outcome_offers_confirm_and_send_again(alice_client, letter, acme):
    claim(letter.pk, "w1")
    OutboundMessage.objects.filter(pk=letter.pk).update(
        status=Status.FAILED,
        failure=Failure.UNKNOWN_OUTCOME,
        delivery_started_at=letter.created_at,
        last_error="No confirmation came back.",
    )

    page = alice_client.get(reverse("outbox:detail", args=[letter.pk])).content.decode()
    alice_client.post(reverse("outbox:confirm", args=[letter.pk]))

    assert reverse("outbox:confirm", args=[letter.pk]) in page
    assert reverse("outbox:queue", args=[letter.pk]) in page
    letter.refresh_from_db()
    assert (letter.status, letter.sent_at) == (Status.SENT, letter.created_at)
    assert Message.objects.filter(client=acme).count() == 1
