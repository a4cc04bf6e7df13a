"""Reports' URLs (full paths; included at the site root)."""

from django.urls import path

from . import views

app_name = "reports"

S = "sekretariat/<slug:slug>/rapporter/"

urlpatterns = [
    path(S, views.report_list, name="list"),
    path(f"{S}<int:pk>/", views.edit, name="edit"),
    path(f"{S}<int:pk>/opdater-tal/", views.refresh, name="refresh"),
    path(f"{S}<int:pk>/godkend/", views.approve, name="approve"),
    path(f"{S}<int:pk>/offentliggoer/", views.publish, name="publish"),
    path(f"{S}<int:pk>/send/", views.send, name="send"),
    path(f"{S}<int:pk>/udkast.pdf", views.draft_pdf, name="draft-pdf"),
    path("raad/<slug:slug>/rapporter/", views.public_list, name="public-list"),
    path("raad/<slug:slug>/rapporter/<int:pk>/", views.public_detail, name="public-detail"),
    path("raad/<slug:slug>/rapporter/<int:pk>/rapport.pdf", views.public_pdf,
         name="public-pdf"),
]
