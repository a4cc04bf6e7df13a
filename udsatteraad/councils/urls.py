"""The secretariat's council screens, included at /sekretariat/."""

from django.urls import path

from . import views

app_name = "councils"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/rediger/", views.edit_council, name="council-edit"),
    path("<slug:slug>/kommissorium/", views.terms_list, name="terms-list"),
    path("<slug:slug>/kommissorium/ny/", views.terms_new, name="terms-new"),
    path("<slug:slug>/kommissorium/<int:version>/", views.terms_edit, name="terms-edit"),
    path("<slug:slug>/kommissorium/<int:version>/pladser/ny/", views.seat_group_new,
         name="seat-group-new"),
    path("<slug:slug>/pladser/<int:pk>/", views.seat_group_edit, name="seat-group-edit"),
    path("<slug:slug>/pladser/<int:pk>/slet/", views.seat_group_delete, name="seat-group-delete"),
    path("<slug:slug>/perioder/", views.term_list, name="term-list"),
    path("<slug:slug>/perioder/ny/", views.term_new, name="term-new"),
    path("<slug:slug>/perioder/<int:pk>/", views.term_edit, name="term-edit"),
    path("<slug:slug>/medlemmer/", views.members, name="members"),
    path("<slug:slug>/medlemmer/ny/", views.member_new, name="member-new"),
    path("<slug:slug>/medlemmer/<int:pk>/", views.member_edit, name="member-edit"),
    path("<slug:slug>/medlemmer/<int:pk>/afslut/", views.member_end, name="member-end"),
    path("<slug:slug>/medlemmer/<int:pk>/erstat/", views.member_replace, name="member-replace"),
    path("<slug:slug>/organisationer/", views.organisation_list, name="organisation-list"),
    path("<slug:slug>/organisationer/ny/", views.organisation_new, name="organisation-new"),
    path("<slug:slug>/organisationer/<int:pk>/", views.organisation_edit,
         name="organisation-edit"),
    path("<slug:slug>/steder/", views.venue_list, name="venue-list"),
    path("<slug:slug>/steder/ny/", views.venue_new, name="venue-new"),
    path("<slug:slug>/steder/<int:pk>/", views.venue_edit, name="venue-edit"),
    path("<slug:slug>/adgangslog/", views.access_log, name="access-log"),
]
