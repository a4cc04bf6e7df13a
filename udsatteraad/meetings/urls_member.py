"""URLs: see docs/BRIEF-meetings.md for the map."""

from django.urls import path

from . import views_minutes

urlpatterns = [
    path("mine/moeder/<int:meeting_id>/", views_minutes.member_meeting, name="member_meeting"),
]
