from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "udsatteraad.notifications"
    verbose_name = "Besked pr. e-mail"
    default_auto_field = "django.db.models.BigAutoField"
