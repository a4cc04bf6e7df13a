"""Easy-read URLs (full paths; included at the site root)."""

from django.urls import path

from . import views

app_name = "easyread"

S = "sekretariat/<slug:slug>/moeder/<int:meeting_id>/letlaest/"

urlpatterns = [
    path(S, views.editor, name="editor"),
    path(f"{S}lix/", views.lix_fragment, name="lix"),
    path(f"{S}gem/", views.save, name="save"),
    path(f"{S}offentliggoer/", views.publish, name="publish"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/letlaest/", views.public, name="public"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/letlaest.pdf", views.poster_pdf,
         name="poster"),
]
