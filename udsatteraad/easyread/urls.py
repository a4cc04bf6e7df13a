"""Easy-read URLs (full paths; included at the site root)."""

from django.urls import path

from . import views

urlpatterns = [
    path("sekretariat/<slug:slug>/moeder/<int:meeting_id>/letlaest/", views.editor,
         name="easyread_editor"),
    path("sekretariat/<slug:slug>/moeder/<int:meeting_id>/letlaest/lix/", views.lix_fragment,
         name="easyread_lix"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/letlaest/", views.public,
         name="easyread_public"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/letlaest.pdf", views.poster_pdf,
         name="easyread_poster"),
]
