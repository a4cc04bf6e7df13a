"""Task providers of the apps whose `pending_for` answers rows rather than Tasks: inquiries to
screen, hearings, easy-read versions and posters, imported documents to review. Kept here,
beside the registry, so those apps need not know the workspace exists. Each takes a list of
councils and costs a fixed number of queries however many councils a secretary serves (the
navigation counts them on every page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from udsatteraad.easyread.models import Posting
from udsatteraad.hearings import pending as hearings
from udsatteraad.hearings.models import Hearing
from udsatteraad.imports.models import ImportDocument
from udsatteraad.inquiries.models import Inquiry
from udsatteraad.meetings.models import Meeting
from udsatteraad.termcycle.models import Election, Nomination
from udsatteraad.yearplan.models import OpenDuty

from .task import Task, Urgency, quoting, urgency_for

# Screened within a week of arriving: the acknowledgement promises an answer soon.
SCREEN_WITHIN = dt.timedelta(days=7)
LIMIT = 50


def _end_of(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def _day(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime("%d.%m.%Y")


def inquiry_tasks(councils: Any) -> list[Task]:
    rows = (Inquiry.objects.filter(council__in=councils).to_screen()
            .select_related("council").order_by("received")[:LIMIT])
    return [Task(
        title=_("Vurder henvendelse modtaget %(day)s") % {"day": _day(i.received)},
        url=reverse("inquiries:detail", args=[i.council.slug, i.pk]),
        due=i.received + SCREEN_WITHIN, urgency=urgency_for(i.received + SCREEN_WITHIN),
        council=i.council.name, kind="inquiry_to_screen") for i in rows]


def hearing_tasks(councils: Any) -> list[Task]:
    """As `hearings.pending.pending_for`, for several councils: each council's own reminder
    days decide what is near."""
    today = timezone.localdate()
    rows = (Hearing.objects.filter(council__in=councils)
            .filter(Q(status__in=[Hearing.Status.RECEIVED, Hearing.Status.APPROVED])
                    | Q(status=Hearing.Status.SENT, published_at__isnull=True)
                    | Q(status__in=Hearing.COMMENTABLE))
            .select_related("council__rules_of_procedure").by_deadline()[:200])
    tasks = []
    for h in rows:
        if h.status in Hearing.COMMENTABLE:
            near = today + dt.timedelta(days=h.council.rules().hearing_reminder_days)
            if h.deadline is None or h.deadline > near:
                continue
        tasks.append(Task(
            title=quoting(_("Høring: %(title)s"), {"title": h.title}),
            url=reverse("hearings:workspace", args=[h.council.slug, h.pk]),
            due=_end_of(h.deadline), urgency=urgency_for(_end_of(h.deadline)),
            council=h.council.name, kind="hearing"))
    return tasks[:LIMIT]


def easy_read_tasks(councils: Any) -> list[Task]:
    meetings = (Meeting.objects.filter(council__in=councils,
                                       status=Meeting.Status.MINUTES_PUBLISHED,
                                       easy_read_published_at__isnull=True)
                .select_related("council").order_by("-start")[:20])
    tasks = [Task(
        title=_("Skriv den lette udgave af referatet fra %(day)s") % {"day": _day(m.start)},
        url=reverse("easyread:editor", args=[m.council.slug, m.pk]),
        urgency=Urgency.LOW, council=m.council.name, kind="easy_read") for m in meetings]
    batches = (Posting.objects.filter(batch__council__in=councils, put_up_at__isnull=True)
               .values_list("batch_id", "batch__council__slug", "batch__council__name")
               .distinct().order_by("batch_id")[:20])
    tasks += [Task(
        title=_("Notér, hvor plakaterne er hængt op"),
        url=reverse("easyread:batch", args=[slug, batch_id]),
        urgency=Urgency.LOW, council=name, kind="posters") for batch_id, slug, name in batches]
    return tasks


def hearing_person_tasks(user: Any) -> list[Task]:
    tasks = [Task(
        title=quoting(_("Kommentér høringen: %(title)s"), {"title": h.title}),
        url=reverse("hearings:member-hearing", args=[h.pk]),
        due=_end_of(h.deadline), urgency=urgency_for(_end_of(h.deadline)),
        council=h.council.name, kind="hearing_to_comment")
        for h in hearings.pending_for_person(user)[:LIMIT]]
    tasks += [Task(
        title=quoting(_("Godkend høringssvaret: %(title)s"), {"title": h.title}),
        url=reverse("hearings:member-hearing", args=[h.pk]),
        due=_end_of(h.deadline), urgency=Urgency.HIGH,
        council=h.council.name, kind="hearing_to_approve")
        for h in hearings.approvals_for_person(user)]
    return tasks


def import_review_tasks(councils: Any) -> list[Task]:
    """Documents of an archive import that wait for the secretariat's review (no date, no
    items, or personal data found): one task per batch."""
    rows = (ImportDocument.objects.filter(batch__council__in=councils,
                                          status=ImportDocument.Status.REVIEW)
            .values("batch_id", "batch__created", "batch__council__slug",
                    "batch__council__name")
            .annotate(n=Count("id")).order_by("batch_id")[:20])
    return [Task(
        title=ngettext("Gennemse %(n)d dokument fra arkivimporten %(day)s",
                       "Gennemse %(n)d dokumenter fra arkivimporten %(day)s", r["n"])
        % {"n": r["n"], "day": _day(r["batch__created"])},
        url=reverse("imports:batch", args=[r["batch__council__slug"], r["batch_id"]]),
        urgency=Urgency.LOW, council=r["batch__council__name"], kind="import_review")
        for r in rows]


def plan_duty_tasks(councils: Any) -> list[Task]:
    """Duties of the terms of reference due soon and not yet planned (kept by the periodic job
    and by every change to the plan: yearplan/reminders.py)."""
    rows = (OpenDuty.objects.filter(council__in=councils).select_related("council")
            .order_by("due")[:LIMIT])
    return [Task(
        title=_("Planlæg: %(duty)s (%(year)s)") % {"duty": d.label, "year": d.year},
        url=reverse("yearplan:plan-year", args=[d.council.slug, d.year]),
        due=_end_of(d.due), urgency=urgency_for(_end_of(d.due)),
        council=d.council.name, kind="plan_duty") for d in rows]


def term_change_tasks(councils: Any) -> list[Task]:
    """Nominations answered and waiting for the secretariat's confirmation; elections held
    (their day has passed) and not yet decided."""
    today = timezone.localdate()
    answered = (Nomination.objects.filter(council__in=councils).answered()
                .select_related("council", "organisation").order_by("answered_at")[:LIMIT])
    tasks = [Task(
        title=quoting(_("Bekræft indstillingen fra %(org)s"), {"org": n.organisation.name},
                      danish=("org",)),
        url=reverse("termcycle:overview", args=[n.council.slug]) + f"?periode={n.term_id}",
        urgency=Urgency.NORMAL, council=n.council.name, kind="nomination") for n in answered]
    held = (Election.objects.filter(council__in=councils, date__lt=today)
            .exclude(status=Election.Status.DECIDED).select_related("council", "seat_group")
            .order_by("date")[:LIMIT])
    tasks += [Task(
        title=quoting(_("Skriv resultatet af valget: %(seat)s"), {"seat": e.seat_group.name},
                      danish=("seat",)),
        url=reverse("termcycle:election", args=[e.council.slug, e.pk]),
        urgency=Urgency.HIGH, council=e.council.name, kind="election") for e in held]
    return tasks
# Money (issue 14) -------------------------------------------------------------------------


def money_tasks(councils: Any) -> list[Task]:
    """Travel claims to approve and per-diems of held meetings to approve (the council's own
    secretaries see these pages; an administrator's list has no councils here)."""
    from udsatteraad.money import compute

    tasks = [Task(
        title=_("Godkend befordringskrav fra %(name)s") % {"name": c.person.name},
        url=reverse("money:claim", args=[c.council.slug, c.pk]),
        urgency=Urgency.NORMAL, council=c.council.name, kind="claim_to_approve")
        for c in compute.awaiting_claims(councils)[:LIMIT]]
    tasks += [Task(
        title=_("Godkend diæterne for mødet %(day)s") % {"day": _day(m.start)},
        url=reverse("money:per-diem-meeting", args=[m.council.slug, m.pk]),
        urgency=Urgency.NORMAL, council=m.council.name, kind="per_diems_to_approve")
        for m in compute.meetings_awaiting_per_diems(councils)[:LIMIT]]
    return tasks


def money_person_tasks(user: Any) -> list[Task]:
    """Claims the secretariat sent back to the member."""
    from udsatteraad.money import compute

    person = getattr(user, "person", None)
    if person is None:
        return []
    return [Task(
        title=_("Ret dit krav for %(day)s: sendt retur") % {
            "day": c.day.strftime("%d.%m.%Y")},
        url=reverse("money:member-claim", args=[c.pk]),
        urgency=Urgency.HIGH, council=c.council.name, kind="claim_returned")
        for c in compute.returned_claims(person)[:LIMIT]]
