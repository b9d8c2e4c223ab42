"""The quick header readers agree with the email package's full grammar (the modern policy) on what mailers write.

`parse_headers` reads the common shapes without the modern policy's header
classes, for speed. Here the email package writes header blocks (encoded
names and subjects in several charsets, folded lines, the many headers real
mail carries) and reads them back with its full grammar; both readings must
give the same sender, name, recipients, subject, ids and date.
"""

from __future__ import annotations

import datetime as dt
import email
import email.header
import email.policy
import email.utils
from email.headerregistry import Address
from email.message import EmailMessage

from hypothesis import given
from hypothesis import strategies as st

from despedida.mailbox.parsing import parse_headers

NAMES = st.sampled_from(
    [
        "",
        "Ana Ruiz",
        "Ana María Ruiz-Peña",
        "José Ñúñez, Estudio",
        "Renée O'Connor",
        "Zoë (Design)",
        'Dr. Ángel "Nito" Gómez',
        "Łukasz Żółć",
        "田中 太郎",
        "Team 🚀 Launch",
        "María; Compras",
        "Ünal <Büro>",
    ]
)
LOCALS = st.sampled_from(["ana", "jose.nunez", "info", "a+tag", "Mixed.Case"])
DOMAINS = st.sampled_from(["acme.example", "Cliente.Example", "mail.studio.example"])
SUBJECTS = st.sampled_from(
    [
        "Hola",
        "Revisión de la propuesta: versión 2",
        "Re: Entrega final — ¿todo bien?",
        "Factura F-2026-0010 (vence el 15/12)",
        "Ünïcödé " * 12,
        "Respuesta automática: Fuera de la oficina",
        "Out of Office: back on Monday",
        "Réunion : ça marche ?",
        "A very long subject line that goes on and on so that the mailer has to fold it over several lines",
    ]
)
CHARSETS = st.sampled_from(["utf-8", "iso-8859-1", "windows-1252"])
NOISE = [
    ("Received", "from mx.acme.example (mx.acme.example [203.0.113.5]) by mail.example with ESMTPS id abc"),
    ("DKIM-Signature", "v=1; a=rsa-sha256; d=acme.example; s=s1; h=from:to:subject; b=" + "A" * 120),
    ("X-Original-To", "someone@else.example"),
    ("Delivered-To", "hola@estudionorte.example"),
    ("List-Unsubscribe", "<mailto:u@acme.example>"),
]


def address(name, local, domain):
    return Address(display_name=name, username=local, domain=domain)


@st.composite
def messages(draw):
    msg = EmailMessage(policy=email.policy.default.clone(linesep="\r\n"))
    for name, value in draw(st.lists(st.sampled_from(NOISE), max_size=5)):
        msg[name] = value
    msg["From"] = address(draw(NAMES), draw(LOCALS), draw(DOMAINS))
    msg["To"] = [address(draw(NAMES), draw(LOCALS), draw(DOMAINS)) for _ in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        msg["Cc"] = address(draw(NAMES), draw(LOCALS), draw(DOMAINS))
    subject = draw(SUBJECTS)
    charset = draw(CHARSETS)
    try:
        subject.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    # Written as mailers fold it: encoded words in the chosen charset, continued on new lines.
    folded = email.header.Header(subject, charset if not subject.isascii() else "us-ascii").encode(linesep="\r\n")
    offset = dt.timezone(dt.timedelta(minutes=draw(st.sampled_from([-300, -180, 0, 60, 120, 330]))))
    when = dt.datetime(2026, 11, draw(st.integers(1, 28)), draw(st.integers(0, 23)), 7, tzinfo=offset)
    msg["Date"] = email.utils.format_datetime(when)
    msg["Message-ID"] = f"<m{draw(st.integers(0, 10**6))}@{draw(DOMAINS)}>"
    msg.set_content("Hola")
    return bytes(msg).split(b"\r\n\r\n")[0] + b"\r\nSubject: " + folded.encode("ascii") + b"\r\n\r\n"


def one_line(text: str) -> str:
    return " ".join(text.split())


def addresses(header) -> tuple[str, ...]:
    """Lower case, each once, in order: a message's recipients as the record keeps them."""
    return tuple(dict.fromkeys(a.addr_spec.lower() for a in (header.addresses if header else ())))


@given(messages())
def test_the_quick_reading_agrees_with_the_full_grammar(raw):
    full = email.message_from_bytes(raw, policy=email.policy.default)
    quick = parse_headers(raw)

    sender = full["from"].addresses[0]
    assert quick.sender == sender.addr_spec.lower()
    assert quick.sender_name == one_line(sender.display_name)
    assert quick.to == addresses(full["to"])
    assert quick.cc == addresses(full["cc"])
    assert quick.subject == one_line(str(full["subject"]))
    assert quick.message_id == full["message-id"].strip("<>")
    assert quick.date == full["date"].datetime
