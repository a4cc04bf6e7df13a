from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "udsatteraad.ops"
    verbose_name = "Drift"
