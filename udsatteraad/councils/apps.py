from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "udsatteraad.councils"
    verbose_name = "Råd"
