"""URLs: see docs/BRIEF-meetings.md for the map (PUBLISH's part)."""

from django.urls import path

from . import views_publish as views

urlpatterns = [
    path("raad/<slug:slug>/moeder/", views.archive, name="meeting_archive"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/dagsorden.pdf", views.agenda_pdf,
         name="agenda_pdf"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/referat.pdf", views.minutes_pdf,
         name="minutes_pdf"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/bilag.pdf", views.attachments_pdf,
         name="attachments_pdf"),
    path("raad/<slug:slug>/kalender.ics", views.calendar, name="council_calendar"),
    path("sekretariat/<slug:slug>/moeder/<int:meeting_id>/offentliggoer/", views.publish,
         name="publish_agenda"),
]
