"""Self-service set-up under /platform/, member invitations beside the secretariat's members
page, and the invitation link. Full paths; included at the site root."""

from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("platform/", views.start, name="start"),
    path("platform/nyt-raad/fil/", views.from_file, name="from-file"),
    path("platform/nyt-raad/kopi/", views.copy, name="copy"),
    path("platform/nyt-raad/tom/", views.blank, name="blank"),
    path("platform/raad/<slug:slug>/sekretaerer/", views.secretaries, name="secretaries"),
    path("sekretariat/<slug:slug>/medlemmer/inviter-alle/", views.invite_all, name="invite-all"),
    path("sekretariat/<slug:slug>/medlemmer/<int:pk>/inviter/", views.invite_member,
         name="invite-member"),
    path("invitation/<str:token>/", views.accept, name="accept"),
]
