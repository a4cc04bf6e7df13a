"""The annual plan's URLs (full paths; included at the site root)."""

from django.urls import path

from . import views

app_name = "yearplan"

S = "sekretariat/<slug:slug>/aarshjul/"

urlpatterns = [
    path(S, views.plan, name="plan"),
    path(f"{S}<int:year>/", views.plan, name="plan-year"),
    path(f"{S}<int:year>/ny/", views.entry_new, name="entry-new"),
    path(f"{S}<int:year>/pligter/", views.add_duties, name="add-duties"),
    path(f"{S}punkt/<int:pk>/", views.entry_edit, name="entry-edit"),
    path(f"{S}punkt/<int:pk>/slet/", views.entry_delete, name="entry-delete"),
    path("raad/<slug:slug>/aarshjul/", views.public_plan, name="public"),
    path("raad/<slug:slug>/aarshjul/<int:year>/", views.public_plan, name="public-year"),
    path("raad/<slug:slug>/aarshjul/<int:year>/aarshjul.pdf", views.public_plan_pdf,
         name="public-pdf"),
]
