"""The lessons app: what an ending taught, and the contract clauses that would have prevented it."""

from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "despedida.lessons"
    label = "lessons"
    verbose_name = "Lessons learned"
