"""The access helpers every view calls: they turn the policy's answers into 302/403/404.

Who may act is decided in `permissions.py` (`can_*`) from the roles in `roles.py`; what the
public sees in `public.py`. The helpers here look objects up within what the user may reach.

Authentication (`login_required_2fa`): who you are. Anonymous users are sent to the login
page; secretaries and platform administrators must have passed two-factor verification.

Authorisation (`access_*`): what you may see or change. Each helper returns the object or
raises Http404 (object not there, or not public) / PermissionDenied (403: no role for it).
Secretariat access is always scoped to councils the user serves; platform administrators
serve every council. Access to personal data is logged on the "udsatteraad.access" logger.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Protocol, cast
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from udsatteraad.councils.models import (
    Council,
    Membership,
    Organisation,
    SeatGroup,
    Term,
    TermsOfReference,
    Venue,
)
from udsatteraad.policy import public
from udsatteraad.policy.permissions import (
    can_enter_member_area,
    can_manage_council,
    can_see_member_meeting,
    can_use_secretariat,
)
from udsatteraad.policy.roles import Roles, roles_in

if TYPE_CHECKING:
    from udsatteraad.accounts.models import User
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

    class AuthenticatedRequest(HttpRequest):
        """A request behind `login_required_2fa` (or Django's `login_required`): its user is
        logged in, never AnonymousUser. Typing only; at runtime it is HttpRequest."""

        user: User

    class _OTPUser(Protocol):
        def is_verified(self) -> bool: ...
else:
    AuthenticatedRequest = HttpRequest

access_log = logging.getLogger("udsatteraad.access")


LOGIN_URL = "accounts:login"
TWO_FACTOR_URL = "accounts:two-factor-verify"


def login_required_2fa(view):
    """Require a logged-in user; secretaries and administrators also need a verified TOTP
    device in this session (django-otp's `is_verified`)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        user = request.user
        nxt = quote(request.get_full_path())
        if not user.is_authenticated:
            return HttpResponseRedirect(f"{reverse(LOGIN_URL)}?next={nxt}")
        if user.needs_two_factor() and not is_verified(user):
            return HttpResponseRedirect(f"{reverse(TWO_FACTOR_URL)}?next={nxt}")
        return view(request, *args, **kwargs)

    return wrapper


def is_verified(user: User) -> bool:
    """Whether this session passed two-factor verification. django-otp's OTPMiddleware puts
    `is_verified` on request.user at runtime; the User model does not declare it."""
    return cast("_OTPUser", user).is_verified()


def access_public_council(slug: str) -> Council:
    """A council as the public sees it."""
    return get_object_or_404(public.public_councils().select_related("authority"), slug=slug)


def access_public_meeting(council: Council, pk: int) -> Meeting:
    """A meeting as the public sees it: only once its agenda is published. `has_redactions`:
    whether the page has redaction notes to show (no query for the many that have none)."""
    from django.db.models import Exists, OuterRef

    from udsatteraad.meetings.models import Redaction

    redactions = Redaction.objects.filter(meeting=OuterRef("pk"))
    return get_object_or_404(
        public.public_meetings().select_related("venue")
        .annotate(has_redactions=Exists(redactions)), council=council, pk=pk
    )


def access_secretariat_councils(request: HttpRequest):
    """The councils the user serves as secretary (all, for platform administrators).
    Someone who serves none has no business in the secretariat: 403."""
    if not can_use_secretariat(request.user):
        raise PermissionDenied("Du er ikke sekretær for noget råd.")
    return Council.objects.for_secretary(request.user).select_related("authority")


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
    allowed = can_manage_council(request.user, council) or (
        not manage and can_enter_member_area(request.user, council))
    if not allowed:
        access_log.warning(
            "denied user=%s council=%s path=%s", request.user.pk, slug, request.path
        )
        raise PermissionDenied("Du har ikke adgang til dette råd.")
    council.roles = roles_in(request.user, council)
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


def access_member_meeting(request: HttpRequest, pk: int) -> tuple[Meeting, Roles]:
    """A meeting for its council's members, chair and secretariat, with the user's roles.
    A meeting of a council the user has no role in is 403; one that does not exist, 404."""
    from udsatteraad.meetings.models import Meeting

    meeting = get_object_or_404(
        Meeting.objects.select_related("council__authority", "venue"), pk=pk
    )
    if not can_see_member_meeting(request.user, meeting):
        raise PermissionDenied("Du er ikke medlem af dette råd.")
    return meeting, roles_in(request.user, meeting.council)


def access_member_council(request: HttpRequest, slug: str) -> tuple[Council, Roles]:
    """A council for its current members (chair and vice-chair included), with their roles.
    Secretaries and administrators who are not members get 403: this is the members' page."""
    council = get_object_or_404(Council.objects.select_related("authority"), slug=slug)
    if not can_enter_member_area(request.user, council):
        raise PermissionDenied("Du er ikke medlem af dette råd.")
    return council, roles_in(request.user, council)


def access_meeting_as_member(request: HttpRequest, pk: int) -> tuple[Meeting, Person]:
    """A meeting for one of its council's current members (not the secretariat as such),
    with the member's Person: for what only members do, such as proposing items."""
    meeting, roles = access_member_meeting(request, pk)
    if not roles.is_member or roles.person is None:
        raise PermissionDenied("Kun rådets medlemmer kan foreslå punkter.")
    return meeting, roles.person


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
    return get_object_or_404(
        public.public_attachments().select_related("item__meeting"),
        pk=pk, item__meeting_id=meeting_pk, item__meeting__council=council,
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


def person_for(request: HttpRequest):
    """The council-member Person behind the logged-in user, or None."""
    return getattr(request.user, "person", None) if request.user.is_authenticated else None


def log_personal_data_access(request: AuthenticatedRequest, council: Council, what: str) -> None:
    """Members' contact data is personal data: record who looked at it, in the database
    (shown to the council's secretariat) and on the access logger."""
    from udsatteraad.accounts.models import AccessLogEntry

    AccessLogEntry.objects.create(
        user=request.user, council=council, what=what[:200], path=request.path[:300]
    )
    access_log.info(
        "personal-data user=%s council=%s what=%s path=%s",
        request.user.pk, council.slug, what, request.path,
    )


# Hearings and statements (issue 11) ------------------------------------------------------


def access_hearing(council: Council, pk: int):
    """A hearing of a council the user manages (call access_council first)."""
    from udsatteraad.hearings.models import Hearing

    return get_object_or_404(Hearing.objects.select_related("council__authority",
                                                            "agenda_item__meeting"),
                             council=council, pk=pk)


def access_member_hearing(request: HttpRequest, pk: int):
    """A hearing for its council's current members and secretariat, with the user's roles."""
    from udsatteraad.hearings.models import Hearing
    from udsatteraad.policy.permissions import can_see_hearing

    hearing = get_object_or_404(
        Hearing.objects.select_related("council__authority", "agenda_item__meeting"), pk=pk)
    if not can_see_hearing(request.user, hearing):
        raise PermissionDenied("Du er ikke medlem af dette råd.")
    return hearing, roles_in(request.user, hearing.council)


def access_public_hearing(council: Council, pk: int):
    """A published response or statement as the public gets it; anything else is 404."""
    return get_object_or_404(
        public.public_hearings().select_related("approved_draft", "agenda_item__meeting"),
        council=council, pk=pk)


# Citizens' inquiries (issue 10) ---------------------------------------------------------


def access_inquiry_council(request: HttpRequest, slug: str) -> Council:
    """A council whose inquiries the user may handle (only its own secretariat); a refusal
    is logged like every other."""
    from udsatteraad.policy.permissions import can_handle_inquiries

    council = get_object_or_404(Council.objects.select_related("authority"), slug=slug)
    if not can_handle_inquiries(request.user, council):
        access_log.warning("denied inquiries user=%s council=%s path=%s",
                           request.user.pk, slug, request.path)
        raise PermissionDenied(_("Kun rådets sekretariat kan se henvendelser."))
    return council


def access_inquiry(council: Council, pk: int):
    """An inquiry of a council (call access_inquiry_council first)."""
    from udsatteraad.inquiries.models import Inquiry

    return get_object_or_404(Inquiry.objects.select_related("agenda_item__meeting"),
                             council=council, pk=pk)


def access_called_substitute(meeting: Meeting, pk: int) -> Attendance:
    """A substitute's row called in to a meeting the user manages (issue 12)."""
    from udsatteraad.meetings.models import Attendance

    return get_object_or_404(Attendance, meeting=meeting, substitute_for__isnull=False, pk=pk)
# Money (issue 14) --------------------------------------------------------------------------


def access_money_council(request: HttpRequest, slug: str) -> Council:
    """A council whose money the user manages (only its own secretaries); a refusal is logged
    like every other."""
    from udsatteraad.policy.permissions import can_manage_money

    council = get_object_or_404(Council.objects.select_related("authority"), slug=slug)
    if not can_manage_money(request.user, council):
        access_log.warning("denied money user=%s council=%s path=%s",
                           request.user.pk, slug, request.path)
        raise PermissionDenied(_("Kun rådets sekretariat kan se rådets økonomi."))
    return council


def access_money_claim(council: Council, pk: int):
    """A travel claim of a council (call access_money_council first)."""
    from udsatteraad.money.models import TravelClaim

    return get_object_or_404(
        TravelClaim.objects.with_attendance_flag().select_related("person", "meeting",
                                                                   "council__authority"),
        council=council, pk=pk)


def access_member_claim(request: HttpRequest, pk: int):
    """A travel claim for the member who filed it; anyone else's claim is 403 (the
    secretariat reads claims on its own pages)."""
    from udsatteraad.money.models import TravelClaim
    from udsatteraad.policy.permissions import can_see_claim

    claim = get_object_or_404(
        TravelClaim.objects.with_attendance_flag().select_related("person", "meeting",
                                                                   "council__authority"), pk=pk)
    person = person_for(request)
    if person is None or claim.person_id != person.pk or not can_see_claim(request.user, claim):
        access_log.warning("denied claim user=%s claim=%s path=%s",
                           request.user.pk, pk, request.path)
        raise PermissionDenied(_("Du kan kun se dine egne krav."))
    return claim
# An authority's look (issue 16) -------------------------------------------------------------


def access_authority_look(request: HttpRequest, slug: str):
    """An authority whose look the user may edit: 404 if there is none, 403 without a
    secretary's role in one of its councils."""
    from udsatteraad.councils.models import Authority
    from udsatteraad.policy.permissions import can_edit_authority_look

    authority = get_object_or_404(Authority, slug=slug)
    if not can_edit_authority_look(request.user, authority):
        access_log.warning("denied user=%s authority=%s path=%s", request.user.pk, slug,
                           request.path)
        raise PermissionDenied("Du er ikke sekretær for et råd under denne myndighed.")
    return authority
# Self-service set-up (issue 16) -------------------------------------------------------------


def access_platform_setup(request: HttpRequest) -> None:
    """The set-up screens: the platform administrator with two-factor, else 403."""
    from udsatteraad.policy.permissions import can_set_up_councils

    if not can_set_up_councils(request.user):
        raise PermissionDenied(_("Kun platformadministratoren kan oprette råd."))
