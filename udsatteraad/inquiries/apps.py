from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "udsatteraad.inquiries"
    verbose_name = "Henvendelser"
