"""Quorum (beslutningsdygtighed) from the recorded attendance, by the council's rules of
procedure (`RulesOfProcedure.is_quorate`), and the substitutes who may be called in for an
absent member (issue 12).

Kept free of the minutes module so the public projection can print the quorum sentence in
published minutes without an import cycle.

- seats: the seats of the terms of reference in force on the meeting day (a council with
  fewer members than seats is judged against its seats, as its rules say "halvdelen af
  medlemmerne");
- present: members marked present, plus substitutes called in for an absent member (the
  absent member does not count; a substitute for a member who turned up after all does not
  count twice);
- the chair: the chair or vice-chair marked present (a substitute does not take their role).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Membership, SeatGroup

from .models import Attendance, Meeting

# Shares as Danish documents write them; others as "3/5".
_SHARES = {
    Fraction(1, 2): "halvdelen", Fraction(1, 3): "en tredjedel",
    Fraction(2, 3): "to tredjedele", Fraction(1, 4): "en fjerdedel",
    Fraction(3, 4): "tre fjerdedele", Fraction(1, 1): "alle",
}


def share_words(fraction: Fraction) -> str:
    return _SHARES.get(fraction, f"{fraction.numerator}/{fraction.denominator}")


def _day(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.start)


def seated(meeting: Meeting):
    """The memberships that hold a seat on the meeting day (substitutes do not)."""
    return (Membership.objects.filter(council_id=meeting.council_id, is_substitute=False)
            .active_on(_day(meeting)))


def seats(meeting: Meeting) -> int:
    terms = meeting.council.current_terms(_day(meeting))
    total = 0
    if terms is not None:
        total = SeatGroup.objects.filter(terms_of_reference=terms).aggregate(
            n=Sum("seats"))["n"] or 0
    # Terms without seat groups: the council's members on the day are its seats.
    return total or seated(meeting).count()


@dataclass(frozen=True)
class Quorum:
    present: int
    seats: int
    quorate: bool
    fraction: Fraction
    strict: bool
    needs_chair: bool
    chair_present: bool

    def requirement(self) -> str:
        words = share_words(self.fraction)
        text = (_("kræver mere end %(share)s") if self.strict
                else _("kræver mindst %(share)s")) % {"share": words}
        if self.needs_chair:
            text += _(" og formanden eller næstformanden")
        return text

    def sentence(self, *, past: bool = False) -> str:
        facts = {"present": self.present, "seats": self.seats, "rule": self.requirement()}
        if past:
            if self.quorate:
                return _("Rådet var beslutningsdygtigt (%(present)s af %(seats)s til stede; "
                         "%(rule)s).") % facts
            return _("Rådet var ikke beslutningsdygtigt (%(present)s af %(seats)s til stede; "
                     "%(rule)s).") % facts
        if self.quorate:
            return _("Rådet er beslutningsdygtigt (%(present)s af %(seats)s til stede; "
                     "%(rule)s)") % facts
        return _("Rådet er ikke beslutningsdygtigt (%(present)s af %(seats)s til stede; "
                 "%(rule)s)") % facts


def quorum(meeting: Meeting, rows: list[Attendance] | None = None) -> Quorum | None:
    """The meeting's quorum from its attendance; None when the rules have no quorum rule.
    `rows`: the meeting's attendance rows, when already loaded."""
    rules = meeting.council.rules()
    if rules.quorum is None:
        return None
    if rows is None:
        rows = list(meeting.attendance.all())
    members = dict(seated(meeting).values_list("person_id", "role"))
    present_ids = {a.person_id for a in rows
                   if a.person_id and a.status == Attendance.Status.PRESENT
                   and a.kind == Attendance.Kind.MEMBER and a.substitute_for_id is None}
    present = {pid for pid in present_ids if pid in members}
    called_in = {a.substitute_for_id for a in rows
                 if a.substitute_for_id and a.status == Attendance.Status.PRESENT
                 and a.substitute_for_id in members and a.substitute_for_id not in present}
    count = len(present) + len(called_in)
    chair_present = any(members[pid] in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR)
                        for pid in present)
    total = seats(meeting)
    quorate = bool(rules.is_quorate(count, total, chair_present=chair_present))
    return Quorum(present=count, seats=total, quorate=quorate, fraction=rules.quorum,
                  strict=rules.quorum_strict, needs_chair=rules.quorum_includes_chair,
                  chair_present=chair_present)


def substitute_candidates(meeting: Meeting, absent: Membership) -> list[Membership]:
    """Who may be called in for an absent member: the personal deputy first, then the seat
    group's roster in rank order; only substitutes active on the meeting day and not already
    at the meeting."""
    day = _day(meeting)
    taken = set(meeting.attendance.exclude(person=None).values_list("person_id", flat=True))
    pool = (Membership.objects.filter(council_id=meeting.council_id, is_substitute=True)
            .active_on(day).exclude(person_id__in=taken).select_related("person"))
    order = (F("substitute_rank").asc(nulls_last=True), "person__name")
    deputies = list(pool.filter(deputy_for=absent).order_by(*order))
    roster = []
    if absent.seat_group.substitutes == SeatGroup.Substitutes.ROSTER:
        roster = list(pool.filter(seat_group_id=absent.seat_group_id, deputy_for=None)
                      .order_by(*order))
    seen: set[int] = set()
    found = []
    for m in deputies + roster:
        if m.person_id not in seen:
            seen.add(m.person_id)
            found.append(m)
    return found
