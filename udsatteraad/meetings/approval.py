"""The approval loop of draft minutes (issue 16): the secretariat sends the minutes for
approval, whoever approves under the council's rules of procedure is e-mailed a link and
approves them or sends them back with a comment; the secretariat is e-mailed on approval, on
send-back and on new item proposals. Mail goes through `notifications.notify`, so each person
gets it at once or in the daily digest, as they chose.

Where held minutes are is the latest MinutesReview row: none or "approved" before a reopening
means they are being written, "requested" that they await approval, "sent_back" that they came
back with a comment. The life cycle itself (held -> approved) stays in `policy.lifecycle`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Membership
from udsatteraad.lib import site
from udsatteraad.notifications.notify import notify
from udsatteraad.policy import lifecycle
from udsatteraad.policy.lifecycle import Stage
from udsatteraad.policy.permissions import can_approve_minutes

from . import minutes
from .models import ItemProposal, Meeting, MinutesReview

Kind = MinutesReview.Kind
COMMENT_LENGTH = 4000


class State(StrEnum):
    WRITING = "writing"
    AWAITING = "awaiting"
    SENT_BACK = "sent_back"


def state(meeting: Meeting) -> State | None:
    """Where held minutes are in the loop (None when the meeting is not held)."""
    if lifecycle.stage(meeting) != Stage.HELD:
        return None
    latest = meeting.minutes_reviews.order_by("-created", "-id").first()
    if latest is None or latest.kind == Kind.APPROVED:
        return State.WRITING
    return State.AWAITING if latest.kind == Kind.REQUESTED else State.SENT_BACK


def latest_send_back(meeting: Meeting) -> MinutesReview | None:
    return meeting.minutes_reviews.filter(kind=Kind.SENT_BACK).order_by("-created", "-id").first()


# Who is told -------------------------------------------------------------------------------


def approvers(council: Council) -> list[Any]:
    """The users who approve the council's minutes today (the rule is the policy's)."""
    User = get_user_model()
    candidates = User.objects.filter(is_active=True).filter(
        pk__in=Membership.objects.filter(council=council).current()
        .exclude(person__user=None).values("person__user")
    ) | User.objects.filter(is_active=True, secretary_roles__council=council)
    return [u for u in candidates.distinct().order_by("pk") if can_approve_minutes(u, council)]


def secretariat_users(council: Council):
    return get_user_model().objects.filter(is_active=True, secretary_roles__council=council
                                           ).distinct().order_by("pk")


def _urls(meeting: Meeting) -> tuple[str, str]:
    """(the approvers' page, the secretariat's minutes page) as absolute links."""
    return (site.root() + reverse("meetings:member-meeting", args=[meeting.pk]),
            site.root() + reverse("meetings:minutes", args=[meeting.council.slug, meeting.pk]))


def _context(meeting: Meeting, **extra) -> dict:
    return {"meeting": meeting, "council": meeting.council, "site_name": settings.SITE_NAME,
            **extra}


# Actions -----------------------------------------------------------------------------------


def request_approval(*, meeting: Meeting, user) -> MinutesReview:
    """The secretariat sends the written minutes for approval; the approvers are e-mailed."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("council").get(
            pk=meeting.pk)
        if not minutes.can_be_approved(meeting):
            if lifecycle.stage(meeting) != Stage.HELD:
                raise minutes.MinutesError(_("Kun referatet fra et afholdt møde, der ikke er "
                                             "godkendt, kan sendes til godkendelse."))
            raise minutes.MinutesError(_("Referatet har ingen beslutninger endnu."))
        if state(meeting) == State.AWAITING:
            raise minutes.MinutesError(_("Referatet er allerede sendt til godkendelse."))
        review = MinutesReview.objects.create(meeting=meeting, kind=Kind.REQUESTED, user=user)
        url, _secretariat = _urls(meeting)
        notify(approvers(meeting.council), kind="minutes_awaiting_approval",
               template="meetings/emails/minutes_awaiting", context=_context(meeting), url=url)
        return review


def send_back(*, meeting: Meeting, user, comment: str) -> MinutesReview:
    """The approver sends the minutes back with a comment; the secretariat is e-mailed."""
    if not can_approve_minutes(user, meeting.council):
        raise PermissionDenied(_("Du må ikke godkende referatet for dette møde."))
    comment = comment.strip()
    if not comment:
        raise minutes.MinutesError(_("Skriv, hvad der skal rettes, før du sender referatet "
                                     "tilbage."))
    if len(comment) > COMMENT_LENGTH:
        raise minutes.MinutesError(_("Kommentaren må højst være %(n)s tegn.")
                                   % {"n": COMMENT_LENGTH})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("council").get(
            pk=meeting.pk)
        if lifecycle.stage(meeting) != Stage.HELD:
            raise minutes.MinutesError(_("Kun et referat, der venter på godkendelse, kan sendes "
                                         "tilbage."))
        review = MinutesReview.objects.create(meeting=meeting, kind=Kind.SENT_BACK, user=user,
                                              comment=comment)
        _approver_url, url = _urls(meeting)
        notify(secretariat_users(meeting.council), kind="minutes_sent_back",
               template="meetings/emails/minutes_sent_back",
               context=_context(meeting, review=review, by=user), url=url)
        return review


def approve(*, meeting: Meeting, user) -> Meeting:
    """Approve (minutes.approve_minutes checks who and when) and tell the secretariat."""
    with transaction.atomic():
        meeting = minutes.approve_minutes(meeting=meeting, user=user)
        MinutesReview.objects.create(meeting=meeting, kind=Kind.APPROVED, user=user)
        _approver_url, url = _urls(meeting)
        notify(secretariat_users(meeting.council), kind="minutes_approved",
               template="meetings/emails/minutes_approved",
               context=_context(meeting, by=user), url=url)
        return meeting


def proposal_made(proposal: ItemProposal) -> None:
    """A member proposed an item: the secretariat is told (called inside propose_item's
    transaction)."""
    meeting = proposal.meeting
    url = site.root() + reverse("meetings:proposals", args=[meeting.council.slug, meeting.pk])
    notify(secretariat_users(meeting.council), kind="item_proposed",
           template="meetings/emails/proposal_new",
           context=_context(meeting, proposal=proposal), url=url)
