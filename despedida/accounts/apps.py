from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "despedida.accounts"
    label = "accounts"

    def ready(self) -> None:
        from despedida.accounts import freshness, sign_in

        freshness.connect()
        sign_in.connect()
