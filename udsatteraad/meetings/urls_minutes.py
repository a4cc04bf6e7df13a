"""URLs: see docs/BRIEF-meetings.md for the map."""

from django.urls import path

from . import views_minutes

urlpatterns = [
    path("sekretariat/<slug:slug>/moeder/<int:meeting_id>/referat/", views_minutes.minutes_page,
         name="meeting_minutes"),
    path("sekretariat/<slug:slug>/moeder/<int:meeting_id>/referat/offentliggoer/",
         views_minutes.publish_page, name="meeting_minutes_publish"),
    path("sekretariat/<slug:slug>/moeder/<int:meeting_id>/referat/tilbagekald/",
         views_minutes.withdraw, name="meeting_minutes_withdraw"),
]
