"""Login by e-mail, two-factor (TOTP) set-up and verification, password reset, and the
member page (/mine/) listing a person's councils and roles."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from udsatteraad.councils.models import Council, Membership
from udsatteraad.meetings.models import Meeting
from udsatteraad.policy.access import AuthenticatedRequest, is_verified, login_required_2fa
from udsatteraad.policy.permissions import can_administer_platform
from udsatteraad.workspace import tasks

from . import throttle
from .forms import LoginForm, ResetRequestForm, ResetSetPasswordForm, TokenForm

DEFAULT_NEXT = reverse_lazy("accounts:mine")


def _next_url(request: HttpRequest) -> str:
    """The `next` parameter, if it points to this site; otherwise ""."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return ""


def _with_next(path: str, nxt: str) -> str:
    return f"{path}?{urlencode({'next': nxt})}" if nxt else path


def _after_login(user, nxt: str) -> str:
    if user.needs_two_factor():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return _with_next(reverse("accounts:two-factor-verify"), nxt)
        return _with_next(reverse("accounts:two-factor-setup"), nxt)
    return nxt or str(DEFAULT_NEXT)


@sensitive_post_parameters("password")
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    nxt = _next_url(request)
    if request.method == "POST":
        email = request.POST.get("email", "")
        throttled = throttle.is_throttled(request, email)
        form = LoginForm(request, data=request.POST, throttled=throttled)
        if form.is_valid():
            throttle.clear_account(email)
            auth_login(request, form.user)
            return redirect(_after_login(form.user, nxt))
        if not throttled and form.has_error("__all__", "invalid_login"):
            throttle.record_failure(request, email)
    else:
        form = LoginForm(request)
    return render(request, "accounts/login.html", {"form": form, "next": nxt})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, _("Du er nu logget ud."))
    return redirect("front:home")


def _throttled(device: TOTPDevice) -> bool:
    allowed, _info = device.verify_is_allowed()
    return not allowed


THROTTLED_MESSAGE = gettext_lazy(
    "For mange forkerte forsøg. Vent et øjeblik, og prøv igen med en ny kode."
)
WRONG_TOKEN_MESSAGE = gettext_lazy(
    "Koden er forkert eller udløbet. Skriv den kode, appen viser nu, og tjek at uret på "
    "telefonen går rigtigt."
)


def _qr_svg(device: TOTPDevice) -> str:
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(
        scale=5, border=2, title=_("QR-kode til godkendelses-app"), svgclass="qr-code"
    )
    # role="img" makes screen readers announce the <title> instead of skipping the drawing.
    return svg.replace("<svg ", '<svg role="img" ', 1)


def _secret(device: TOTPDevice) -> str:
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@sensitive_post_parameters("token")
@never_cache
@login_required
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    nxt = _next_url(request)
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        # Enrolling another device needs the existing one, or a stolen password alone
        # would be enough to get past two-factor.
        if not is_verified(user):
            return redirect(_with_next(reverse("accounts:two-factor-verify"), nxt))
        messages.info(request, _("Du har allerede sat tofaktorgodkendelse op."))
        return redirect(nxt or DEFAULT_NEXT)

    # Reuse the pending device so a reload or a wrong code keeps the secret already scanned.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("Godkendelses-app"), confirmed=False
        )

    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _throttled(device) or throttle.is_throttled(request, user.email):
            form.add_error("token", THROTTLED_MESSAGE)
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            # A new session key once the second factor is passed: a key fixed before
            # (or seen) during the password step is worth nothing afterwards.
            request.session.cycle_key()
            messages.success(request, _("Tofaktorgodkendelse er sat op. Du er nu logget ind."))
            return redirect(nxt or DEFAULT_NEXT)
        else:
            throttle.record_failure(request, user.email)
            form.add_error("token", WRONG_TOKEN_MESSAGE)

    ctx = {"form": form, "next": nxt, "qr_svg": _qr_svg(device), "secret": _secret(device)}
    return render(request, "accounts/two_factor_setup.html", ctx)


@sensitive_post_parameters("token")
@never_cache
@login_required
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    nxt = _next_url(request)
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk"))
    if not devices:
        return redirect(_with_next(reverse("accounts:two-factor-setup"), nxt))
    if is_verified(request.user):
        return redirect(nxt or DEFAULT_NEXT)

    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        usable = [d for d in devices if not _throttled(d)]
        if not usable or throttle.is_throttled(request, request.user.email):
            form.add_error("token", THROTTLED_MESSAGE)
        else:
            token = form.cleaned_data["token"]
            device = next((d for d in usable if d.verify_token(token)), None)
            if device is not None:
                otp_login(request, device)
                request.session.cycle_key()  # see two_factor_setup
                return redirect(nxt or DEFAULT_NEXT)
            throttle.record_failure(request, request.user.email)
            form.add_error("token", WRONG_TOKEN_MESSAGE)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": nxt})


# Password reset: Django's views with our Danish forms, pages and multipart e-mail. The
# "sent" page is shown whether or not the address exists.
password_reset = auth_views.PasswordResetView.as_view(
    form_class=ResetRequestForm,
    template_name="accounts/password_reset.html",
    subject_template_name="accounts/emails/password_reset_subject.txt",
    email_template_name="accounts/emails/password_reset.txt",
    html_email_template_name="accounts/emails/password_reset.html",
    extra_email_context={"site_name": settings.SITE_NAME},
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=ResetSetPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_required_2fa
def mine(request: AuthenticatedRequest) -> HttpResponse:
    """The councils the logged-in person serves today, and in which roles."""
    user = request.user
    today = timezone.localdate()
    entries: dict[int, dict] = {}

    def entry(council: Council) -> dict:
        return entries.setdefault(
            council.pk, {"council": council, "memberships": [], "is_secretary": False}
        )

    memberships = (
        Membership.objects.active_on(today)
        .filter(person__user=user)
        .select_related("council__authority", "seat_group")
        .order_by("council__name", "start")
    )
    for m in memberships:
        entry(m.council)["memberships"].append(m)
    for council in Council.objects.filter(secretaries__user=user).select_related("authority"):
        entry(council)["is_secretary"] = True

    # Members' coming meetings (one query for all their councils), for apologies and proposals.
    member_councils = [pk for pk, e in entries.items() if e["memberships"]]
    for e in entries.values():
        e["meetings"] = []
    if member_councils:
        # Coming: not begun yet (or still going on), and neither cancelled nor already held.
        now = timezone.now()
        coming = Meeting.objects.filter(
            Q(start__gte=now) | Q(end__gte=now), council_id__in=member_councils,
            status__in=[Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED],
        ).order_by("start")
        for meeting in coming:
            entries[meeting.council_id]["meetings"].append(meeting)

    councils = sorted(entries.values(), key=lambda e: e["council"].name)
    ctx = {"councils": councils, "is_platform_admin": can_administer_platform(user),
           "tasks": tasks.for_person(user)}
    return render(request, "accounts/mine.html", ctx)
