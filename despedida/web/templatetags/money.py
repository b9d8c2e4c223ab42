"""Locale-aware money and shares for templates: `{% money amount currency %}`, `{{ share|percent }}`."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
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


def percent_text(share, digits: int = 0) -> str:
    """A share (0..1) as a percentage in the page's language: "13,7 %" in Spanish, "13.7%" in English."""
    locale = Locale.parse(babel_locale())
    pattern = locale.percent_formats[None].pattern  # "#,##0 %" in Spanish, "#,##0%" in English
    if digits:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
    return format_percent(Decimal(str(share)), format=pattern, locale=locale)


def number_text(value) -> str:
    return format_decimal(value, locale=babel_locale())


@register.filter
def percent(share, digits: int = 0) -> str:
    if share is None or share == "":
        return "—"
    return percent_text(share, int(digits))
