from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="secretariat"),
    path("<slug:slug>/", views.overview, name="secretariat-council"),
    path("<slug:slug>/rediger/", views.edit_council),
    path("<slug:slug>/kommissorium/", views.terms_list),
    path("<slug:slug>/kommissorium/ny/", views.terms_new),
    path("<slug:slug>/kommissorium/<int:version>/", views.terms_edit),
    path("<slug:slug>/kommissorium/<int:version>/pladser/ny/", views.seat_group_new),
    path("<slug:slug>/pladser/<int:pk>/", views.seat_group_edit),
    path("<slug:slug>/perioder/", views.term_list),
    path("<slug:slug>/perioder/ny/", views.term_new),
    path("<slug:slug>/perioder/<int:pk>/", views.term_edit),
    path("<slug:slug>/medlemmer/", views.members),
    path("<slug:slug>/medlemmer/ny/", views.member_new),
    path("<slug:slug>/medlemmer/<int:pk>/", views.member_edit),
    path("<slug:slug>/medlemmer/<int:pk>/erstat/", views.member_replace),
    path("<slug:slug>/organisationer/", views.organisation_list),
    path("<slug:slug>/organisationer/ny/", views.organisation_new),
    path("<slug:slug>/organisationer/<int:pk>/", views.organisation_edit),
    path("<slug:slug>/steder/", views.venue_list),
    path("<slug:slug>/steder/ny/", views.venue_new),
    path("<slug:slug>/steder/<int:pk>/", views.venue_edit),
    path("<slug:slug>/adgangslog/", views.access_log),
]
