"""The intake app: a prospect's checklist, then the user's accept or decline."""

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "despedida.intake"
    label = "intake"
    verbose_name = "Intake"
