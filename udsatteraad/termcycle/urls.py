"""The term change's URLs (full paths; included at the site root)."""

from django.urls import path

from . import views, views_constitution

app_name = "termcycle"

S = "sekretariat/<slug:slug>/periodeskift/"

urlpatterns = [
    path(S, views.overview, name="overview"),
    path(f"{S}indstillinger/anmod/", views.nomination_request, name="nomination-request"),
    path(f"{S}indstillinger/<int:pk>/paamind/", views.nomination_remind,
         name="nomination-remind"),
    path(f"{S}indstillinger/<int:pk>/bekraeft/", views.nomination_confirm,
         name="nomination-confirm"),
    path(f"{S}valg/nyt/", views.election_new, name="election-new"),
    path(f"{S}valg/<int:pk>/", views.election, name="election"),
    path(f"{S}valg/<int:pk>/kandidater/", views.candidate_add, name="candidate-add"),
    path(f"{S}valg/<int:pk>/stemmer/", views.votes, name="votes"),
    path(f"{S}valg/<int:pk>/afgoer/", views.decide, name="decide"),
    path(f"{S}valg/<int:pk>/stemmeseddel.pdf", views.ballot, name="ballot"),
    path(f"{S}valg/<int:pk>/plakat.pdf", views.poster, name="poster"),
    path("sekretariat/<slug:slug>/moeder/<int:meeting_id>/konstituering/",
         views_constitution.constitution, name="constitution"),
    path("sekretariat/<slug:slug>/moeder/<int:meeting_id>/konstituering/marker/",
         views_constitution.constitution_mark, name="constitution-mark"),
    # The nominating organisation's personal link (no account).
    path("indstilling/<str:token>/", views.nominate, name="nominate"),
]
