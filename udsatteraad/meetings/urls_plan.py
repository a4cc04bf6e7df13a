"""URLs: see docs/BRIEF-meetings.md for the map."""

from django.urls import path

from . import views_plan

urlpatterns = [
    path("sekretariat/<slug:slug>/moeder/", views_plan.plan, name="meeting_plan"),
    path("sekretariat/<slug:slug>/moeder/ny/", views_plan.meeting_new, name="meeting_new"),
    path("sekretariat/<slug:slug>/moeder/<int:pk>/rediger/", views_plan.meeting_edit,
         name="meeting_edit"),
    path("sekretariat/<slug:slug>/forretningsorden/", views_plan.rules_of_procedure,
         name="rules_of_procedure"),
    path("sekretariat/<slug:slug>/ekstraordinaer/", views_plan.extraordinary_overview,
         name="extraordinary_overview"),
    path("mine/raad/<slug:slug>/ekstraordinaer/", views_plan.member_extraordinary,
         name="member_extraordinary"),
]
