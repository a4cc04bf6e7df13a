"""The meetings' tasks for the workspace's lists (`workspace.tasks`): what the secretariat has
to do for a council, and what waits for a chair or member.

    pending_for(council)       proposals to handle, agendas near their notice deadline,
                               minutes to write, sent back, awaiting approval, to publish
    pending_for_person(user)   minutes to approve, invitations to answer
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.policy.permissions import can_answer_minutes_round, can_approve_minutes
from udsatteraad.policy.roles import member_councils, roles_in
from udsatteraad.workspace.task import Task, Urgency, quoting, urgency_for

from .models import Attendance, ItemProposal, Meeting, MinutesReview

Status = Meeting.Status
# Agendas are listed this long before their notice deadline.
AGENDA_HORIZON = dt.timedelta(days=14)
# Held meetings older than this are not listed as minutes to write (imported history).
MINUTES_HORIZON = dt.timedelta(days=365)
# Invitations are listed this long before the meeting.
INVITATION_HORIZON = dt.timedelta(days=30)


def _day(when: dt.datetime) -> str:
    return date_format(timezone.localtime(when), "j. F Y")


def notice_deadline(meeting: Meeting) -> dt.datetime:
    """When the agenda must be out under the council's rules of procedure."""
    return meeting.start - dt.timedelta(days=meeting.council.rules().agenda_notice_days)


def _with_review(meetings):
    latest = MinutesReview.objects.filter(meeting=OuterRef("pk")).order_by("-created", "-id")
    return meetings.annotate(review_kind=Subquery(latest.values("kind")[:1]))


def pending_for(council: Council) -> list[Task]:
    return pending_for_councils([council])


def pending_for_councils(councils) -> list[Task]:
    """The secretariat's tasks for several councils in a fixed number of queries (the
    navigation counts them over every council a secretary serves)."""
    now = timezone.now()
    tasks: list[Task] = []
    minutes_url = "meetings:minutes"
    base = Meeting.objects.filter(council__in=councils).select_related(
        "council__rules_of_procedure")

    planned = list(base.filter(status=Status.PLANNED, start__gte=now))
    waiting = {row["meeting"]: row["n"] for row in _proposal_counts(planned)}
    for meeting in planned:
        council = meeting.council
        deadline = notice_deadline(meeting)
        n = waiting.get(meeting.pk)
        if n:
            tasks.append(Task(
                title=quoting(
                    _("%(n)s forslag til %(title)s den %(date)s venter på behandling"),
                    {"n": n, "title": meeting.title, "date": _day(meeting.start)}),
                url=reverse("meetings:proposals", args=[council.slug, meeting.pk]),
                due=deadline, urgency=urgency_for(deadline), council=council.name,
                kind="proposals"))
        if deadline - now <= AGENDA_HORIZON:
            tasks.append(Task(
                title=quoting(_("Offentliggør dagsordenen til %(title)s den %(date)s"),
                              {"title": meeting.title, "date": _day(meeting.start)}),
                url=reverse("meetings:publish-agenda", args=[council.slug, meeting.pk]),
                due=deadline, urgency=urgency_for(deadline), council=council.name,
                kind="agenda"))

    held = _with_review(base.filter(
        status__in=[Status.HELD, Status.MINUTES_APPROVED],
        start__gte=now - MINUTES_HORIZON, start__lte=now))
    for meeting in held:
        council = meeting.council
        args = [council.slug, meeting.pk]
        facts = {"title": meeting.title, "date": _day(meeting.start)}
        if meeting.status == Status.MINUTES_APPROVED:
            if meeting.minutes_withdrawn_at is None:
                tasks.append(Task(
                    quoting(_("Offentliggør referatet fra %(title)s den %(date)s"), facts),
                    reverse("meetings:minutes-publish", args=args), None, Urgency.NORMAL,
                    council.name, "minutes_to_publish"))
        elif meeting.review_kind == MinutesReview.Kind.SENT_BACK:
            tasks.append(Task(
                quoting(_("Referatet fra %(title)s den %(date)s er sendt tilbage: ret det"),
                        facts),
                reverse(minutes_url, args=args), None, Urgency.HIGH, council.name,
                "minutes_sent_back"))
        elif meeting.review_kind == MinutesReview.Kind.REQUESTED:
            tasks.append(Task(
                quoting(_("Referatet fra %(title)s den %(date)s venter på godkendelse"), facts),
                reverse(minutes_url, args=args), None, Urgency.LOW, council.name,
                "minutes_awaiting_approval"))
        else:
            tasks.append(Task(
                quoting(_("Skriv referatet fra %(title)s den %(date)s, og send det til "
                          "godkendelse"), facts),
                reverse(minutes_url, args=args), None, Urgency.NORMAL,
                council.name, "minutes_to_write"))
    return tasks


def _proposal_counts(meetings: list[Meeting]):
    if not meetings:
        return []  # no query
    return (ItemProposal.objects.filter(meeting__in=meetings,
                                        status=ItemProposal.Status.PROPOSED)
            .values("meeting").annotate(n=Count("id")))


def pending_for_person(user: Any) -> list[Task]:
    """Minutes waiting for this person's approval, and invitations to answer. A fixed number
    of queries, however many councils the person serves."""
    now = timezone.now()
    tasks: list[Task] = []
    mine = member_councils(user).values("pk")
    candidates = Council.objects.filter(Q(pk__in=mine) | Q(secretaries__user=user)).values("pk")
    awaiting = [m for m in _with_review(Meeting.objects.filter(
        council__in=candidates, status=Status.HELD).select_related(
            "council__rules_of_procedure"))
        if m.review_kind == MinutesReview.Kind.REQUESTED]
    for meeting in awaiting:  # usually none: the rule is checked only for these
        if meeting.council.rules().minutes_approval == "written":
            tasks += _written_round_task(user, meeting)
            continue
        if not can_approve_minutes(user, meeting.council):
            continue
        tasks.append(Task(
            quoting(_("Godkend referatet fra %(title)s den %(date)s"),
                    {"title": meeting.title, "date": _day(meeting.start)}),
            reverse("meetings:member-meeting", args=[meeting.pk]), None, Urgency.HIGH,
            meeting.council.name, "minutes_to_approve"))
    answered = Attendance.objects.filter(person__user=user).values("meeting_id")
    for meeting in (Meeting.objects.filter(
            council__in=mine, status=Status.AGENDA_PUBLISHED, start__gte=now,
            start__lte=now + INVITATION_HORIZON).exclude(pk__in=answered)
            .select_related("council")):
        tasks.append(Task(
            quoting(_("Meld, om du kommer til %(title)s den %(date)s"),
                    {"title": meeting.title, "date": _day(meeting.start)}),
            reverse("meetings:member-meeting", args=[meeting.pk]), meeting.start,
            urgency_for(meeting.start, soon=dt.timedelta(days=7)),
            meeting.council.name, "attendance"))
    return tasks


def _written_round_task(user: Any, meeting: Meeting) -> list[Task]:
    """A written round on the minutes this member has not answered (issue 12): approve or
    object before the deadline. Asked only for held minutes awaiting approval under a
    written rule (usually none), so the list's query count stays fixed."""
    from .approval import open_round, own_answer

    review = open_round(meeting)
    if (review is None or review.deadline is None or review.deadline <= timezone.now()
            or not can_answer_minutes_round(user, meeting.council)
            or own_answer(review, roles_in(user, meeting.council).person) is not None):
        return []
    return [Task(
        quoting(_("Godkend referatet fra %(title)s den %(date)s, eller gør indsigelse"),
        {"title": meeting.title, "date": _day(meeting.start)}),
        reverse("meetings:member-meeting", args=[meeting.pk]), review.deadline,
        urgency_for(review.deadline), meeting.council.name, "minutes_written_round")]
