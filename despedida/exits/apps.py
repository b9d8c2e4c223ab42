from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "despedida.exits"
    label = "exits"
