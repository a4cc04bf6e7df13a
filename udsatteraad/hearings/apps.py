from django.apps import AppConfig


class HearingsConfig(AppConfig):
    name = "udsatteraad.hearings"
    verbose_name = "Høringer og udtalelser"
