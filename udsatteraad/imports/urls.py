"""Importing a document in the secretariat (docs/import.md, "In the secretariat")."""

from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("sekretariat/<slug:slug>/import/", views.upload, name="upload"),
    path("sekretariat/<slug:slug>/import/gennemse/", views.review, name="review"),
    path("sekretariat/<slug:slug>/import/annuller/", views.discard, name="discard"),
]
