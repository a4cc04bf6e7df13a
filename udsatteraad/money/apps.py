from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "udsatteraad.money"
    verbose_name = "Økonomi"
