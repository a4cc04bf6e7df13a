"""Inquiries: the public contact form and record of processing, the secretariat's screens."""

from django.urls import path

from . import views, views_privacy, views_public

app_name = "inquiries"

S = "sekretariat/<slug:slug>/henvendelser/"

urlpatterns = [
    path("raad/<slug:slug>/kontakt/", views_public.contact, name="contact"),
    path("raad/<slug:slug>/kontakt/tak/", views_public.thanks, name="thanks"),
    path("persondata/", views_public.processing, name="processing"),
    path(S, views.inquiry_list, name="list"),
    path(S + "ny/", views.register, name="register"),
    path(S + "indstillinger/", views.inquiry_settings, name="settings"),
    path(S + "<int:pk>/", views.detail, name="detail"),
    path(S + "<int:pk>/vurder/", views.screen, name="screen"),
    path(S + "<int:pk>/dagsorden/", views.to_agenda, name="to-agenda"),
    path(S + "<int:pk>/svar/", views.answer, name="answer"),
    path(S + "<int:pk>/luk/", views.close, name="close"),
    path("sekretariat/<slug:slug>/persondata/", views_privacy.person_data, name="person-data"),
    path("sekretariat/<slug:slug>/persondata/udtraek/", views_privacy.person_export,
         name="person-export"),
    path("sekretariat/<slug:slug>/persondata/slet/", views_privacy.person_erase,
         name="person-erase"),
]
