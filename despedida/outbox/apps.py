from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "despedida.outbox"
    label = "outbox"
