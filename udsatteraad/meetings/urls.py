"""The meetings' URLs (full paths; included at the site root): the secretariat's meeting plan,
agenda, publishing and minutes, the members' pages and the public archive, PDFs and calendar.
See docs/BRIEF-meetings.md for the map."""

from django.urls import path

from udsatteraad.councils import views_procedure

from . import views_agenda, views_guard, views_live, views_minutes, views_plan, views_publish

app_name = "meetings"

S = "sekretariat/<slug:slug>/"
M = "sekretariat/<slug:slug>/moeder/<int:meeting_id>/"
P = "raad/<slug:slug>/moeder/<int:meeting_id>/"

urlpatterns = [
    # The secretariat: plan, meetings, rules of procedure, extraordinary meetings.
    path(f"{S}moeder/", views_plan.plan, name="plan"),
    path(f"{S}moeder/ny/", views_plan.meeting_new, name="meeting-new"),
    path(f"{S}moeder/planlaeg-aar/", views_plan.plan_pattern, name="plan-pattern"),
    path(f"{S}moeder/<int:pk>/rediger/", views_plan.meeting_edit, name="meeting-edit"),
    path(f"{S}moeder/<int:pk>/aflys/", views_plan.meeting_cancel, name="meeting-cancel"),
    path(f"{S}forretningsorden/", views_procedure.rules_of_procedure,
         name="rules-of-procedure"),  # the form lives with the councils' rules
    path(f"{S}ekstraordinaer/", views_plan.extraordinary_overview,
         name="extraordinary-overview"),
    # The secretariat: the meeting workspace, items, attachments, proposals.
    path(M, views_agenda.workspace, name="workspace"),
    path(f"{M}punkter/ny/", views_agenda.item_new, name="agenda-item-new"),
    path(f"{M}punkter/<int:item_id>/", views_agenda.item_edit, name="agenda-item"),
    path(f"{M}punkter/<int:item_id>/slet/", views_agenda.item_delete, name="agenda-item-delete"),
    path(f"{M}punkter/<int:item_id>/flyt/", views_agenda.item_move, name="agenda-item-move"),
    path(f"{M}punkter/<int:item_id>/bilag/", views_agenda.attachment_upload,
         name="agenda-attachments"),
    path(f"{M}bilag/<int:att_id>/", views_agenda.attachment, name="agenda-attachment"),
    path(f"{M}bilag/<int:att_id>/slet/", views_agenda.attachment_delete,
         name="agenda-attachment-delete"),
    path(f"{M}forslag/", views_agenda.proposals, name="proposals"),
    path(f"{M}forslag/optag/", views_agenda.proposal_accept, name="proposal-accept"),
    path(f"{M}forslag/afvis/", views_agenda.proposal_decline, name="proposal-decline"),
    # The secretariat: publishing the agenda; the minutes.
    path(f"{M}offentliggoer/", views_publish.publish, name="publish-agenda"),
    path(f"{M}referat/", views_minutes.minutes_page, name="minutes"),
    path(f"{M}referat/offentliggoer/", views_minutes.publish_page, name="minutes-publish"),
    path(f"{M}referat/tilbagekald/", views_minutes.withdraw, name="minutes-withdraw"),
    path(f"{M}referat/afholdt/", views_minutes.minutes_held, name="minutes-held"),
    path(f"{M}referat/godkend/", views_minutes.minutes_approve, name="minutes-approve"),
    path(f"{M}referat/fremmoede/", views_minutes.minutes_attendance, name="minutes-attendance"),
    path(f"{M}referat/deltager/", views_minutes.minutes_participant,
         name="minutes-participant"),
    path(f"{M}referat/deltager/fjern/", views_minutes.minutes_participant_remove,
         name="minutes-participant-remove"),
    path(f"{M}referat/beslutning/", views_minutes.minutes_decision, name="minutes-decision"),
    path(f"{M}referat/mindretal/", views_minutes.minutes_minority, name="minutes-minority"),
    path(f"{M}referat/mindretal/fjern/", views_minutes.minutes_minority_remove,
         name="minutes-minority-remove"),
    # The secretariat: the publication guard (issue 10).
    path(f"{M}udelad/", views_guard.redact, name="redact"),
    path(f"{S}godkendte-fund/", views_guard.accepted_hits, name="accepted-hits"),
    # The live minutes page: one form saving everything, and each field saving itself (htmx).
    path(f"{M}referat/gem/", views_live.minutes_save, name="minutes-save"),
    path(f"{M}referat/autogem/", views_live.minutes_autosave, name="minutes-autosave"),
    path(f"{M}referat/til-godkendelse/", views_live.minutes_request_approval,
         name="minutes-request-approval"),
    # Members.
    path("mine/moeder/<int:meeting_id>/", views_minutes.member_meeting, name="member-meeting"),
    path("mine/moeder/<int:meeting_id>/kommer/", views_minutes.member_attending,
         name="member-attending"),
    path("mine/moeder/<int:meeting_id>/afbud/", views_minutes.member_apology,
         name="member-apology"),
    path("mine/moeder/<int:meeting_id>/godkend/", views_minutes.member_approve,
         name="member-approve"),
    path("mine/moeder/<int:meeting_id>/send-tilbage/", views_live.member_send_back,
         name="member-send-back"),
    path("mine/moeder/<int:meeting_id>/forslag/", views_agenda.member_proposals,
         name="member-proposals"),
    path("mine/raad/<slug:slug>/ekstraordinaer/", views_plan.member_extraordinary,
         name="member-extraordinary"),
    path("mine/raad/<slug:slug>/ekstraordinaer/anmod/", views_plan.extraordinary_request,
         name="extraordinary-request"),
    path("mine/raad/<slug:slug>/ekstraordinaer/underskriv/", views_plan.extraordinary_sign,
         name="extraordinary-sign"),
    path("mine/raad/<slug:slug>/ekstraordinaer/indkald/", views_plan.extraordinary_convene,
         name="extraordinary-convene"),
    # The public: archive, PDFs, attachments, calendar (the meeting page is front:meeting).
    path("raad/<slug:slug>/moeder/", views_publish.archive, name="archive"),
    path(f"{P}dagsorden.pdf", views_publish.agenda_pdf, name="agenda-pdf"),
    path(f"{P}referat.pdf", views_publish.minutes_pdf, name="minutes-pdf"),
    path(f"{P}bilag.pdf", views_publish.attachments_pdf, name="attachments-pdf"),
    path(f"{P}bilag/<int:att_id>/", views_agenda.public_attachment, name="public-attachment"),
    path("raad/<slug:slug>/kalender.ics", views_publish.calendar, name="calendar"),
]
