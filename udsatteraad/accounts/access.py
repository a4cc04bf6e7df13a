"""Every access rule of the system, in one place.

Authentication (`login_required_2fa`): who you are. Anonymous users are sent to the login
page; secretaries and platform administrators must have passed two-factor verification.

Authorisation (`access_*`): what you may see or change. Each helper returns the object or
raises Http404 (object not there, or not public) / PermissionDenied (403: no role for it).
Secretariat access is always scoped to councils the user serves; platform administrators
serve every council. Access to personal data is logged on the "udsatteraad.access" logger.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from udsatteraad.councils.models import (
    Council,
    Membership,
    Organisation,
    SeatGroup,
    Term,
    TermsOfReference,
    Venue,
)

if TYPE_CHECKING:
    from udsatteraad.meetings.models import Meeting

access_log = logging.getLogger("udsatteraad.access")


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARY = "secretary"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"


def login_required_2fa(view):
    """Require a logged-in user; secretaries and administrators also need a verified TOTP
    device in this session (django-otp's `is_verified`)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        user = request.user
        nxt = quote(request.get_full_path())
        if not user.is_authenticated:
            return HttpResponseRedirect(f"/konto/log-ind/?next={nxt}")
        if user.needs_two_factor() and not user.is_verified():
            return HttpResponseRedirect(f"/konto/2fa/?next={nxt}")
        return view(request, *args, **kwargs)

    return wrapper


def council_roles(user, council: Council, on: dt.date | None = None) -> set[Role]:
    """The roles a user holds in a council on a day (today by default)."""
    if not user.is_authenticated:
        return set()
    roles: set[Role] = set()
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if council.secretaries.filter(user=user).exists():
        roles.add(Role.SECRETARY)
    person = getattr(user, "person", None)
    if person is not None:
        for m in Membership.objects.filter(council=council, person=person).active_on(
            on or dt.date.today()
        ):
            roles.add(Role.MEMBER)
            if m.role == Membership.Role.CHAIR:
                roles.add(Role.CHAIR)
            elif m.role == Membership.Role.VICE_CHAIR:
                roles.add(Role.VICE_CHAIR)
    return roles


def can_manage(user, council: Council) -> bool:
    """Secretariat rights: the council's secretaries and platform administrators."""
    return bool(council_roles(user, council) & {Role.ADMIN, Role.SECRETARY})


def access_public_council(slug: str) -> Council:
    """A council as the public sees it."""
    return get_object_or_404(Council.objects.select_related("authority"), slug=slug, is_public=True)


def access_public_meeting(council: Council, pk: int) -> Meeting:
    """A meeting as the public sees it: only once its agenda is published."""
    from udsatteraad.meetings.models import Meeting

    return get_object_or_404(
        Meeting.objects.public().select_related("venue"), council=council, pk=pk
    )


def access_secretariat_councils(request: HttpRequest):
    """The councils the user serves as secretary (all, for platform administrators).
    Someone who serves none has no business in the secretariat: 403."""
    councils = Council.objects.for_secretary(request.user).select_related("authority")
    if not request.user.is_superuser and not councils.exists():
        raise PermissionDenied("Du er ikke sekretær for noget råd.")
    return councils


def access_council(request: HttpRequest, slug: str, *, manage: bool = True) -> Council:
    """A council for a logged-in user. manage=True: secretariat only; manage=False: also the
    council's current members (chair, vice-chair, member)."""
    council = get_object_or_404(Council.objects.select_related("authority"), slug=slug)
    roles = council_roles(request.user, council)
    allowed = {Role.ADMIN, Role.SECRETARY}
    if not manage:
        allowed |= {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER}
    if not roles & allowed:
        access_log.warning(
            "denied user=%s council=%s path=%s", request.user.pk, slug, request.path
        )
        raise PermissionDenied("Du har ikke adgang til dette råd.")
    return council


def access_terms(council: Council, version: int) -> TermsOfReference:
    return get_object_or_404(TermsOfReference, council=council, version=version)


def access_seat_group(council: Council, pk: int) -> SeatGroup:
    return get_object_or_404(
        SeatGroup.objects.select_related("terms_of_reference"),
        terms_of_reference__council=council, pk=pk,
    )


def access_term(council: Council, pk: int) -> Term:
    return get_object_or_404(Term, council=council, pk=pk)


def access_membership(council: Council, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("person", "seat_group", "term"), council=council, pk=pk
    )


def access_organisation(council: Council, pk: int) -> Organisation:
    """Organisations belong to the authority; its councils' secretariats share them."""
    return get_object_or_404(Organisation, authority_id=council.authority_id, pk=pk)


def access_venue(council: Council, pk: int) -> Venue:
    return get_object_or_404(Venue, authority_id=council.authority_id, pk=pk)


def log_personal_data_access(request: HttpRequest, council: Council, what: str) -> None:
    """Members' contact data is personal data: record who looked at it, in the database
    (shown to the council's secretariat) and on the access logger."""
    from .models import AccessLogEntry

    AccessLogEntry.objects.create(
        user=request.user, council=council, what=what[:200], path=request.path[:300]
    )
    access_log.info(
        "personal-data user=%s council=%s what=%s path=%s",
        request.user.pk, council.slug, what, request.path,
    )
