"""The figures of a status report or evaluation, computed from the records of a period:
meetings held against the terms of reference, attendance, items by focus area and target
group, hearing responses and statements, inquiries by topic (counts only), easy-read versions,
and budget use per year (totals only: money is personal data per person, so no person's claim
or per-diem is ever named).
Everything is counted in a fixed number of queries. The result is plain JSON, stored with the
report, so an approved report keeps the figures it was approved with."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q

from udsatteraad.councils.models import Council
from udsatteraad.hearings.models import Hearing
from udsatteraad.inquiries.models import Inquiry
from udsatteraad.meetings.models import AgendaItem, Attendance, Meeting
from udsatteraad.money.models import Booking, BudgetLine, PerDiem, TravelClaim

HELD = [Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED, Meeting.Status.MINUTES_PUBLISHED]


def _rows(pairs) -> list[list[Any]]:
    return [[str(label), int(n)] for label, n in pairs if n]


def budget_use(council: Council, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Per year of the period: the budget (the sum of its lines), what was spent in the part of
    the year the period covers (bookings, per-diems, approved travel claims: the sums of the
    money overview) and the share used. Empty when the council has no budget for those years.
    Four queries. Amounts are strings ("1234.50"), as JSON keeps them exactly."""
    years = range(start.year, end.year + 1)
    budget = {y: b for y, b in BudgetLine.objects.filter(
        budget__council=council, budget__year__in=list(years)).by_year().items() if b}
    if not budget:
        return []
    spent: dict[int, Decimal] = defaultdict(Decimal)
    for manager in (Booking.objects, PerDiem.objects, TravelClaim.objects):
        for year, amount in manager.filter(council=council).spent_by_year(start, end).items():
            spent[year] += amount
    rows = []
    for year in years:
        if year not in budget and not spent[year]:
            continue
        b, s = budget.get(year, Decimal("0.00")), spent[year]
        share = (int((100 * s / b).quantize(Decimal(1), rounding=ROUND_HALF_UP))
                 if b else None)
        rows.append({"year": year, "budget": f"{b:.2f}", "spent": f"{s:.2f}", "share": share,
                     "first": max(start, dt.date(year, 1, 1)).isoformat(),
                     "last": min(end, dt.date(year, 12, 31)).isoformat()})
    return rows


def compute(council: Council, start: dt.date, end: dt.date) -> dict[str, Any]:
    meetings = Meeting.objects.filter(council=council, status__in=HELD,
                                      start__date__gte=start, start__date__lte=end)
    by_kind = dict(meetings.values_list("kind").annotate(n=Count("id")))
    ordinary_by_year = dict(meetings.filter(kind=Meeting.Kind.ORDINARY)
                            .values_list("start__year").annotate(n=Count("id")))
    tor = council.current_terms(on=end)
    years = []
    for year in range(start.year, end.year + 1):
        years.append({"year": year, "held": ordinary_by_year.get(year, 0),
                      "min": tor.meetings_min if tor else None,
                      "max": tor.meetings_max if tor else None})
    attendance = Attendance.objects.filter(meeting__in=meetings, kind=Attendance.Kind.MEMBER)
    counted = attendance.aggregate(total=Count("id"),
                                   present=Count("id", filter=Q(status="present")))
    rate = round(100 * counted["present"] / counted["total"]) if counted["total"] else None
    items = AgendaItem.objects.filter(meeting__in=meetings)
    focus = (items.values_list("focus_areas__name").exclude(focus_areas__isnull=True)
             .annotate(n=Count("id")).order_by("-n", "focus_areas__name"))
    groups = (items.values_list("target_groups__name").exclude(target_groups__isnull=True)
              .annotate(n=Count("id")).order_by("-n", "target_groups__name"))
    sent = Hearing.objects.filter(council=council, sent_at__date__gte=start,
                                  sent_at__date__lte=end)
    statements = sent.filter(kind=Hearing.Kind.STATEMENT).count()
    topics = dict(Inquiry.objects.filter(council=council, received__date__gte=start,
                                         received__date__lte=end)
                  .values_list("topic").annotate(n=Count("id")))
    topic_labels = dict(Inquiry.Topic.choices)
    easy_read = Meeting.objects.filter(council=council, easy_read_published_at__date__gte=start,
                                       easy_read_published_at__date__lte=end).count()
    kind_labels = dict(Meeting.Kind.choices)
    return {
        "period": [start.isoformat(), end.isoformat()],
        "meetings_by_year": years,
        "meetings_by_kind": _rows((kind_labels.get(k, k), n) for k, n in by_kind.items()),
        "meetings_held": sum(by_kind.values()),
        "attendance_rate": rate,
        "items": items.count(),
        "items_by_focus_area": _rows(focus),
        "items_by_target_group": _rows(groups),
        "hearing_responses": sent.count() - statements,
        "statements": statements,
        "inquiries_by_topic": _rows((topic_labels.get(k, k), n) for k, n in topics.items()),
        "easy_read_versions": easy_read,
        "budget_use": budget_use(council, start, end),
    }
