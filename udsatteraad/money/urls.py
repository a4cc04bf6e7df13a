"""The money's URLs (full paths; included at the site root): the secretariat's pages under
/sekretariat/<council>/oekonomi/ and the members' travel claims under /mine/."""

from django.urls import path

from . import views, views_member

app_name = "money"

S = "sekretariat/<slug:slug>/oekonomi/"

urlpatterns = [
    # The secretariat.
    path(S, views.overview, name="overview"),
    path(f"{S}budget/<int:year>/", views.budget, name="budget"),
    path(f"{S}takster/<int:year>/", views.rates, name="rates"),
    path(f"{S}oversigt-<int:year>.pdf", views.year_pdf, name="year-pdf"),
    path(f"{S}diaeter/", views.per_diems, name="per-diems"),
    path(f"{S}diaeter/<int:meeting_id>/", views.per_diem_meeting, name="per-diem-meeting"),
    path(f"{S}krav/", views.claims, name="claims"),
    path(f"{S}krav/<int:pk>/", views.claim, name="claim"),
    path(f"{S}krav/<int:pk>/afgoer/", views.claim_decide, name="claim-decide"),
    path(f"{S}kvitteringer/<int:pk>/", views.receipt, name="receipt"),
    path(f"{S}udgifter/", views.bookings, name="bookings"),
    path(f"{S}loennumre/", views.payroll, name="payroll"),
    path(f"{S}udtraek/", views.exports, name="exports"),
    path(f"{S}udtraek/<int:pk>.csv", views.export_csv, name="export-csv"),
    # Members.
    path("mine/rejser/", views_member.member_claims, name="member-claims"),
    path("mine/raad/<slug:slug>/rejser/ny/", views_member.member_claim_new,
         name="member-claim-new"),
    path("mine/rejser/<int:pk>/", views_member.member_claim, name="member-claim"),
    path("mine/rejser/<int:pk>/ret/", views_member.member_claim_edit, name="member-claim-edit"),
    path("mine/rejser/<int:pk>/traek-tilbage/", views_member.member_claim_withdraw,
         name="member-claim-withdraw"),
    path("mine/rejser/<int:pk>/kvitteringer/<int:receipt_id>/", views_member.member_receipt,
         name="member-receipt"),
]
