from django.apps import AppConfig


class YearplanConfig(AppConfig):
    name = "udsatteraad.yearplan"
    verbose_name = "Årshjul"
