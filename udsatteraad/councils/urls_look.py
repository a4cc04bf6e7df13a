"""An authority's look: the secretaries' screen and the public stylesheet and logo."""

from django.urls import path

from . import views_look

app_name = "look"

urlpatterns = [
    path("sekretariat/myndighed/<slug:slug>/udseende/", views_look.edit_look, name="edit"),
    path("myndighed/<slug:slug>/udseende.css", views_look.style, name="style"),
    path("myndighed/<slug:slug>/logo", views_look.logo, name="logo"),
]
