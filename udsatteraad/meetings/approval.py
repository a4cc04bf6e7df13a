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

import datetime as dt
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Membership, RulesOfProcedure
from udsatteraad.lib import site
from udsatteraad.notifications.notify import notify
from udsatteraad.policy import lifecycle
from udsatteraad.policy.lifecycle import Stage
from udsatteraad.policy.permissions import can_answer_minutes_round, can_approve_minutes
from udsatteraad.policy.roles import roles_in

from . import minutes
from .models import ItemProposal, Meeting, MinutesReview, MinutesRoundAnswer

Kind = MinutesReview.Kind
Rule = RulesOfProcedure.MinutesApproval
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
    """The secretariat sends the written minutes for approval; the approvers are e-mailed.
    Where the council approves in writing, this starts the written round: every member is
    e-mailed, and the deadline for objections is `minutes_written_days` from now."""
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
        url, _secretariat = _urls(meeting)
        rules = meeting.council.rules()
        if rules.minutes_approval == Rule.WRITTEN:
            deadline = timezone.now() + dt.timedelta(days=rules.minutes_written_days or 7)
            review = MinutesReview.objects.create(meeting=meeting, kind=Kind.REQUESTED,
                                                  user=user, deadline=deadline)
            notify(round_users(meeting.council), kind="minutes_written_round",
                   template="meetings/emails/minutes_round",
                   context=_context(meeting, deadline=deadline), url=url)
            return review
        review = MinutesReview.objects.create(meeting=meeting, kind=Kind.REQUESTED, user=user)
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
    """Approve (minutes.approve_minutes checks who and when) and tell the secretariat. Where
    the members approve in writing, the secretariat approves only after an objection (they
    decide on it); otherwise the written round approves."""
    if (meeting.council.rules().minutes_approval == Rule.WRITTEN
            and state(meeting) != State.SENT_BACK):
        raise minutes.MinutesError(_("Rådet godkender referatet skriftligt. Send det til "
                                     "skriftlig godkendelse hos medlemmerne."))
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


# Approval by the council itself: at the next meeting, or in a written round ----------------


def approve_by_council(*, meeting_id: int, comment: str, user=None,
                       quiet: bool = False) -> Meeting | None:
    """The council approved the minutes (the item at its next meeting was decided, or a
    written round ended without objections): no single approver's permission applies. With
    `quiet`, minutes that cannot be approved now (already approved, no decisions) are left
    alone; otherwise that is a MinutesError. The secretariat is told."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("council").get(
            pk=meeting_id)
        if not minutes.can_be_approved(meeting):
            if quiet:
                return None
            raise minutes.MinutesError(_("Referatet kan ikke godkendes nu."))
        meeting.save(update_fields=lifecycle.advance(meeting, lifecycle.Step.APPROVE_MINUTES,
                                                     acting_user=user))
        MinutesReview.objects.create(meeting=meeting, kind=Kind.APPROVED, user=user,
                                     comment=comment)
        _approver_url, url = _urls(meeting)
        notify(secretariat_users(meeting.council), kind="minutes_approved",
               template="meetings/emails/minutes_approved_by_council",
               context=_context(meeting, comment=comment), url=url)
        return meeting


def round_users(council: Council):
    """The users who answer a written round: the council's seated members today."""
    return get_user_model().objects.filter(is_active=True, pk__in=Membership.objects.filter(
        council=council, is_substitute=False).current().exclude(person__user=None)
        .values("person__user")).order_by("pk")


def open_round(meeting: Meeting) -> MinutesReview | None:
    """The written round under way on held minutes: the latest review is a request with a
    deadline (an objection sends the minutes back and ends it)."""
    if lifecycle.stage(meeting) != Stage.HELD:
        return None
    latest = meeting.minutes_reviews.order_by("-created", "-id").first()
    if latest is not None and latest.kind == Kind.REQUESTED and latest.deadline is not None:
        return latest
    return None


def own_answer(review: MinutesReview | None, person) -> MinutesRoundAnswer | None:
    if review is None or person is None:
        return None
    return review.answers.filter(person=person).first()


def answer_round(*, meeting: Meeting, user, approved: bool, comment: str = "") -> None:
    """A member approves the minutes in the written round, or objects with a comment: the
    objection sends the minutes back to the secretariat, who decide (correct them and start
    a new round, or approve them as they are). When every member has approved, the minutes
    are approved at once; otherwise silence until the deadline is approval
    (`close_due_rounds`)."""
    if not can_answer_minutes_round(user, meeting.council):
        raise PermissionDenied(_("Kun rådets medlemmer kan svare på den skriftlige "
                                 "godkendelse."))
    comment = comment.strip()
    if not approved and not comment:
        raise minutes.MinutesError(_("Skriv din indsigelse: hvad skal rettes i referatet?"))
    if len(comment) > COMMENT_LENGTH:
        raise minutes.MinutesError(_("Kommentaren må højst være %(n)s tegn.")
                                   % {"n": COMMENT_LENGTH})
    person = roles_in(user, meeting.council).person
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("council").get(
            pk=meeting.pk)
        review = open_round(meeting)
        if review is None:
            raise minutes.MinutesError(_("Der er ingen skriftlig godkendelse af referatet i "
                                         "gang."))
        if review.deadline is not None and review.deadline <= timezone.now():
            raise minutes.MinutesError(_("Fristen for indsigelser er udløbet."))
        MinutesRoundAnswer.objects.update_or_create(
            round=review, person=person,
            defaults={"user": user, "approved": approved, "comment": comment,
                      "created": timezone.now()})
        if not approved:
            back = MinutesReview.objects.create(meeting=meeting, kind=Kind.SENT_BACK,
                                                user=user, comment=comment)
            _approver_url, url = _urls(meeting)
            notify(secretariat_users(meeting.council), kind="minutes_sent_back",
                   template="meetings/emails/minutes_sent_back",
                   context=_context(meeting, review=back, by=user), url=url)
            return
        everyone = set(round_users(meeting.council).values_list("pk", flat=True))
        said_yes = set(review.answers.filter(approved=True).values_list("user_id", flat=True))
        if everyone and everyone <= said_yes:
            approve_by_council(meeting_id=meeting.pk, quiet=True,
                               comment=_("Godkendt skriftligt af alle rådets medlemmer."))


def close_due_rounds(now: dt.datetime | None = None) -> list[Meeting]:
    """Approve the minutes of every written round whose deadline has passed without an
    objection (silence is approval). Idempotent: approved minutes are no longer held."""
    now = now or timezone.now()
    due = (MinutesReview.objects.filter(kind=Kind.REQUESTED, deadline__lte=now,
                                        meeting__status=Meeting.Status.HELD)
           .select_related("meeting").order_by("deadline"))
    approved = []
    for review in due:
        if open_round(review.meeting) != review:
            continue  # a later request or an objection replaced this round
        day = date_format(timezone.localtime(review.deadline), "j. F Y")
        done = approve_by_council(
            meeting_id=review.meeting_id, quiet=True,
            comment=_("Godkendt skriftligt: ingen indsigelser inden fristen den %(day)s.")
            % {"day": day})
        if done is not None:
            approved.append(done)
    return approved
