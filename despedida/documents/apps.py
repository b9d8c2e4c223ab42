from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "despedida.documents"
    label = "documents"
