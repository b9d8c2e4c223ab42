from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "despedida.audit"
    label = "audit"

    def ready(self) -> None:
        from despedida.audit import signals

        signals.connect()
