from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "udsatteraad.front"
    verbose_name = "Offentlige sider"
