"""Locale-aware money for templates: `{% money amount currency %}`."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()


def babel_locale() -> str:
    language = (get_language() or "es").split("-")[0]
    return {"es": "es_ES", "en": "en_GB"}.get(language, to_locale(language))


@register.simple_tag
def money(amount, currency: str) -> str:
    if amount is None or amount == "":
        return "—"
    return format_currency(Decimal(amount), currency, locale=babel_locale())
