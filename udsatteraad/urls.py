from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from udsatteraad.accounts.admin_site import PlatformAdminSite

# The Django admin is for platform administrators only and requires a verified TOTP device;
# its login is the app's own (accounts/admin_site.py).
admin.site.__class__ = PlatformAdminSite

# Every app's URLconf has an app_name; routes are reversed as "<app>:<name>".
urlpatterns = [
    path("", include("udsatteraad.front.urls")),
    path("", include("udsatteraad.accounts.urls")),
    path("sekretariat/", include("udsatteraad.councils.urls")),
    path("", include("udsatteraad.councils.urls_look")),
    path("", include("udsatteraad.meetings.urls")),
    path("oparl/v1.1/", include("udsatteraad.oparl.urls")),
    path("", include("udsatteraad.easyread.urls")),
    path("", include("udsatteraad.imports.urls")),
    path("", include("udsatteraad.search.urls")),
    path("", include("udsatteraad.inquiries.urls")),
    path("", include("udsatteraad.hearings.urls")),
    path("", include("udsatteraad.yearplan.urls")),
    path("", include("udsatteraad.termcycle.urls")),
    path("", include("udsatteraad.reports.urls")),
    path("admin/", admin.site.urls),
    # The language switch is in every page's header. Without CSRF protection its form needs no
    # token, so anonymous pages set no cookie and a shared cache may keep them; the worst a
    # forged request can do is switch a visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("udsatteraad.ops.urls")),
    path("", include("udsatteraad.notifications.urls")),
    path("", include("udsatteraad.money.urls")),
    path("", include("udsatteraad.onboarding.urls")),
]
