"""The mail pages: setting up the mailbox, testing the connection, unknown senders, and mail on the client page."""

from __future__ import annotations

import pytest

from despedida.clients.models import Client, Message
from despedida.mailbox.models import ClientAddress, LedgerEntry, Mailbox, Security, Status, UnknownSender
from despedida.mailbox.sync import sync_mailbox

from .conftest import OURS, days_ago, mail, make_mailbox, send_delivery

pytestmark = pytest.mark.django_db(transaction=True)


def form_data(imap, **changes) -> dict:
    data = {
        "host": imap.server.host,
        "port": str(imap.server.port),
        "security": Security.NONE,
        "username": imap.username,
        "password": imap.server.password,
        "aliases": OURS,
        "snippets": "on",
        "months": "18",
        "sync_every_minutes": "5",
        "enabled": "on",
    }
    data.update(changes)
    return data


def flashes(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_owner_sets_up_the_mailbox_and_the_folders_come_from_the_server(alice_client, norte, imap):
    imap.create_folder("Clientes")

    response = alice_client.post("/mail/settings/", form_data(imap), follow=True)

    assert "Mail settings saved." in flashes(response)
    assert "The server lists 3 folders." in flashes(response)
    mailbox = Mailbox.objects.get(workspace=norte)
    assert mailbox.server_folders == ["INBOX", "Clientes", "Sent"]
    assert mailbox.folders == ["INBOX", "Sent"]  # the inbox and the sent folder, chosen for you
    assert imap.server.password not in mailbox.password_encrypted
    assert mailbox.get_password() == imap.server.password
    page = alice_client.get("/mail/settings/").content.decode()
    assert 'value="Clientes"' in page and imap.server.password not in page


def test_no_encryption_is_refused_for_a_server_that_is_not_on_this_machine(alice_client, imap):
    response = alice_client.post("/mail/settings/", form_data(imap, host="imap.example.com"))
    assert response.status_code == 200
    assert "The password would cross the network unencrypted" in response.content.decode()
    assert not Mailbox.objects.exists()


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({}, "Connected and logged in; every chosen folder opens (INBOX, Sent)."),
        ({"password": "wrong"}, "The connection test failed. Login: the server refused the user name or the password."),
        (
            {"host": "no-such-host.invalid", "security": Security.TLS},
            "The connection test failed. DNS: the server name no-such-host.invalid could not be found.",
        ),
        ({"port": "dead"}, "The connection test failed. Connection: nothing answered at 127.0.0.1, port"),
        (
            {"folders": ["INBOX", "Archivo"]},
            "The connection test failed. Folder: «Archivo» does not exist on the server",
        ),
    ],
)
def test_the_connection_test_says_plainly_what_failed(alice_client, norte, imap, changes, says):
    if changes.get("port") == "dead":
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            changes = {"port": probe.getsockname()[1]}
    make_mailbox(norte, imap, **changes)

    response = alice_client.post("/mail/settings/test/", follow=True)

    assert any(text.startswith(says) for text in flashes(response)), flashes(response)


def test_members_see_the_settings_but_only_owners_change_them(client, bob, norte, imap):
    make_mailbox(norte, imap)
    client.force_login(bob)
    page = client.get("/mail/settings/")
    assert page.status_code == 200 and b'name="password"' not in page.content
    assert imap.username.encode() in page.content
    for url in ("/mail/settings/", "/mail/settings/test/", "/mail/settings/folders/", "/mail/sync/"):
        assert client.post(url, form_data(imap, host="evil.example")).status_code == 403, url
    assert Mailbox.objects.get().host == imap.server.host


def test_reading_now_fills_the_record_and_says_what_it_did(alice_client, norte, acme, imap):
    make_mailbox(norte, imap)
    imap.append("INBOX", mail("ana@acme.example", OURS, "Hola", days_ago(2)), when=days_ago(2))
    imap.append("INBOX", mail("quien@otro.example", OURS, "Hola", days_ago(2)), when=days_ago(2))

    response = alice_client.post("/mail/sync/", {"progress": "k" * 20}, follow=True)

    assert "2 messages read: 1 added to clients' records, 1 matched no client, 0 could not be read." in flashes(
        response
    )
    assert Message.objects.filter(client=acme).count() == 1


def test_the_client_page_shows_mail_with_its_thread_source_and_snippet(alice_client, mailbox, acme, imap):
    send_delivery(imap, days=9, body="Te envío la entrega. ¿Todo bien?")
    imap.append(
        "INBOX",
        mail(
            "ana@acme.example",
            OURS,
            "Re: Entrega final",
            days_ago(8),
            in_reply_to="e1@estudionorte.example",
            body="Perfecto, gracias.",
        ),
        when=days_ago(8),
    )
    sync_mailbox(mailbox)

    page = alice_client.get("/c/acme/").content.decode()

    assert 'Message to the client: «Entrega final» <span class="muted">(needs a reply)</span>' in page
    assert "↳ in reply to «Entrega final»" in page
    assert page.count('<span class="badge source imap">From the mailbox</span>') == 2
    assert "Te envío la entrega. ¿Todo bien?" in page


def test_the_users_word_on_needs_a_reply_sticks_across_syncs(alice_client, mailbox, acme, imap):
    """
    GIVEN a message we sent that the rules say needs a reply
    WHEN the user says it needs none, and the folder is later renumbered and read again
    THEN it still needs none
    """
    imap.create_folder("Enviados")
    imap.append("Enviados", mail(OURS, "ana@acme.example", "¿Comemos el jueves?", days_ago(20)), when=days_ago(20))
    mailbox.folders = ["Enviados"]
    mailbox.save()
    sync_mailbox(mailbox)
    message = Message.objects.get(client=acme)
    assert message.needs_reply

    alice_client.post(f"/mail/messages/{message.pk}/needs-reply/", {"needs_reply": "no"})
    imap.delete_folder("Enviados")
    imap.create_folder("Enviados")
    imap.append(
        "Enviados",
        mail(OURS, "ana@acme.example", "¿Comemos el jueves?", days_ago(20), message_id=message.message_id),
        when=days_ago(20),
    )
    sync_mailbox(mailbox)

    message.refresh_from_db()
    assert (message.needs_reply, message.needs_reply_set_by_user) == (False, True)
    assert Message.objects.filter(client=acme).count() == 1


def test_one_click_makes_an_unknown_sender_a_client_and_their_mail_is_read_into_the_record(
    alice_client, mailbox, norte, acme, imap
):
    nueva = Client.objects.create(workspace=norte, key="nueva", name="Nueva SL")
    imap.append("INBOX", mail("carla@nueva.example", OURS, "¿Nos ayudas?", days_ago(6)), when=days_ago(6))
    imap.append("Sent", mail(OURS, "carla@nueva.example", "Propuesta", days_ago(5)), when=days_ago(5))
    sync_mailbox(mailbox)
    sender = UnknownSender.objects.get()
    assert alice_client.get("/mail/unknown/").content.decode().count("carla@nueva.example") == 1

    response = alice_client.post(f"/mail/unknown/{sender.pk}/assign/", {"client": nueva.pk}, follow=True)

    assert "carla@nueva.example is now Nueva SL's; 2 messages are read again." in flashes(response)
    assert [m.subject for m in Message.objects.filter(client=nueva).order_by("at")] == ["¿Nos ayudas?", "Propuesta"]
    assert not UnknownSender.objects.exists()
    assert ClientAddress.objects.get(client=nueva).value == "carla@nueva.example"
    assert not LedgerEntry.objects.filter(status=Status.SKIPPED_UNMATCHED).exists()


def test_a_domain_added_on_the_client_page_matches_everyone_there(alice_client, mailbox, norte, imap):
    beta = Client.objects.create(workspace=norte, key="beta", name="Beta SA")
    imap.append("INBOX", mail("luis@beta-sa.example", OURS, "Hola", days_ago(3)), when=days_ago(3))
    sync_mailbox(mailbox)
    assert not Message.objects.exists()

    response = alice_client.post("/mail/c/beta/addresses/", {"value": "@Beta-SA.example"}, follow=True)
    assert "beta-sa.example added." in flashes(response)
    assert Message.objects.filter(client=beta).count() == 1

    public = alice_client.post("/mail/c/beta/addresses/", {"value": "not an address"}, follow=True)
    assert "Enter an address (ana@acme.example) or a domain (acme.example)." in flashes(public)


def test_the_page_polls_how_far_the_reading_got(alice_client, norte):
    from despedida import page_progress as progress

    key = progress.new_key()
    progress.Progress(norte, key).report("mail", 1200, 10000)
    answer = alice_client.get(f"/settings/progress/{key}/").json()
    assert answer == {
        "phase": "mail",
        "done": 1200,
        "total": 10000,
        "message": "Reading mail: 1,200 of 10,000 messages",
    }


def test_the_settings_page_lists_the_messages_that_could_not_be_read_and_why(alice_client, mailbox, imap):
    imap.append(
        "INBOX",
        b"To: hola@estudionorte.example\r\nSubject: x\r\nDate: Tue, 17 Nov 2026 10:00:00 +0100\r\n\r\n.\r\n",
        when=days_ago(5),
    )
    sync_mailbox(mailbox)
    page = alice_client.get("/mail/settings/").content.decode()
    assert "1 message could not be read" in page
    assert "INBOX · UID 1 · no sender: the From header is missing or unreadable (1 attempt)" in page
