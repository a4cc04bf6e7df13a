from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "udsatteraad.meetings"
    verbose_name = "Møder"
