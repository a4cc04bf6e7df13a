from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

# The Django admin is for platform administrators only and requires a verified TOTP device.
admin.site.__class__ = OTPAdminSite

# Every app's URLconf has an app_name; routes are reversed as "<app>:<name>".
urlpatterns = [
    path("", include("udsatteraad.front.urls")),
    path("", include("udsatteraad.accounts.urls")),
    path("sekretariat/", include("udsatteraad.councils.urls")),
    path("", include("udsatteraad.meetings.urls")),
    path("oparl/v1.1/", include("udsatteraad.oparl.urls")),
    path("", include("udsatteraad.easyread.urls")),
    path("", include("udsatteraad.imports.urls")),
    path("", include("udsatteraad.search.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
