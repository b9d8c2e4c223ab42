"""The outbox API other apps call, and the constraints that keep states coherent."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from despedida.clients.models import Client, Direction, Message, MessageOrigin
from despedida.outbox import services
from despedida.outbox.models import Failure, OutboundMessage, Status
from despedida.outbox.worker import claim

from .conftest import make_account


def queue(norte, acme, **extra) -> OutboundMessage:
    fields = dict(
        to="ana@acme.example", subject="Recordatorio", body="Hola, Ana.", kind="payment_reminder", language="es"
    )
    fields.update(extra)
    return services.queue_message(norte, acme, **fields)


def test_queue_message_gives_each_message_its_own_message_id_under_the_senders_domain(norte, acme):
    make_account(norte, port=2525)

    first, second = queue(norte, acme), queue(norte, acme)

    assert first.status == Status.QUEUED
    assert first.message_id != second.message_id
    assert first.message_id.startswith("<") and first.message_id.endswith("@estudionorte.example>")


def test_queue_message_without_smtp_settings_uses_the_sites_domain(norte, acme, settings):
    settings.SITE_URL = "https://despedida.norte.example"

    assert queue(norte, acme).message_id.endswith("@despedida.norte.example>")


def test_queue_message_accepts_a_list_of_addresses_and_a_cool_off(norte, acme):
    later = timezone.now() + dt.timedelta(hours=24)

    message = queue(
        norte, acme, to=["ana@acme.example", " pablo@acme.example "], cc="socio@acme.example", not_before=later
    )

    assert message.to == ["ana@acme.example", "pablo@acme.example"]
    assert message.cc == ["socio@acme.example"]
    assert message.not_before == later


@pytest.mark.parametrize(
    "bad",
    [{"to": "not an address"}, {"to": []}, {"subject": "Two\nlines"}, {"language": "fr"}, {"kind": "Not A Code"}],
)
def test_queue_message_refuses_unusable_input(norte, acme, bad):
    with pytest.raises(ValidationError):
        queue(norte, acme, **bad)
    assert not OutboundMessage.objects.exists()


def test_queue_message_refuses_a_client_of_another_workspace(norte, sur):
    stranger = Client.objects.create(workspace=sur, key="x", name="Ajeno")

    with pytest.raises(ValidationError):
        queue(norte, stranger)


def test_mark_sent_by_hand_puts_the_message_in_the_clients_timeline(norte, acme, alice):
    message = queue(norte, acme)

    services.mark_sent_by_hand(message, alice)

    assert (message.status, message.confirmed_by) == (Status.MARKED_SENT, alice)
    entry = Message.objects.get(client=acme)
    assert message.timeline_message == entry
    assert (entry.direction, entry.origin, entry.at) == (Direction.OUT, MessageOrigin.SENT, message.sent_at)
    assert (entry.subject, entry.body) == ("Recordatorio", "Hola, Ana.")


def test_marking_an_already_sent_message_again_changes_nothing(norte, acme, alice):
    message = queue(norte, acme)
    services.mark_sent_by_hand(message, alice)

    with pytest.raises(services.StaleMessage):
        services.mark_sent_by_hand(OutboundMessage.objects.get(pk=message.pk), alice)

    assert Message.objects.filter(client=acme).count() == 1


def test_cancel_refuses_a_message_the_worker_is_sending(norte, acme):
    message = queue(norte, acme)
    claim(message.pk, "w1")

    with pytest.raises(services.StaleMessage):
        services.cancel(message)

    assert message.status == Status.SENDING


def test_cancel_returns_a_queued_message_to_draft_and_queue_sends_it_again(norte, acme):
    message = queue(norte, acme)

    services.cancel(message)
    assert (message.status, message.next_attempt_at) == (Status.DRAFT, None)
    services.queue(message)
    assert message.status == Status.QUEUED


def test_a_draft_waits_until_it_is_queued(norte, acme):
    message = services.draft_message(
        norte, acme, to="ana@acme.example", subject="Borrador", body="...", kind="termination", language="es"
    )

    assert message.status == Status.DRAFT
    assert claim(message.pk, "w1") is None


def test_eml_bytes_carries_the_stored_message_id_and_opens_as_a_draft(norte, acme):
    make_account(norte, port=2525)
    message = queue(norte, acme, cc=["socio@acme.example"])

    parsed = email.message_from_bytes(services.eml_bytes(message), policy=email.policy.default)

    assert parsed["Message-ID"] == message.message_id
    assert parsed["X-Unsent"] == "1"
    assert parsed["From"] == "Estudio Norte <hola@estudionorte.example>"
    assert (parsed["To"], parsed["Cc"]) == ("ana@acme.example", "socio@acme.example")
    assert parsed["Subject"] == "Recordatorio"
    assert parsed.get_content().strip() == "Hola, Ana."


@pytest.mark.parametrize(
    "incoherent",
    [
        {"status": Status.SENT},  # sent without a time
        {"status": Status.SENDING},  # sending without a claim
        {"status": Status.FAILED},  # failed without a reason
        {"status": Status.QUEUED, "failure": Failure.REJECTED},  # a reason without failing
        {"status": Status.QUEUED, "next_attempt_at": None},  # queued but never due
        {"status": Status.DRAFT, "sent_at": timezone.now()},  # a draft with a send time
        {"status": Status.FAILED, "failure": Failure.UNKNOWN_OUTCOME},  # unknown without a handover
        {"status": Status.QUEUED, "delivery_started_at": timezone.now()},  # a handover left behind
    ],
)
def test_the_database_refuses_incoherent_states(norte, acme, incoherent):
    message = queue(norte, acme)

    with pytest.raises(IntegrityError), transaction.atomic():
        OutboundMessage.objects.filter(pk=message.pk).update(**incoherent)
