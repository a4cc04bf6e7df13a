from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "udsatteraad.onboarding"
    verbose_name = "Opsætning og invitationer"
    default_auto_field = "django.db.models.BigAutoField"
