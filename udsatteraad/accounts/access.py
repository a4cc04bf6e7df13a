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
from typing import TYPE_CHECKING, Protocol, cast
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
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
    from udsatteraad.councils.models import Person
    from udsatteraad.meetings.models import (
        AgendaItem,
        Attachment,
        Attendance,
        ExtraordinaryRequest,
        ItemProposal,
        Meeting,
        MinorityStatement,
    )

    from .models import User

    class AuthenticatedRequest(HttpRequest):
        """A request behind `login_required_2fa` (or Django's `login_required`): its user is
        logged in, never AnonymousUser. Typing only; at runtime it is HttpRequest."""

        user: User

    class _OTPUser(Protocol):
        def is_verified(self) -> bool: ...
else:
    AuthenticatedRequest = HttpRequest

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
        if user.needs_two_factor() and not is_verified(user):
            return HttpResponseRedirect(f"/konto/2fa/?next={nxt}")
        return view(request, *args, **kwargs)

    return wrapper


def is_verified(user: User) -> bool:
    """Whether this session passed two-factor verification. django-otp's OTPMiddleware puts
    `is_verified` on request.user at runtime; the User model does not declare it."""
    return cast("_OTPUser", user).is_verified()


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


def access_public_easy_read(slug: str, pk: int) -> tuple[Council, Meeting]:
    """A meeting's easy-read version as the public gets it: only once published, and only
    for published minutes."""
    council = access_public_council(slug)
    meeting = access_public_meeting(council, pk)
    if not (meeting.easy_read_published_at and meeting.has_public_minutes):
        raise Http404("Der er ingen lettilgængelig udgave af dette møde.")
    return council, meeting


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


# Meetings -------------------------------------------------------------------------------


def posted_id(value: str | None) -> int:
    """An object id from a form. Anything but a plain number names no object: the access
    helpers then answer 404, never a 500."""
    value = (value or "").strip()
    return int(value) if value.isdecimal() and len(value) < 19 else 0


def access_meeting(council: Council, pk: int) -> Meeting:
    """A meeting of a council the user manages (call access_council first)."""
    from udsatteraad.meetings.models import Meeting

    return get_object_or_404(Meeting.objects.select_related("venue"), council=council, pk=pk)


def access_member_meeting(request: HttpRequest, pk: int) -> tuple[Meeting, set[Role]]:
    """A meeting for its council's members, chair and secretariat, with the user's roles.
    A meeting of a council the user has no role in is 403; one that does not exist, 404."""
    from udsatteraad.meetings.models import Meeting

    meeting = get_object_or_404(
        Meeting.objects.select_related("council__authority", "venue"), pk=pk
    )
    roles = council_roles(request.user, meeting.council)
    if not roles:
        raise PermissionDenied("Du er ikke medlem af dette råd.")
    return meeting, roles


def access_member_council(request: HttpRequest, slug: str) -> tuple[Council, set[Role]]:
    """A council for its current members (chair and vice-chair included), with their roles.
    Secretaries and administrators who are not members get 403: this is the members' page."""
    council = get_object_or_404(Council.objects.select_related("authority"), slug=slug)
    roles = council_roles(request.user, council)
    if Role.MEMBER not in roles or person_for(request) is None:
        raise PermissionDenied("Du er ikke medlem af dette råd.")
    return council, roles


def access_meeting_as_member(request: HttpRequest, pk: int) -> tuple[Meeting, Person]:
    """A meeting for one of its council's current members (not the secretariat as such),
    with the member's Person: for what only members do, such as proposing items."""
    meeting, roles = access_member_meeting(request, pk)
    person = person_for(request)
    if Role.MEMBER not in roles or person is None:
        raise PermissionDenied("Kun rådets medlemmer kan foreslå punkter.")
    return meeting, person


def access_agenda_item(meeting: Meeting, pk: int) -> AgendaItem:
    from udsatteraad.meetings.models import AgendaItem

    return get_object_or_404(AgendaItem, meeting=meeting, pk=pk)


def access_attachment(meeting: Meeting, pk: int) -> Attachment:
    """Any attachment of a meeting the user manages (open or closed)."""
    from udsatteraad.meetings.models import Attachment

    return get_object_or_404(
        Attachment.objects.select_related("item"), item__meeting=meeting, pk=pk
    )


def access_public_attachment(council: Council, meeting_pk: int, pk: int) -> Attachment:
    """An attachment as the public gets it: open, on an open item, of a public meeting.
    Anything else is a 404, so closed material is indistinguishable from missing."""
    from udsatteraad.meetings.models import Attachment, Meeting

    return get_object_or_404(
        Attachment.objects.select_related("item__meeting"),
        pk=pk, is_public=True, item__is_public=True, item__meeting_id=meeting_pk,
        item__meeting__council=council,
        item__meeting__status__in=[
            s for s in Meeting.Status.values
            if s not in (Meeting.Status.PLANNED, Meeting.Status.CANCELLED)
        ],
    )


def access_attendance(meeting: Meeting, pk: int) -> Attendance:
    """A guest or advisory-group row of a meeting the user manages (members' own rows are
    changed through the attendance form, not by id)."""
    from udsatteraad.meetings.models import Attendance

    return get_object_or_404(Attendance, meeting=meeting, person__isnull=True, pk=pk)


def access_minority_statement(meeting: Meeting, pk: int) -> MinorityStatement:
    from udsatteraad.meetings.models import MinorityStatement

    return get_object_or_404(
        MinorityStatement.objects.select_related("item__meeting"), item__meeting=meeting, pk=pk
    )


def access_proposal(meeting: Meeting, pk: int) -> ItemProposal:
    from udsatteraad.meetings.models import ItemProposal

    return get_object_or_404(ItemProposal.objects.select_related("proposed_by"), meeting=meeting,
                             pk=pk)


def access_extraordinary_request(council: Council, pk: int) -> ExtraordinaryRequest:
    from udsatteraad.meetings.models import ExtraordinaryRequest

    return get_object_or_404(ExtraordinaryRequest, council=council, pk=pk)


def can_approve_minutes(roles: set[Role], council: Council) -> bool:
    """Who approves the minutes is the council's rule of procedure."""
    from udsatteraad.councils.models import RulesOfProcedure

    rule = council.rules().minutes_approval
    if rule == RulesOfProcedure.MinutesApproval.CHAIR:
        return Role.CHAIR in roles
    if rule == RulesOfProcedure.MinutesApproval.CHAIRMANSHIP:
        return bool(roles & {Role.CHAIR, Role.VICE_CHAIR})
    return bool(roles & {Role.SECRETARY, Role.ADMIN})


def can_convene_extraordinary(roles: set[Role], council: Council) -> bool:
    terms = council.current_terms()
    return bool(terms and terms.chair_convenes_extraordinary and Role.CHAIR in roles)


def person_for(request: HttpRequest):
    """The council-member Person behind the logged-in user, or None."""
    return getattr(request.user, "person", None) if request.user.is_authenticated else None


def log_personal_data_access(request: AuthenticatedRequest, council: Council, what: str) -> None:
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
