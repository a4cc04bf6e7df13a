"""Demo of the council rules in the meeting cycle (issue 12), called by `manage.py load_demo`:
Randers' council gets a quorum rule, urgent items taken up by the chair and written approval
of the minutes where its rules of procedure say nothing else; a meeting held three days ago
has its attendance (one apology, quorate), an urgent item taken up at the meeting, and its
minutes in a written round that the demo member Mads Påhitsen has not answered yet (see
/mine/). The people are the council file's fictitious members. Safe to run again: the meeting
is found by council and title."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from udsatteraad.councils.models import Council, Membership, RulesOfProcedure
from udsatteraad.councils.procedure import RulesOfProcedure as Rules

from .models import AgendaItem, Attendance, Meeting, MinutesReview

TITLE = "Udsatterådet, ordinært møde (skriftlig godkendelse af referatet)"
ITEMS = [
    ("Godkendelse af dagsorden og tidsplan", "Godkendt", {}),
    ("Opfølgning på dialogmødet med Socialudvalget",
     "Rådet tog orienteringen til efterretning og beder sekretariatet sende rådets tre "
     "anbefalinger til udvalget.", {}),
    ("Værestedernes åbningstider i vinterferien",
     "Rådet anbefaler, at mindst ét værested holder aftenåbent i hele ferien.",
     {"urgent": True, "urgent_decided_by": "chair"}),
    ("Eventuelt", "Intet.", {}),
]
APOLOGY = "jens.attrapsen@randers.example"


def _rules(council: Council) -> None:
    """Only rules the council's file leaves at their defaults are set for the demo."""
    rules, _created = RulesOfProcedure.objects.get_or_create(council=council)
    fields = []
    if rules.quorum_numerator is None:
        rules.quorum_numerator, rules.quorum_denominator = 1, 2
        fields += ["quorum_numerator", "quorum_denominator"]
    if not rules.urgent_items:
        rules.urgent_items = Rules.UrgentItems.CHAIR
        fields.append("urgent_items")
    if rules.minutes_approval == Rules.MinutesApproval.CHAIR:
        rules.minutes_approval = Rules.MinutesApproval.WRITTEN
        rules.minutes_written_days = rules.minutes_written_days or 5
        fields += ["minutes_approval", "minutes_written_days"]
    if fields:
        rules.save(update_fields=[*fields, "modified"])


def load(*, secretary=None) -> Meeting | None:
    council = Council.objects.filter(slug="randers").first()
    if council is None:
        return None
    with transaction.atomic():
        _rules(council)
        meeting = Meeting.objects.filter(council=council, title=TITLE).first()
        if meeting is not None:
            return meeting
        day = timezone.localdate() - dt.timedelta(days=3)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))
        meeting = Meeting.objects.create(
            council=council, title=TITLE, start=start, end=start + dt.timedelta(hours=2),
            location="Mødelokale C.3.10, Laksetorvet", status=Meeting.Status.HELD,
            agenda_published_at=start - dt.timedelta(days=8))
        for n, (title, decision, extra) in enumerate(ITEMS, start=1):
            item = AgendaItem.objects.create(meeting=meeting, number=n, position=n, title=title,
                                             decision=decision, **extra)
            if extra.get("urgent"):
                # Taken up at the meeting: created after it began.
                AgendaItem.objects.filter(pk=item.pk).update(
                    created=start + dt.timedelta(minutes=5))
        for m in (Membership.objects.filter(council=council, is_substitute=False)
                  .active_on(day).select_related("person")):
            status = (Attendance.Status.APOLOGY if m.person.email == APOLOGY
                      else Attendance.Status.PRESENT)
            Attendance.objects.get_or_create(meeting=meeting, person=m.person,
                                             defaults={"status": status})
        if council.rules().minutes_approval == Rules.MinutesApproval.WRITTEN:
            MinutesReview.objects.create(
                meeting=meeting, kind=MinutesReview.Kind.REQUESTED, user=secretary,
                deadline=timezone.now() + dt.timedelta(
                    days=council.rules().minutes_written_days or 5))
        return meeting
