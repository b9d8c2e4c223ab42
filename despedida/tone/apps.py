from django.apps import AppConfig


class ToneConfig(AppConfig):
    name = "despedida.tone"
    label = "tone"
