"""The outbox app: every message that leaves, sent by the worker through the workspace's SMTP server."""

from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "despedida.outbox"
    label = "outbox"

    def ready(self) -> None:
        from despedida.outbox import account_mail

        account_mail.connect()
