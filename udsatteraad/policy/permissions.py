"""Who may act: every `can_*` decision of the system, each taking the acting user.

Views call these to decide what to offer and to refuse (through the access helpers in
`access.py`, which turn a refusal into 403/404); actions call them again with
`acting_user=`, so a crafted POST meets the same rule as the page. Templates get the answers
as flags and decide nothing themselves. Roles come from `roles.roles_in` (one query set per
user, council and day).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from udsatteraad.councils.models import Council, RulesOfProcedure
from udsatteraad.meetings.models import Meeting

from . import lifecycle
from .roles import Role, roles_in, serves_any_council


def can_use_secretariat(user: Any) -> bool:
    """The secretariat's area at all (its start page lists the councils one serves)."""
    return serves_any_council(user)


def can_manage_council(user: Any, council: Council) -> bool:
    """Secretariat work on a council: its terms, members, meetings, agendas, minutes."""
    return roles_in(user, council).is_secretariat


def can_see_personal_data(user: Any, council: Council) -> bool:
    """Members' contact data and the access log: the council's secretariat only."""
    return roles_in(user, council).is_secretariat


def can_enter_member_area(user: Any, council: Council) -> bool:
    """The members' pages of a council: its current members (chair and vice-chair too)."""
    return roles_in(user, council).is_member


def can_see_member_meeting(user: Any, meeting: Meeting) -> bool:
    """The members' view of a meeting (closed items included): the council's current
    members and its secretariat."""
    return bool(roles_in(user, meeting.council))


def can_report_attendance(user: Any, meeting: Meeting) -> bool:
    """A member of the council on the meeting day reports "Jeg kommer"/"Afbud" before the
    meeting is held."""
    day = timezone.localdate(meeting.start)
    return (roles_in(user, meeting.council, day).is_member
            and lifecycle.stage(meeting) in lifecycle.ATTENDANCE_OPEN)


def can_propose_item(user: Any, meeting: Meeting) -> bool:
    """Current members propose items for a planned meeting (the deadline is checked by the
    proposal action, which tells the member the date)."""
    return (roles_in(user, meeting.council).is_member
            and lifecycle.stage(meeting) in lifecycle.AGENDA_OPEN)


def can_approve_minutes(user: Any, council: Council) -> bool:
    """Who approves the minutes is the council's rule of procedure. Where the council itself
    approves them (at the end of the meeting, at the next meeting, in a written round), the
    secretariat records the council's approval, and decides after an objection in a written
    round (the members' own answers: can_answer_minutes_round)."""
    roles = roles_in(user, council)
    rule = council.rules().minutes_approval
    rules = RulesOfProcedure.MinutesApproval
    if rule == rules.CHAIR:
        return Role.CHAIR in roles
    if rule == rules.CHAIRMANSHIP:
        return Role.CHAIR in roles or Role.VICE_CHAIR in roles
    # SECRETARIAT, END_OF_MEETING, NEXT_MEETING, WRITTEN
    return roles.is_secretariat


def can_convene_extraordinary(user: Any, council: Council) -> bool:
    terms = council.current_terms()
    return bool(terms and terms.chair_convenes_extraordinary and Role.CHAIR in roles_in(
        user, council))


def can_request_extraordinary(user: Any, council: Council) -> bool:
    """Members sign requests for an extraordinary meeting where the terms of reference let a
    number of members ask for one."""
    terms = council.current_terms()
    return bool(terms and terms.extraordinary_request_members
                and roles_in(user, council).is_member)


def can_administer_platform(user: Any) -> bool:
    """Authorities, councils and their secretaries: the platform administrator."""
    return bool(user is not None and user.is_authenticated and user.is_superuser)


# Inquiries and personal data (issue 10) ------------------------------------------------------


def can_handle_inquiries(user: Any, council: Council) -> bool:
    """Citizens' inquiries: the council's own secretaries only. Not the platform administrator:
    an inquiry may be about someone's life, and running the platform needs none of them."""
    return Role.SECRETARY in roles_in(user, council)


def can_handle_person_data(user: Any, council: Council) -> bool:
    """Export and erase a person's data held for the council (GDPR requests): the council's
    own secretaries, who also read the inquiries."""
    return can_handle_inquiries(user, council)
# Hearings and statements (issue 11) ------------------------------------------------------
# The hearing is passed in; its status values are read from it, so this module needs no
# import of the hearings app.


def can_manage_hearings(user: Any, council: Council) -> bool:
    """Registering hearings, documents, drafts, sending and publishing: the secretariat."""
    return roles_in(user, council).is_secretariat


def can_see_hearing(user: Any, hearing: Any) -> bool:
    """A hearing's documents, comments and drafts: the council's members and secretariat."""
    return bool(roles_in(user, hearing.council))


def can_comment_on_hearing(user: Any, hearing: Any) -> bool:
    """Current members comment until the response is approved; after that its text is
    fixed and a comment could change nothing."""
    return (roles_in(user, hearing.council).is_member
            and hearing.status in hearing.COMMENTABLE)


def can_approve_hearing_response(user: Any, hearing: Any) -> bool:
    """Approval follows the council's rule of procedure for hearing responses: the chair,
    the chair or vice-chair, the council at a meeting (recorded by the secretariat once the
    item is on an agenda), or a written round (each current member approves; a majority
    decides, counted by the action)."""
    if hearing.status != hearing.Status.AWAITING_APPROVAL:
        return False
    roles = roles_in(user, hearing.council)
    rule = hearing.council.rules().hearing_response_approval
    rules = RulesOfProcedure.HearingResponseApproval
    if rule == rules.CHAIR:
        return Role.CHAIR in roles
    if rule == rules.CHAIRMANSHIP:
        return Role.CHAIR in roles or Role.VICE_CHAIR in roles
    if rule == rules.MEETING:
        return roles.is_secretariat and hearing.agenda_item_id is not None
    return roles.is_member
# The publication guard (issue 10) ---------------------------------------------------------


def can_accept_guard_hits(user: Any, council: Council) -> bool:
    """Recording that a guard hit is fine (a false hit): the council's secretariat, who
    publish."""
    return roles_in(user, council).is_secretariat


def can_redact(user: Any, council: Council) -> bool:
    """Removing a published passage for good: the council's secretariat."""
    return roles_in(user, council).is_secretariat


# Council rules in the meeting cycle (issue 12) ----------------------------------------------


def can_answer_minutes_round(user: Any, council: Council) -> bool:
    """A written round on the minutes: each current member (not a substitute) approves or
    objects, where the council's rules of procedure approve minutes in writing."""
    if council.rules().minutes_approval != RulesOfProcedure.MinutesApproval.WRITTEN:
        return False
    roles = roles_in(user, council)
    return roles.is_member and council.memberships.filter(
        person=roles.person, is_substitute=False).current().exists()
# Money: budget, per-diems, travel claims, payroll (issue 14) --------------------------------
# Claims are passed in; their status values are read from them, so this module needs no
# import of the money app.


def can_manage_money(user: Any, council: Council) -> bool:
    """The council's budget, per-diems, claims, bookings, payroll references and exports: the
    council's own secretaries only. Not the platform administrator: claims and receipts are
    personal data, and running the platform needs none of them."""
    return Role.SECRETARY in roles_in(user, council)


def can_file_claim(user: Any, council: Council) -> bool:
    """A current member files travel claims in the council."""
    return roles_in(user, council).is_member


def can_see_claim(user: Any, claim: Any) -> bool:
    """A claim: the member who filed it, and the council's secretariat. No other member."""
    person = getattr(user, "person", None) if user is not None and user.is_authenticated \
        else None
    own = person is not None and claim.person_id == person.pk
    return own or can_manage_money(user, claim.council)


def can_change_claim(user: Any, claim: Any) -> bool:
    """The claimant corrects a claim until it is decided, and a returned one to send it again."""
    person = getattr(user, "person", None) if user is not None and user.is_authenticated \
        else None
    return (person is not None and claim.person_id == person.pk
            and claim.status in (claim.Status.SUBMITTED, claim.Status.RETURNED))


def can_decide_claim(user: Any, claim: Any) -> bool:
    """Approve or return a submitted claim: the council's secretariat."""
    return claim.status == claim.Status.SUBMITTED and can_manage_money(user, claim.council)
# An authority's look (issue 16) -------------------------------------------------------------


def can_edit_authority_look(user: Any, authority: Any) -> bool:
    """Display name, logo and accent colour: secretaries of any of the authority's councils
    (the look is the authority's, shared by its councils), and the platform administrator."""
    if user is None or not user.is_authenticated:
        return False
    return Council.objects.for_secretary(user).filter(authority=authority).exists()
# Self-service set-up and invitations (issue 16) ------------------------------------------


def can_set_up_councils(user: Any) -> bool:
    """Creating authorities and councils and inviting their secretaries: the platform
    administrator, in a session that passed two-factor (django-otp's `is_verified`, which its
    middleware puts on the request's user; a user object without it counts as unverified)."""
    if not can_administer_platform(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(callable(is_verified) and is_verified())


def can_invite_members(user: Any, council: Council) -> bool:
    """Inviting the council's members to log in: its secretariat."""
    return roles_in(user, council).is_secretariat
