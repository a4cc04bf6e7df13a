"""Importing documents in the secretariat (docs/import.md, "In the secretariat" and "A whole
archive at a time")."""

from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("sekretariat/<slug:slug>/import/", views.upload, name="upload"),
    path("sekretariat/<slug:slug>/import/gennemse/", views.review, name="review"),
    path("sekretariat/<slug:slug>/import/annuller/", views.discard, name="discard"),
    path("sekretariat/<slug:slug>/import/arkiv/", views.archive, name="archive"),
    path("sekretariat/<slug:slug>/import/arkiv/<int:batch_id>/", views.batch, name="batch"),
    path("sekretariat/<slug:slug>/import/arkiv/<int:batch_id>/<int:document_id>/",
         views.batch_document, name="batch-document"),
]
