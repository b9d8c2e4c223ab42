from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "despedida.assessment"
    label = "assessment"

    def ready(self) -> None:
        from despedida.assessment import staleness

        staleness.connect()
