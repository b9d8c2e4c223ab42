from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "despedida.accounts"
    label = "accounts"
