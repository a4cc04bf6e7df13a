"""The Django admin's site: OTP-protected, and without a login form of its own.

Administrators log in through the app's login and two-factor step, which are throttled and
answer every failure the same way; the admin's own form said whether the password was right
("Please enter your OTP token.") and was never throttled."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.admin import OTPAdminSite


class PlatformAdminSite(OTPAdminSite):
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponseRedirect:
        nxt = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
            nxt = ""
        nxt = nxt or reverse("admin:index", current_app=self.name)
        user = request.user
        query = urlencode({"next": nxt})
        # django-otp's OTPMiddleware gives every user is_verified().
        if user.is_authenticated and not user.is_verified():  # type: ignore[union-attr,attr-defined]
            # Password already given: only the second factor is missing.
            return HttpResponseRedirect(f"{reverse('accounts:two-factor-verify')}?{query}")
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")
