from django.contrib import admin
from django.urls import include, path

from udsatteraad.accounts.admin_site import PlatformAdminSite
from udsatteraad.accounts.views import mine

# The Django admin is for platform administrators only and requires a verified TOTP device;
# its login is the app's own (accounts/admin_site.py).
admin.site.__class__ = PlatformAdminSite

urlpatterns = [
    path("", include("udsatteraad.front.urls")),
    path("konto/", include("udsatteraad.accounts.urls")),
    path("mine/", mine, name="mine"),
    path("sekretariat/", include("udsatteraad.councils.urls")),
    # Meetings: planning, agenda, publishing, minutes (secretariat, members and public parts).
    path("", include("udsatteraad.meetings.urls_plan")),
    path("", include("udsatteraad.meetings.urls_agenda")),
    path("", include("udsatteraad.meetings.urls_publish")),
    path("", include("udsatteraad.meetings.urls_minutes")),
    path("", include("udsatteraad.meetings.urls_member")),
    path("oparl/v1.1/", include("udsatteraad.oparl.urls")),
    path("", include("udsatteraad.easyread.urls")),
    path("", include("udsatteraad.imports.urls")),
    path("", include("udsatteraad.search.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
