"""Easy-read URLs (full paths; included at the site root)."""

from django.urls import path

from . import views, views_distribution

app_name = "easyread"

S = "sekretariat/<slug:slug>/moeder/<int:meeting_id>/letlaest/"
D = "sekretariat/<slug:slug>/letlaest/"

urlpatterns = [
    path(S, views.editor, name="editor"),
    path(f"{S}lix/", views.lix_fragment, name="lix"),
    path(f"{S}gem/", views.save, name="save"),
    path(f"{S}offentliggoer/", views.publish, name="publish"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/letlaest/", views.public, name="public"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/letlaest.pdf", views.poster_pdf,
         name="poster"),
    # The council's easy-read page: target, places, print batches.
    path(D, views_distribution.overview, name="distribution"),
    path(f"{D}maal/", views_distribution.target, name="target"),
    path(f"{D}steder/hent/", views_distribution.places_from_venues, name="places-from-venues"),
    path(f"{D}steder/ny/", views_distribution.place_edit, name="place-new"),
    path(f"{D}steder/<int:pk>/", views_distribution.place_edit, name="place-edit"),
    path(f"{D}udskrifter/ny/", views_distribution.batch_new, name="batch-new"),
    path(f"{D}udskrifter/<int:pk>/", views_distribution.batch, name="batch"),
    path(f"{D}udskrifter/<int:pk>/plakater.pdf", views_distribution.batch_pdf,
         name="batch-pdf"),
    path(f"{D}udskrifter/<int:pk>/opslag/<int:posting_id>/", views_distribution.put_up,
         name="put-up"),
]
