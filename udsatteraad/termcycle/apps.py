from django.apps import AppConfig


class TermcycleConfig(AppConfig):
    name = "udsatteraad.termcycle"
    verbose_name = "Periodeskift: indstillinger og valg"
