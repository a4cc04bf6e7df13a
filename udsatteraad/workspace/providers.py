"""Task providers of the apps whose `pending_for` answers rows rather than Tasks: inquiries to
screen, hearings, easy-read versions and posters. Kept here, beside the registry, so those apps
need not know the workspace exists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.easyread import distribution as easy_read
from udsatteraad.hearings import pending as hearings
from udsatteraad.inquiries import actions as inquiries

from .task import Task, Urgency, urgency_for


def _end_of(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def inquiry_tasks(council: Any) -> list[Task]:
    rows = list(inquiries.pending_for(council)[:50])
    # Screened within a week of arriving: a citizen waits for the acknowledgement's promise.
    week = dt.timedelta(days=7)
    return [Task(
        title=_("Vurder henvendelse modtaget %(day)s") % {
            "day": timezone.localtime(i.received).strftime("%d.%m.%Y")},
        url=reverse("inquiries:detail", args=[council.slug, i.pk]),
        due=i.received + week, urgency=urgency_for(i.received + week),
        council=council.name, kind="inquiry_to_screen") for i in rows]


def hearing_tasks(council: Any) -> list[Task]:
    return [Task(
        title=_("Høring: %(title)s") % {"title": h.title},
        url=reverse("hearings:workspace", args=[council.slug, h.pk]),
        due=_end_of(h.deadline), urgency=urgency_for(_end_of(h.deadline)),
        council=council.name, kind="hearing") for h in hearings.pending_for(council)[:50]]


def easy_read_tasks(council: Any) -> list[Task]:
    pending = easy_read.pending_for(council)
    tasks = [Task(
        title=_("Skriv den lette udgave af referatet fra %(day)s") % {
            "day": timezone.localtime(m.start).strftime("%d.%m.%Y")},
        url=reverse("easyread:editor", args=[council.slug, m.pk]),
        urgency=Urgency.LOW, council=council.name, kind="easy_read")
        for m in pending["without_easy_read"][:20]]
    batches = {p.batch_id: p for p in pending["posters_not_put_up"][:200]}
    tasks += [Task(
        title=_("Notér, hvor plakaterne er hængt op"),
        url=reverse("easyread:batch", args=[council.slug, batch_id]),
        urgency=Urgency.LOW, council=council.name, kind="posters") for batch_id in batches]
    return tasks


def hearing_person_tasks(user: Any) -> list[Task]:
    tasks = [Task(
        title=_("Kommentér høringen: %(title)s") % {"title": h.title},
        url=reverse("hearings:member-hearing", args=[h.pk]),
        due=_end_of(h.deadline), urgency=urgency_for(_end_of(h.deadline)),
        council=h.council.name, kind="hearing_to_comment")
        for h in hearings.pending_for_person(user)[:50]]
    tasks += [Task(
        title=_("Godkend høringssvaret: %(title)s") % {"title": h.title},
        url=reverse("hearings:member-hearing", args=[h.pk]),
        due=_end_of(h.deadline), urgency=Urgency.HIGH,
        council=h.council.name, kind="hearing_to_approve")
        for h in hearings.approvals_for_person(user)]
    return tasks
