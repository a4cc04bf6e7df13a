from django.urls import path

from . import views

urlpatterns = [
    path("log-ind/", views.login, name="login"),
    path("log-ud/", views.logout, name="logout"),
    path("2fa/", views.two_factor_verify, name="two_factor_verify"),
    path("2fa/opsaet/", views.two_factor_setup, name="two_factor_setup"),
    path("nulstil/", views.password_reset, name="password_reset"),
    path("nulstil/sendt/", views.password_reset_sent, name="password_reset_done"),
    path("nulstil/faerdig/", views.password_reset_complete, name="password_reset_complete"),
    path(
        "nulstil/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"
    ),
]
