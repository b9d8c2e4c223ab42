"""Every kind of letter, in Spanish and English, filled from the client's record:
names, the project, dates, what is owed and on what terms."""

from __future__ import annotations

import datetime as dt

import pytest

from despedida.core.letters.errors import LetterError
from despedida.core.letters.render import KINDS, draft_letter
from tests.letters.personas import document, portfolio


@pytest.fixture(scope="module")
def studio():
    return portfolio()


def draft(studio, client, kind, lang, **kw):
    return draft_letter(studio, client, kind, lang=lang, **kw)


# What acme's letters must say, per kind and language (as of 20 June 2026:
# last day of work 31 July after «Desarrollo», notice of 30 days; handover to
# 14 August; F-2026-031 of 1,850 € overdue 19 days; 15-day net terms). The termination
# letter goes out on the plan's notice date, 21 June, so it asks for the overdue money
# by 1 July, the date the plan names too (letters.context.overdue_pay_by).
ACME = {
    ("termination", "es"): [
        "Hola, Laura:",
        "«Tienda online»",
        "31 de julio de 2026",
        "«Desarrollo»",
        "14 de agosto de 2026",
        "F-2026-031",
        "1.850,00 €",
        "1 de junio de 2026",
        "19 días de retraso",
        "1 de julio de 2026",
        "alcance ha cambiado 3 veces",
        "Estudio Norte",
    ],
    ("termination", "en"): [
        "Dear Laura,",
        "“Tienda online”",
        "31 July 2026",
        "“Desarrollo”",
        "14 August 2026",
        "F-2026-031",
        "€1,850.00",
        "1 June 2026",
        "19 days overdue",
        "1 July 2026",
        "scope has changed 3 times",
    ],
    ("checkin", "es"): ["20 de mayo de 2026", "«Entrega desarrollo»", "«Tienda online»"],
    ("checkin", "en"): ["20 May 2026", "“Entrega desarrollo”", "“Tienda online”"],
    ("ultimatum", "es"): [
        "20 de mayo de 2026",
        "28 de mayo de 2026",
        "27 de junio de 2026",
        "15 días",
        "daremos por cerrado el proyecto",
        "F-2026-031",
    ],
    ("ultimatum", "en"): ["20 May 2026", "28 May 2026", "27 June 2026", "within 15 days", "F-2026-031"],
    ("closing", "es"): [
        "5 de junio de 2026",
        "12 de junio de 2026",
        "hoy, 20 de junio de 2026",
        "retomar el proyecto",
        "F-2026-031",
        "1.850,00 €",
    ],
    ("closing", "en"): ["5 June 2026", "12 June 2026", "today, 20 June 2026", "pick the project up again", "€1,850.00"],
    ("decline", "es"): ["Estudio Norte", "«Tienda online»", "no vamos a aceptar el encargo"],
    ("decline", "en"): ["Estudio Norte", "“Tienda online”", "decided not to take it on"],
    ("renegotiation", "es"): ["20 de julio de 2026", "27 de junio de 2026", "a 15 días", "cambio de alcance"],
    ("renegotiation", "en"): ["20 July 2026", "27 June 2026", "within 15 days", "change of scope"],
    ("reply_plead", "es"): ["mantenemos la decisión", "31 de julio de 2026", "14 de agosto de 2026", "«Desarrollo»"],
    ("reply_plead", "en"): ["our decision stands", "31 July 2026", "14 August 2026", "“Desarrollo”"],
    ("reply_anger", "es"): ["lamentamos las molestias", "se mantiene", "31 de julio de 2026", "14 de agosto de 2026"],
    ("reply_anger", "en"): ["regret the inconvenience", "it stands", "31 July 2026", "14 August 2026"],
    ("reply_relief", "es"): ["31 de julio de 2026", "14 de agosto de 2026", "«Desarrollo»", "«Tienda online»"],
    ("reply_relief", "en"): ["31 July 2026", "14 August 2026", "“Desarrollo”", "“Tienda online”"],
    ("payment_reminder", "es"): [
        "Recordatorio de pago: factura F-2026-031",
        "1.850,00 €",
        "1 de junio de 2026",
        "19 días de retraso",
        "30 de junio de 2026",
    ],
    ("payment_reminder", "en"): [
        "Payment reminder: invoice F-2026-031",
        "€1,850.00",
        "1 June 2026",
        "19 days overdue",
        "30 June 2026",
    ],
    ("formal_demand", "es"): [
        "A la atención de Laura Gómez (Acme Retail SL)",
        "F-2026-031",
        "1.850,00 €",
        "19 días de retraso",
        "Ley 3/2004",
        "10,15 %",
        "primer semestre de 2026",
        "2,15 %",
        "40,00 €",
        # 1850 × 10.15 % × 19/365 = 9.7746… → 9.77
        "9,77 €",
        "1.899,77 €",
    ],
    ("formal_demand", "en"): [
        "For the attention of Laura Gómez, Acme Retail SL",
        "F-2026-031",
        "€1,850.00",
        "19 days overdue",
        "Ley 3/2004",
        "10.15%",
        "first half of 2026",
        "2.15%",
        "€40.00",
        "€9.77",
        "€1,899.77",
    ],
}


def test_the_expectations_cover_every_kind_in_both_languages():
    assert set(ACME) == {(kind, lang) for kind in KINDS for lang in ("es", "en")}


@pytest.mark.parametrize(("kind", "lang"), sorted(ACME))
def test_each_kind_is_filled_with_the_clients_real_names_amounts_and_dates(studio, kind, lang):
    letter = draft(studio, "acme", kind, lang)

    assert (letter.kind, letter.lang) == (kind, lang)
    missing = [value for value in ACME[(kind, lang)] if value not in letter.text]
    assert not missing, f"{kind}/{lang} lacks {missing}:\n{letter.text}"
    assert "$" not in letter.text  # no template field left unfilled


def test_the_text_is_the_subject_line_a_blank_line_and_the_body(studio):
    letter = draft(studio, "acme", "termination", "es")

    assert letter.text == f"Asunto: {letter.subject}\n\n{letter.body}\n"
    assert letter.subject == "Fin de la colaboración en el proyecto «Tienda online»"


def test_it_writes_in_the_clients_language_unless_told_otherwise(studio):
    assert draft_letter(studio, "acme", "checkin").lang == "es"
    assert draft_letter(studio, "bloom", "checkin").lang == "en"
    assert draft_letter(studio, "dune", "checkin").lang == "es"  # no language: the business's
    assert draft_letter(studio, "bloom", "checkin", lang="es").body.startswith("Hola, Sam:")


def test_the_net_terms_come_from_the_business_settings():
    doc = document()
    doc["business"]["payment_terms_days"] = 30
    letter = draft_letter(portfolio(doc), "acme", "ultimatum", lang="en")

    assert "payable within 30 days" in letter.body


def test_a_partly_paid_invoice_shows_what_is_left_of_its_total(studio):
    letter = draft(studio, "bloom", "payment_reminder", "en")

    assert "- Invoice B-102: €400.00 outstanding of €600.00, due on 1 May 2026 (50 days overdue)" in letter.body
    assert "Total outstanding: €1,400.00." in letter.body
    assert letter.subject == "Payment reminder: invoices B-101 and B-102"


def test_the_formal_demand_cites_every_half_year_and_rate_it_used(studio):
    letter = draft(studio, "bloom", "formal_demand", "en")

    assert "11.15% in the first half of 2025 (ECB rate 3.15% + 8 points)" in letter.body
    assert "10.15% in the second half of 2025 (ECB rate 2.15% + 8 points)" in letter.body
    assert "10.15% in the first half of 2026 (ECB rate 2.15% + 8 points)" in letter.body
    # B-101: 1000 at 11.15 % for 20 days (6.11), at 10.15 % for 184 days (51.17) and 171 days (47.55)
    assert "· 11 June 2025 to 30 June 2025 (20 days) at 11.15%: €6.11" in letter.body
    assert "Interest: €104.83. Compensation: €40.00. Total: €1,144.83." in letter.body
    # B-102: 600 for 10 days then 400 for 40 days at 10.15 %: 1.67 + 4.45
    assert "at 10.15% on €600.00: €1.67" in letter.body
    assert "Total amount: €1,590.95 (€1,400.00 principal, €110.95 interest and €80.00 compensation)." in letter.body
    assert letter.demand is not None and len(letter.demand.claims) == 2


def test_the_formal_demand_worked_example_of_the_docs():
    """GIVEN 1,000 € due on 10 June 2025 and unpaid on 20 July 2025
    THEN the demand charges 6.11 € at 11.15 % and 5.56 € at 10.15 %, plus 40 €: 1,051.67 €."""
    doc = document()
    doc["clients"][1]["invoices"] = [
        {"id": "F-2025-031", "issued_on": "2025-05-10", "due_on": "2025-06-10", "amount": "1000.00"}
    ]
    letter = draft_letter(portfolio(doc), "bloom", "formal_demand", lang="es", as_of=dt.date(2025, 7, 20))

    assert "(40 días de retraso)" in letter.body
    assert "· Del 11 de junio de 2025 al 30 de junio de 2025 (20 días) al 11,15 %: 6,11 €" in letter.body
    assert "· Del 1 de julio de 2025 al 20 de julio de 2025 (20 días) al 10,15 %: 5,56 €" in letter.body
    assert "Importe total: 1.051,67 €" in letter.body


def test_the_formal_demand_says_which_other_rule_it_applied():
    doc = document()
    doc["business"]["late_payment"] = {
        "rule": "Late Payment of Commercial Debts (Interest) Act 1998",
        "rate": "12.00",
        "fixed_compensation": "70.00",
    }
    letter = draft_letter(portfolio(doc), "bloom", "formal_demand", lang="en")

    assert (
        "We have applied Late Payment of Commercial Debts (Interest) Act 1998: an annual interest rate of "
        "12.00% and a fixed compensation of €70.00 for each overdue invoice." in letter.body
    )
    assert "Ley 3/2004" not in letter.body


def test_the_formal_demand_takes_extra_rates_from_the_portfolio_file():
    doc = document()
    doc["business"]["late_payment"] = {"rule": "es", "rates": [{"period": "2026-H2", "reference_rate": "1.50"}]}
    letter = draft_letter(portfolio(doc), "acme", "formal_demand", lang="en", as_of=dt.date(2026, 7, 11))

    assert "9.50% in the second half of 2026 (ECB rate 1.50% + 8 points)" in letter.body


def test_the_formal_demand_refuses_a_delay_the_rates_table_does_not_cover(studio):
    with pytest.raises(LetterError, match="2026-H2"):
        draft_letter(studio, "acme", "formal_demand", as_of=dt.date(2026, 7, 11))


def test_a_prospect_who_refused_a_deposit_is_declined_on_the_deposit_policy(studio):
    letter = draft(studio, "cobalt", "decline", "es")

    assert letter.body.startswith("Hola, Marta:")
    assert "«App de pedidos»" in letter.body and "anticipo" in letter.body


def test_a_reason_of_your_own_replaces_the_one_from_the_record(studio):
    reason = "El proyecto necesita un equipo con experiencia en logística."
    letter = draft_letter(studio, "acme", "termination", options={"reason": reason})

    assert reason in letter.body
    assert "alcance ha cambiado" not in letter.body


@pytest.mark.parametrize("kind", ["reply_plead", "reply_anger", "reply_relief"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_replies_can_set_a_limit_on_future_contact(studio, kind, lang):
    plain = draft(studio, "acme", kind, lang)
    limited = draft(studio, "acme", kind, lang, options={"limit_contact": True})

    line = "no aceptaremos nuevos encargos" if lang == "es" else "will not take on further work"
    assert line not in plain.body
    assert line in limited.body


def test_the_closing_after_silence_invoices_unbilled_work_with_its_due_date():
    doc = document()
    doc["clients"][1]["messages"] = [{"at": "2026-05-02T09:00:00Z", "direction": "out", "needs_reply": True}]
    doc["clients"][1]["events"] = [{"on": "2026-06-01", "type": "ultimatum_sent", "deadline": "2026-06-08"}]
    doc["clients"][1]["time"] = [{"on": "2026-05-20", "hours": "10", "project": "brand"}]
    letter = draft_letter(portfolio(doc), "bloom", "closing")

    # 10 h × 50 € logged after the last invoice; issued today, due in 15 days
    assert "the work done and not yet billed, €500.00, payable within 15 days, by 5 July 2026" in letter.body
    assert "On 1 June 2026 we asked for a reply by 8 June 2026." in letter.body


def test_it_refuses_an_unknown_kind_client_or_language(studio):
    with pytest.raises(LetterError, match="farewell"):
        draft_letter(studio, "acme", "farewell")
    with pytest.raises(LetterError, match="zeta"):
        draft_letter(studio, "zeta", "termination")
    with pytest.raises(LetterError, match="fr"):
        draft_letter(studio, "acme", "termination", lang="fr")


def test_it_refuses_an_unknown_option(studio):
    with pytest.raises(LetterError, match="tone"):
        draft_letter(studio, "acme", "termination", options={"tone": "harsh"})


def test_reminders_and_demands_need_something_owed(studio):
    with pytest.raises(LetterError, match="no unpaid invoice"):
        draft_letter(studio, "dune", "payment_reminder")
    with pytest.raises(LetterError, match="no overdue invoice"):
        draft_letter(studio, "dune", "formal_demand")


def test_payments_after_the_as_of_date_are_not_counted(studio):
    letter = draft_letter(studio, "acme", "payment_reminder", lang="en", as_of=dt.date(2025, 4, 10))

    assert "F-2025-014" in letter.body and "(9 days overdue)" in letter.body
    assert "F-2026-031" not in letter.body  # not issued yet


def test_a_stored_plans_dates_replace_the_engines(studio):
    from decimal import Decimal

    from despedida.core.letters.context import ExitDates

    dates = ExitDates(
        notice_on=dt.date(2026, 6, 22),
        last_work_on=dt.date(2026, 9, 15),
        handover_until=dt.date(2026, 9, 30),
        unbilled=((Decimal("320.00"), "EUR"),),
        final_due_on=dt.date(2026, 9, 30),
    )
    letter = draft_letter(studio, "acme", "termination", lang="en", exit_dates=dates)

    assert "Our last working day will be 15 September 2026." in letter.body
    assert "until 30 September 2026" in letter.body
    assert "(currently €320.00), payable within 15 days, by 30 September 2026" in letter.body
