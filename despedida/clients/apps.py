from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "despedida.clients"
    label = "clients"
