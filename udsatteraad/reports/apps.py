from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "udsatteraad.reports"
    verbose_name = "Statusrapporter og evalueringer"
