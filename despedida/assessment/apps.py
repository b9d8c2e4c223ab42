from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "despedida.assessment"
    label = "assessment"

    def ready(self) -> None:
        from despedida.assessment import staleness
        from despedida.assessment.stored import refresh_job
        from despedida.jobs import register_job

        staleness.connect()
        # Assessments depend on the date (days late, silence): the worker refreshes
        # those computed on an earlier day, and any a change marked stale.
        register_job("assessments", refresh_job)
