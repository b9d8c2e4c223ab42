"""The Spanish and English tables say the same things, with the same blanks to fill."""

import datetime as dt
import string
from decimal import Decimal

from despedida.core.assessment.phrases import en, es, words_for
from despedida.core.assessment.signals import CODES


def blanks(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_blanks():
    assert es.TEXT.keys() == en.TEXT.keys()
    for key in es.TEXT:
        assert blanks(es.TEXT[key]) == blanks(en.TEXT[key]), key
    assert es.NOUNS.keys() == en.NOUNS.keys()


def test_every_signal_has_a_label_in_both_languages():
    for code in CODES:
        assert f"label.{code}" in es.TEXT


def test_numbers_money_and_dates_follow_each_language():
    spanish, english = words_for("es"), words_for("en")
    assert spanish.money(Decimal("3450"), "EUR") == "3.450,00\u00a0€"
    assert english.money(Decimal("3450"), "EUR") == "€3,450.00"
    assert spanish.money(Decimal("1200"), "PEN") == "1.200,00\u00a0PEN"  # no symbol of its own in Spain's Spanish
    assert spanish.hours(Decimal("7.50")) == "7,5 h"
    assert english.date(dt.date(2026, 11, 22)) == "22 Nov 2026"
    assert spanish.count(1, "invoice") == "1 factura" and spanish.count(2, "invoice") == "2 facturas"
    assert spanish.percent(0.0016) == "0,2 %" and english.percent(0.12) == "12%"


def test_an_unknown_language_falls_back_to_spanish():
    assert words_for("fr").language == "es"
