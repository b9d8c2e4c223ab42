from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "despedida.web"
    label = "web"
