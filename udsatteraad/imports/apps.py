from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "udsatteraad.imports"
    verbose_name = "Import af referater"
