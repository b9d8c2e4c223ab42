"""Which way a message went and whose it is: addresses first, then a client's own domain."""

from __future__ import annotations

from despedida.mailbox.matching import Direction, Directory, How, match

ACME, BETA, GAMMA = 1, 2, 3
DIRECTORY = Directory.build(
    own=["hola@estudionorte.example", "Alice@EstudioNorte.example"],
    client_addresses=[(ACME, "ana@acme.example"), (BETA, "beta.sl@gmail.com"), (GAMMA, "pepe@gamma.example")],
    client_domains=[(GAMMA, "gamma-group.example")],
)


def test_mail_from_one_of_our_addresses_is_outgoing_and_matched_on_its_recipients():
    found = match("alice@estudionorte.example", ["hola@estudionorte.example", "ana@acme.example"], DIRECTORY)
    assert (found.direction, found.client, found.how) == (Direction.OUT, ACME, How.ADDRESS)
    assert found.counterparts == ("ana@acme.example",)


def test_mail_from_anyone_else_is_incoming_and_matched_on_its_sender():
    found = match("ANA@acme.example", ["hola@estudionorte.example"], DIRECTORY)
    assert (found.direction, found.client) == (Direction.IN, ACME)


def test_a_colleague_at_the_clients_own_domain_is_matched_by_domain():
    found = match("jorge@acme.example", [], DIRECTORY)
    assert (found.client, found.how) == (ACME, How.DOMAIN)
    assert match("it@mail.acme.example", [], DIRECTORY).client == ACME
    assert match("eva@gamma-group.example", [], DIRECTORY).client == GAMMA


def test_a_public_mail_domain_never_matches_by_domain():
    assert match("beta.sl@gmail.com", [], DIRECTORY).client == BETA
    stranger = match("someone.else@gmail.com", [], DIRECTORY)
    assert (stranger.client, stranger.counterparts) == (None, ("someone.else@gmail.com",))


def test_a_domain_two_clients_claim_matches_neither_but_their_addresses_still_do():
    shared = Directory.build(own=[], client_addresses=[(ACME, "ana@holding.example"), (BETA, "bea@holding.example")])
    assert match("ana@holding.example", [], shared).client == ACME
    assert match("carlos@holding.example", [], shared).client is None


def test_our_own_domain_is_never_a_clients_domain():
    directory = Directory.build(
        own=["hola@estudionorte.example"], client_addresses=[(ACME, "eva@estudionorte.example")]
    )
    assert match("otro@estudionorte.example", [], directory).client is None


def test_a_bounce_is_matched_on_the_address_that_failed():
    found = match(
        "mailer-daemon@mx.example", ["hola@estudionorte.example"], DIRECTORY, counterparts=["ana@acme.example"]
    )
    assert (found.direction, found.client) == (Direction.IN, ACME)
