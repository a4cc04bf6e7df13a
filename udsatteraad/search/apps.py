from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "udsatteraad.search"
    verbose_name = "Søgning"
