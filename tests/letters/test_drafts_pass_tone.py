"""Every draft passes the tone checker with no error: every kind, both
languages, thirty demo clients, several dates (the command-line contract:
"Every draft it prints passes `despedida tone` with no error")."""

from __future__ import annotations

import datetime as dt

import pytest

from despedida.core.demo.generator import generate_document
from despedida.core.letters.errors import LetterError
from despedida.core.letters.render import KINDS, draft_letter
from despedida.core.portfolio.reader import load_document
from despedida.core.tone import check
from tests.letters.personas import portfolio as personas

DATES = (dt.date(2025, 3, 15), dt.date(2026, 6, 30), dt.date(2026, 11, 22))
# The rates table stops where the published rates stop (2026-H1 when this was
# written). To write demands later in 2026, the test adds a 2026-H2 entry the
# way a user would (business.late_payment.rates); the value is illustrative.
EXTENDED_RATES = {"rule": "es", "rates": [{"period": "2026-H2", "reference_rate": "2.15"}]}


@pytest.fixture(scope="module", params=DATES, ids=str)
def demo(request):
    return request.param, load_document(generate_document(30, 7, request.param))


def errors_of(letter):
    report = check(letter.text, lang=letter.lang, kind=letter.kind)
    problems = [f"{f.rule} [{f.category}] «{f.excerpt}»: {f.message}" for f in report.findings if f.severity == "error"]
    problems += [f"missing {m.element}: {m.message}" for m in report.missing]
    return report, problems


def test_every_kind_for_every_demo_client_passes_the_tone_checker(demo):
    as_of, studio = demo
    written, failures = 0, []
    for client in studio.clients:
        for kind in KINDS:
            for lang in ("es", "en"):
                options = {"late_payment": EXTENDED_RATES} if kind == "formal_demand" else None
                try:
                    letter = draft_letter(studio, client, kind, lang=lang, options=options)
                except LetterError as error:
                    # Only the money letters may be refused, and only when nothing is owed.
                    assert kind in ("payment_reminder", "formal_demand"), (client.id, kind, str(error))
                    assert "no unpaid invoice" in str(error) or "no overdue invoice" in str(error)
                    continue
                written += 1
                assert "$" not in letter.text, (client.id, kind, lang)
                report, problems = errors_of(letter)
                if report.has_errors or problems:
                    failures.append(f"{client.id} {kind}/{lang}: {problems}\n{letter.text}")
    assert written >= 30 * 9 * 2
    assert not failures, "\n\n".join(failures[:5]) + f"\n\n({len(failures)} drafts with errors)"


def test_the_demo_has_clients_that_owe_money_so_demands_are_checked_too(demo):
    as_of, studio = demo
    demands = 0
    for client in studio.clients:
        try:
            draft_letter(studio, client, "formal_demand", options={"late_payment": EXTENDED_RATES})
            demands += 1
        except LetterError:
            pass
    assert demands >= 1


@pytest.mark.parametrize("client", ["acme", "bloom", "cobalt", "dune"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_persona_drafts_pass_the_tone_checker_with_every_option(client, lang):
    studio = personas()
    for kind in KINDS:
        for options in ({}, {"limit_contact": True}):
            try:
                letter = draft_letter(studio, client, kind, lang=lang, options=options)
            except LetterError:
                continue
            report, problems = errors_of(letter)
            assert not report.has_errors and not problems, f"{kind}: {problems}\n{letter.text}"
