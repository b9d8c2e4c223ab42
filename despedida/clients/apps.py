from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ClientsConfig(AppConfig):
    name = "despedida.clients"
    label = "clients"

    def ready(self) -> None:
        from despedida.clients.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="despedida-fold")
