from django.urls import path

from udsatteraad.meetings import views as meeting_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("raad/", views.councils, name="councils"),
    path("raad/<slug:slug>/", views.council, name="council"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/", meeting_views.meeting, name="meeting"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
]
