"""OParl 1.1 API, included at /oparl/v1.1/ (see docs/oparl.md)."""

from django.urls import path

from . import views as v

B = "body/<int:pk>/"

urlpatterns = [
    path("", v.system, name="oparl-system"),
    path("body/", v.bodies, name="oparl-bodies"),
    path(B, v.body, name="oparl-body"),
    path(f"{B}organization/", v.body_organizations, name="oparl-body-organizations"),
    path(f"{B}person/", v.body_persons, name="oparl-body-persons"),
    path(f"{B}meeting/", v.body_meetings, name="oparl-body-meetings"),
    path(f"{B}paper/", v.body_papers, name="oparl-body-papers"),
    path(f"{B}agendaitem/", v.body_items, name="oparl-body-items"),
    path(f"{B}file/", v.body_files, name="oparl-body-files"),
    path(f"{B}location/", v.body_locations, name="oparl-body-locations"),
    path(f"{B}legislativeterm/", v.body_terms, name="oparl-body-terms"),
    path(f"{B}membership/", v.body_memberships, name="oparl-body-memberships"),
    path("organization/council/<int:pk>/", v.council, name="oparl-council"),
    path("organization/council/<int:pk>/meeting/", v.council_meetings,
         name="oparl-council-meetings"),
    path("organization/committee/<int:pk>/", v.committee, name="oparl-committee"),
    path("organization/organisation/<int:pk>/", v.organisation, name="oparl-organisation"),
    path("person/<int:pk>/", v.person, name="oparl-person"),
    path("membership/<int:pk>/", v.membership, name="oparl-membership"),
    path("legislativeterm/<int:pk>/", v.legislative_term, name="oparl-legislativeterm"),
    path("location/<int:pk>/", v.location, name="oparl-location"),
    path("meeting/<int:pk>/", v.meeting, name="oparl-meeting"),
    path("meeting/<int:pk>/location/", v.meeting_location, name="oparl-meeting-location"),
    path("agendaitem/<int:pk>/", v.agenda_item, name="oparl-agendaitem"),
    path("paper/<int:pk>/", v.paper, name="oparl-paper"),
    path("consultation/<int:pk>/", v.consultation, name="oparl-consultation"),
    path("file/<int:pk>/", v.attachment_file, name="oparl-file"),
    path("file/meeting/<int:pk>/<str:kind>/", v.meeting_file, name="oparl-meeting-file"),
    path("file/paper/<int:pk>/", v.paper_file, name="oparl-paper-file"),
]
