from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "despedida.portability"
    label = "portability"
