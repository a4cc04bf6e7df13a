"""What is waiting for someone, for the task lists of the secretariat's start page and
`/mine/` (issue 16 wires these in):

    pending_for(council)          hearings the secretariat must act on, nearest deadline first
    pending_for_person(user)      hearings the member has not commented on yet
    approvals_for_person(user)    responses waiting for this user's approval
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from udsatteraad.councils.models import Council
from udsatteraad.policy.permissions import can_approve_hearing_response
from udsatteraad.policy.roles import member_councils, roles_in

from .models import Hearing

Status = Hearing.Status


def pending_for(council: Council, today: dt.date | None = None) -> QuerySet[Hearing]:
    """Registered but not sent to the members; approved but not sent; sent but not
    published; or open with its deadline within the council's reminder days (or missed)."""
    today = today or timezone.localdate()
    near = today + dt.timedelta(days=council.rules().hearing_reminder_days)
    return (Hearing.objects.filter(council=council)
            .filter(Q(status__in=[Status.RECEIVED, Status.APPROVED])
                    | Q(status=Status.SENT, published_at__isnull=True)
                    | Q(status__in=Hearing.COMMENTABLE, deadline__lte=near))
            .by_deadline())


def pending_for_person(user: Any) -> QuerySet[Hearing]:
    """Hearings open for comments in the user's councils that the user has not commented on,
    nearest deadline first."""
    person = getattr(user, "person", None)
    if person is None:
        return Hearing.objects.none()
    return (Hearing.objects.filter(council__in=member_councils(user),
                                   status__in=Hearing.COMMENTABLE)
            .exclude(comments__person=person).select_related("council").by_deadline())


def approvals_for_person(user: Any) -> list[Hearing]:
    """Responses awaiting approval that this user may approve (and, in a written round, has
    not yet approved)."""
    found = []
    for hearing in (Hearing.objects.filter(council__in=member_councils(user),
                                           status=Status.AWAITING_APPROVAL)
                    .select_related("council").by_deadline()):
        if not can_approve_hearing_response(user, hearing):
            continue
        person = roles_in(user, hearing.council).person
        draft = hearing.latest_draft()
        if person and draft and draft.approvals.filter(person=person).exists():
            continue
        found.append(hearing)
    return found
