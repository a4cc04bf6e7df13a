from django.apps import AppConfig


class OparlConfig(AppConfig):
    name = "udsatteraad.oparl"
    verbose_name = "OParl-API"
