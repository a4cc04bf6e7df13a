"""Self-service set-up (issue 16): the platform administrator creates a council from a council
file, as a copy of another council or from a blank form, and invites its secretaries; the
secretariat invites members; the invitee sets a password (and, as a secretary, a TOTP device)
from the personal link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from udsatteraad.councils.models import Council
from udsatteraad.lib.yamlfile import LoadError
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import (
    AuthenticatedRequest,
    access_council,
    access_membership,
    access_platform_setup,
    login_required_2fa,
)
from udsatteraad.policy.permissions import can_invite_members

from . import actions
from .forms import (
    AcceptForm,
    BlankCouncilForm,
    CopyCouncilForm,
    CouncilFileForm,
    InviteSecretaryForm,
)
from .models import Invitation, SetupEvent


@login_required_2fa
def start(request: AuthenticatedRequest) -> HttpResponse:
    access_platform_setup(request)
    councils = (Council.objects.select_related("authority")
                .annotate(n_secretaries=Count("secretaries", distinct=True))
                .order_by("authority__name", "name"))
    events = SetupEvent.objects.select_related("council", "actor")[:20]
    return render(request, "onboarding/start.html", {"councils": councils, "events": events})


def _created(request: HttpRequest, council: Council, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("onboarding:secretaries", slug=council.slug)


@login_required_2fa
@single_submit
def from_file(request: AuthenticatedRequest) -> HttpResponse:
    access_platform_setup(request)
    form = CouncilFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.create_from_file(text=form.cleaned_data["text"],
                                              filename=form.filename, acting_user=request.user)
        except LoadError as e:
            # Line and field as the loader names them; the text stays in the field to correct.
            form.add_error(None, str(e))
        else:
            return _created(request, result.council, _(
                "%(council)s er indlæst: %(seats)s pladser, %(members)s medlemskaber.")
                % {"council": result.council.name, "seats": result.seats,
                   "members": result.memberships})
    if text := getattr(form, "cleaned_data", {}).get("text"):
        # An uploaded file's text goes into the text field, so a correction needs no new upload.
        data = request.POST.copy()
        data["text"] = text
        form.data = data
    return render(request, "onboarding/from_file.html", {"form": form})


@login_required_2fa
@single_submit
def copy(request: AuthenticatedRequest) -> HttpResponse:
    access_platform_setup(request)
    form = CopyCouncilForm(request.POST or None, initial={
        "source": request.GET.get("fra", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        authority = actions.get_or_create_authority(
            existing=data["authority"], name=data["authority_name"],
            slug=data["authority_slug"], kind=data["authority_kind"])
        council = actions.copy_council(source=data["source"], authority=authority,
                                       name=data["name"], slug=data["slug"],
                                       acting_user=request.user)
        return _created(request, council, _("%(council)s er oprettet som kopi af %(source)s.")
                        % {"council": council.name, "source": data["source"].name})
    return render(request, "onboarding/copy.html", {"form": form})


@login_required_2fa
@single_submit
def blank(request: AuthenticatedRequest) -> HttpResponse:
    access_platform_setup(request)
    form = BlankCouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        authority = actions.get_or_create_authority(
            existing=d["authority"], name=d["authority_name"], slug=d["authority_slug"],
            kind=d["authority_kind"])
        council = actions.create_blank(
            authority=authority, council_data={"name": d["name"], "slug": d["slug"]},
            tor_data={"title": d["tor_title"], "adopted_on": d["adopted_on"],
                      "purpose": d["purpose"], "meetings_min": d["meetings_min"],
                      "meetings_max": d["meetings_max"], "chair_rule": d["chair_rule"],
                      "vice_chair_rule": d["vice_chair_rule"], "term_basis": d["term_basis"]},
            seat_group={"name": d["seat_group_name"], "kind": d["seat_group_kind"],
                        "seats": d["seat_group_seats"]},
            acting_user=request.user)
        return _created(request, council, _("%(council)s er oprettet.") % {"council": council.name})
    groups = {
        "authority_fields": ["authority", "authority_name", "authority_slug", "authority_kind"],
        "council_fields": ["name", "slug"],
        "tor_fields": ["tor_title", "adopted_on", "purpose", "meetings_min", "meetings_max",
                       "chair_rule", "vice_chair_rule", "term_basis", "seat_group_name",
                       "seat_group_kind", "seat_group_seats"],
    }
    ctx = {key: [form[name] for name in names] for key, names in groups.items()}
    return render(request, "onboarding/blank.html", {"form": form, **ctx})


@login_required_2fa
def secretaries(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The council's secretaries and invitations; inviting (again) by name and e-mail."""
    access_platform_setup(request)
    council = access_council(request, slug, manage=True)
    form = InviteSecretaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = actions.invite(council=council, email=form.cleaned_data["email"],
                                    name=form.cleaned_data["name"],
                                    role=Invitation.Role.SECRETARY, acting_user=request.user)
        messages.success(request, _("Invitationen er sendt til %(email)s. Et tidligere link til "
                                    "samme person virker ikke længere.")
                         % {"email": invitation.email})
        return redirect("onboarding:secretaries", slug=council.slug)
    ctx = {
        "council": council, "form": form,
        "secretaries": council.secretaries.select_related("user").order_by("user__name"),
        "invitations": council.invitations.filter(role=Invitation.Role.SECRETARY)
        .select_related("invited_by")[:50],
    }
    return render(request, "onboarding/secretaries.html", ctx)


def _members_page(council: Council) -> HttpResponse:
    return redirect("councils:members", slug=council.slug)


@login_required_2fa
def invite_member(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    membership = access_membership(council, pk)
    if request.method != "POST":  # after the access check: a stranger learns nothing
        return HttpResponseNotAllowed(["POST"])
    if not can_invite_members(request.user, council):
        return _members_page(council)
    person = membership.person
    if not person.email or person.user_id:
        messages.error(request, _("%(name)s har ingen e-mail eller har allerede et login.")
                       % {"name": person.name})
        return _members_page(council)
    actions.invite(council=council, email=person.email, role=Invitation.Role.MEMBER,
                   person=person, acting_user=request.user)
    messages.success(request, _("Invitationen er sendt til %(name)s.") % {"name": person.name})
    return _members_page(council)


@login_required_2fa
def invite_all(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    n = actions.invite_members(council=council, memberships=actions.invitable_members(council),
                               acting_user=request.user)
    if n:
        messages.success(request, _("Invitationen er sendt til %(n)s medlemmer.") % {"n": n})
    else:
        messages.info(request, _("Alle nuværende medlemmer med e-mail har allerede et login."))
    return _members_page(council)


INVALID_STATUS = {"invalid": 404, "expired": 410, "used": 410, "replaced": 410}


@sensitive_post_parameters("password1", "password2")
@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link: set a password (unless the address has a login already), then log
    in; secretaries go on to set up their TOTP device before they get in."""
    try:
        invitation = actions.find(token)
    except actions.InvitationError as e:
        return render(request, "onboarding/invalid.html", {"state": e.state},
                      status=INVALID_STATUS.get(e.state, 410))
    current = request.user
    if current.is_authenticated and current.email.lower() != invitation.email:
        return render(request, "onboarding/wrong_user.html", {"invitation": invitation},
                      status=403)
    user = actions.existing_user(invitation)
    needs_password = user is None or not user.has_usable_password()
    form = (AcceptForm(request.POST if request.method == "POST" else None,
                       email=invitation.email, name=invitation.name)
            if needs_password else None)
    if request.method == "POST" and (form is None or form.is_valid()):
        password = form.cleaned_data["password1"] if form is not None else None
        try:
            user = actions.accept(token=token, password=password)
        except actions.InvitationError as e:
            return render(request, "onboarding/invalid.html", {"state": e.state},
                          status=INVALID_STATUS.get(e.state, 410))
        nxt = (reverse("councils:overview", args=[invitation.council.slug])
               if invitation.role == Invitation.Role.SECRETARY else reverse("accounts:mine"))
        if not needs_password and not current.is_authenticated:
            # An existing login: the link proves the address, not the password.
            messages.success(request, _("Invitationen er modtaget. Log ind med din adgangskode."))
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': nxt})}")
        if needs_password:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Velkommen. Din adgangskode er gemt."))
        if user.needs_two_factor():
            step = ("accounts:two-factor-verify"
                    if TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                    else "accounts:two-factor-setup")
            return redirect(f"{reverse(step)}?{urlencode({'next': nxt})}")
        return redirect(nxt)
    return render(request, "onboarding/accept.html", {
        "invitation": invitation, "form": form, "two_factor": (
            invitation.role == Invitation.Role.SECRETARY)})
