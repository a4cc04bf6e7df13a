"""The hearings' URLs (full paths; included at the site root): the secretariat's overview and
workspace, the members' pages and the public responses."""

from django.urls import path

from . import views, views_member, views_public

app_name = "hearings"

S = "sekretariat/<slug:slug>/hoeringer/"
W = "sekretariat/<slug:slug>/hoeringer/<int:pk>/"

urlpatterns = [
    # The secretariat.
    path(S, views.overview, name="overview"),
    path(f"{S}ny/", views.hearing_new, name="new"),
    path(f"{S}fra-email/", views.hearing_from_email, name="from-email"),
    path(W, views.workspace, name="workspace"),
    path(f"{W}dokumenter/", views.document_add, name="document-add"),
    path(f"{W}dokumenter/<int:doc_id>/", views.document, name="document"),
    path(f"{W}aabn/", views.open_hearing, name="open"),
    path(f"{W}udkast/", views.draft_save, name="draft"),
    path(f"{W}til-godkendelse/", views.submit, name="submit"),
    path(f"{W}godkend/", views.approve, name="approve"),
    path(f"{W}send/", views.send, name="send"),
    path(f"{W}offentliggoer/", views.publish, name="publish"),
    path(f"{W}udfald/", views.outcome, name="outcome"),
    # Members.
    path("mine/raad/<slug:slug>/hoeringer/", views_member.member_list, name="member-list"),
    path("mine/hoeringer/<int:pk>/", views_member.member_hearing, name="member-hearing"),
    path("mine/hoeringer/<int:pk>/kommenter/", views_member.member_comment,
         name="member-comment"),
    path("mine/hoeringer/<int:pk>/godkend/", views_member.member_approve,
         name="member-approve"),
    path("mine/hoeringer/<int:pk>/dokumenter/<int:doc_id>/", views_member.member_document,
         name="member-document"),
    # The public.
    path("raad/<slug:slug>/hoeringssvar/", views_public.public_list, name="public-list"),
    path("raad/<slug:slug>/hoeringssvar/<int:pk>/", views_public.public_detail,
         name="public-detail"),
    path("raad/<slug:slug>/hoeringssvar/<int:pk>/svar.pdf", views_public.public_pdf,
         name="public-pdf"),
]
