from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "udsatteraad.accounts"
    verbose_name = "Konti"
