"""URLs of the agenda (AGENDA in docs/BRIEF-meetings.md): the meeting workspace, items,
attachments and members' proposals."""

from django.urls import path

from . import views_agenda as v

M = "sekretariat/<slug:slug>/moeder/<int:meeting_id>/"

urlpatterns = [
    path(M, v.workspace, name="meeting-workspace"),
    path(f"{M}punkter/ny/", v.item_new, name="agenda-item-new"),
    path(f"{M}punkter/<int:item_id>/", v.item_edit, name="agenda-item"),
    path(f"{M}punkter/<int:item_id>/flyt/", v.item_move, name="agenda-item-move"),
    path(f"{M}punkter/<int:item_id>/bilag/", v.attachment_upload, name="agenda-attachments"),
    path(f"{M}bilag/<int:att_id>/", v.attachment, name="agenda-attachment"),
    path(f"{M}forslag/", v.proposals, name="agenda-proposals"),
    path("mine/moeder/<int:meeting_id>/forslag/", v.member_proposals, name="member-proposals"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/bilag/<int:att_id>/", v.public_attachment,
         name="public-attachment"),
]
