"""OParl 1.1 API, included at /oparl/v1.1/ (see docs/oparl.md)."""

from django.urls import path

from . import views as v

app_name = "oparl"

B = "body/<int:pk>/"

urlpatterns = [
    path("", v.system, name="system"),
    path("body/", v.bodies, name="bodies"),
    path(B, v.body, name="body"),
    path(f"{B}organization/", v.body_organizations, name="body-organizations"),
    path(f"{B}person/", v.body_persons, name="body-persons"),
    path(f"{B}meeting/", v.body_meetings, name="body-meetings"),
    path(f"{B}paper/", v.body_papers, name="body-papers"),
    path(f"{B}agendaitem/", v.body_items, name="body-items"),
    path(f"{B}file/", v.body_files, name="body-files"),
    path(f"{B}location/", v.body_locations, name="body-locations"),
    path(f"{B}legislativeterm/", v.body_terms, name="body-terms"),
    path(f"{B}membership/", v.body_memberships, name="body-memberships"),
    path("organization/council/<int:pk>/", v.council, name="council"),
    path("organization/council/<int:pk>/meeting/", v.council_meetings,
         name="council-meetings"),
    path("organization/committee/<int:pk>/", v.committee, name="committee"),
    path("organization/organisation/<int:pk>/", v.organisation, name="organisation"),
    path("person/<int:pk>/", v.person, name="person"),
    path("membership/<int:pk>/", v.membership, name="membership"),
    path("legislativeterm/<int:pk>/", v.legislative_term, name="legislativeterm"),
    path("location/<int:pk>/", v.location, name="location"),
    path("meeting/<int:pk>/", v.meeting, name="meeting"),
    path("meeting/<int:pk>/location/", v.meeting_location, name="meeting-location"),
    path("agendaitem/<int:pk>/", v.agenda_item, name="agendaitem"),
    path("paper/<int:pk>/", v.paper, name="paper"),
    path("consultation/<int:pk>/", v.consultation, name="consultation"),
    path("file/<int:pk>/", v.attachment_file, name="file"),
    path("file/meeting/<int:pk>/<str:kind>/", v.meeting_file, name="meeting-file"),
    path("file/paper/<int:pk>/", v.paper_file, name="paper-file"),
    path("paper/hearing/<int:pk>/", v.hearing_paper, name="hearing-paper"),
    path("file/hearing/<int:pk>/", v.hearing_file, name="hearing-file"),
    path("paper/report/<int:pk>/", v.report_paper, name="report-paper"),
    path("file/report/<int:pk>/", v.report_file, name="report-file"),
]
