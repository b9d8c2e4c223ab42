"""The silence protocol and mail read from the mailbox: only a real answer, in the right thread, ends it."""

from __future__ import annotations

import pytest

from despedida.mailbox.sync import sync_mailbox
from despedida.silence import protocol as silence_protocol
from despedida.silence.models import SilenceState

from .conftest import OURS, days_ago, mail, send_delivery

pytestmark = pytest.mark.django_db(transaction=True)


def test_only_an_answer_in_the_awaited_thread_ends_the_protocol_and_at_once(mailbox, acme, imap):
    """
    GIVEN a delivery 20 days ago still unanswered, and a silence protocol under way for it
    WHEN the mailbox brings an out-of-office notice, then an answer about something else, then the answer
    THEN the first two leave the protocol open, and the third ends it as soon as the mail is read
    """
    send_delivery(imap, days=20)
    imap.append(
        "Sent",
        mail(OURS, "ana@acme.example", "Factura F-9", days_ago(18), message_id="f9@estudionorte.example"),
        when=days_ago(18),
    )
    sync_mailbox(mailbox)
    protocol = silence_protocol.start(acme, automatic=False)
    assert protocol.awaiting_message.subject == "Entrega final"

    imap.append(
        "INBOX",
        mail(
            "ana@acme.example",
            OURS,
            "Fuera de la oficina: Entrega final",
            days_ago(2),
            in_reply_to="e1@estudionorte.example",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        when=days_ago(2),
    )
    imap.append(
        "INBOX",
        mail("ana@acme.example", OURS, "Re: Factura F-9", days_ago(1), in_reply_to="f9@estudionorte.example"),
        when=days_ago(1),
    )
    sync_mailbox(mailbox)
    protocol.refresh_from_db()
    assert protocol.state not in (SilenceState.RESOLVED,)
    assert silence_protocol.open_protocol(acme) is not None

    imap.append(
        "INBOX",
        mail("ana@acme.example", OURS, "Re: Entrega final", days_ago(0.5), in_reply_to="e1@estudionorte.example"),
        when=days_ago(0.5),
    )
    sync_mailbox(mailbox)
    protocol.refresh_from_db()
    assert protocol.state == SilenceState.RESOLVED
