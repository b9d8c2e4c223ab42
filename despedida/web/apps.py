from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "despedida.web"
    label = "web"

    def ready(self) -> None:
        from despedida.web import freshness

        freshness.connect()
