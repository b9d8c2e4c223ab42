from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "despedida.assessment"
    label = "assessment"
