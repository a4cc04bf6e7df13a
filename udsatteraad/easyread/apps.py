from django.apps import AppConfig


class EasyReadConfig(AppConfig):
    name = "udsatteraad.easyread"
    verbose_name = "Lettilgængelige udgaver"
