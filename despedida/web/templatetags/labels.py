from django import template

from despedida.assessment.labels import action_label as _action_label
from despedida.assessment.labels import signal_label as _signal_label

register = template.Library()


@register.filter
def signal_label(code: str) -> str:
    return _signal_label(code)


@register.filter
def action_label(code: str) -> str:
    return _action_label(code)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)
