from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "despedida.letters"
    label = "letters"
