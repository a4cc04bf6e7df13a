"""Accounts: login, two-factor, password reset (under /konto/) and the member page /mine/.
Full paths; included at the site root."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("konto/log-ind/", views.login, name="login"),
    path("konto/log-ud/", views.logout, name="logout"),
    path("konto/2fa/", views.two_factor_verify, name="two-factor-verify"),
    path("konto/2fa/opsaet/", views.two_factor_setup, name="two-factor-setup"),
    path("konto/nulstil/", views.password_reset, name="password-reset"),
    path("konto/nulstil/sendt/", views.password_reset_sent, name="password-reset-done"),
    path("konto/nulstil/faerdig/", views.password_reset_complete,
         name="password-reset-complete"),
    path("konto/nulstil/<uidb64>/<token>/", views.password_reset_confirm,
         name="password-reset-confirm"),
    path("mine/", views.mine, name="mine"),
]
