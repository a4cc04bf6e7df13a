from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("mine/beskeder/", views.preferences, name="preferences"),
]
