"""What the money pages compute and never store: the per-diems a held meeting gives, the
amount of a trip, and a budget year's overview (budget, booked, approved-but-unpaid, left)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Membership, Person, TermsOfReference
from udsatteraad.lib.amounts import to_ore
from udsatteraad.meetings.models import Attendance, Meeting

from .models import (
    PER_KILOMETRE,
    ZERO,
    Booking,
    BudgetLine,
    LineKind,
    PerDiem,
    Rates,
    TransportKind,
    TravelClaim,
    total,
)
from .rules import per_diem_entitled

# Meetings that took place: per-diems are computed from their recorded attendance.
HELD = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED, Meeting.Status.MINUTES_PUBLISHED)
# A trip longer than this (a return trip across Denmark and back twice) is a typing error.
MAX_KILOMETRES = Decimal("2000")


def rates_for(council: Council, year: int) -> Rates | None:
    return (Rates.objects.filter(authority_id=council.authority_id, year=year)
            .prefetch_related("kilometre_rates").first())


# Travel claims -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TripAmount:
    per_km: Decimal
    mileage: Decimal
    expenses: Decimal
    total: Decimal


def trip_amount(council: Council, day: dt.date, transport: str, kilometres: Decimal,
                expenses: Decimal) -> TripAmount:
    """The amount of a trip by the authority's kilometre rate of the trip's year, rounded to
    øre; a ValidationError (Danish) when the distance is impossible or no rate is set."""
    if kilometres < 0:
        raise ValidationError({"kilometres": _("Antal kilometer kan ikke være negativt.")})
    if kilometres > MAX_KILOMETRES:
        raise ValidationError({"kilometres": _(
            "%(km)s km er ikke en tur til et møde. Skriv den samlede strækning frem og tilbage "
            "i kilometer (højst %(max)s km).") % {"km": kilometres, "max": MAX_KILOMETRES}})
    if expenses < 0:
        raise ValidationError({"expenses": _("Udlæg kan ikke være negative.")})
    per_km = ZERO
    if transport in PER_KILOMETRE:
        if kilometres == 0:
            raise ValidationError({"kilometres": _(
                "Skriv hvor mange kilometer, du har kørt, eller vælg en anden transport.")})
        rates = rates_for(council, day.year)
        rate = rates.per_km(transport) if rates else None
        if rate is None:
            raise ValidationError({"transport": _(
                "%(authority)s har ikke fastsat en kilometersats for %(kind)s i %(year)s. "
                "Kontakt sekretariatet.") % {
                    "authority": council.authority.name,
                    "kind": TransportKind(transport).label.lower(), "year": day.year}})
        per_km = rate
    elif kilometres:
        raise ValidationError({"kilometres": _(
            "Kilometer godtgøres kun for kørsel i egen bil, på motorcykel eller cykel. "
            "Billetter skrives som udlæg.")})
    mileage = to_ore(kilometres * per_km)
    expenses = to_ore(expenses)
    if mileage + expenses <= 0:
        raise ValidationError(_("Kravet er på 0 kr. Skriv kilometer eller udlæg."))
    return TripAmount(per_km, mileage, expenses, mileage + expenses)


# Per-diems --------------------------------------------------------------------------------


@dataclass
class PerDiemLine:
    person: Person
    membership: Membership | None
    entitled: bool
    reason: str
    days: int = 1
    amount: Decimal = ZERO
    approved: PerDiem | None = None


def meeting_days(meeting: Meeting) -> list[dt.date]:
    first = timezone.localdate(meeting.start)
    last = timezone.localdate(meeting.end) if meeting.end else first
    return [first + dt.timedelta(days=n) for n in range(max(0, (last - first).days) + 1)][:31]


def per_diem_lines(meeting: Meeting) -> tuple[list[PerDiemLine], str]:
    """One line per member recorded present at a held meeting, by the council's rule and the
    authority's rate of the meeting's year; and a Danish problem that stops approval ("" if
    none). Lines already approved carry their PerDiem."""
    council = meeting.council
    day = timezone.localdate(meeting.start)
    approved = {p.person_id: p for p in PerDiem.objects.filter(meeting=meeting)}
    present = (Attendance.objects.filter(meeting=meeting, person__isnull=False,
                                         kind=Attendance.Kind.MEMBER,
                                         status=Attendance.Status.PRESENT)
               .select_related("person").order_by("person__name"))
    rates = rates_for(council, day.year)
    problem = ""
    if meeting.status not in HELD:
        problem = _("Mødet er ikke afholdt endnu.")
    elif rates is None:
        problem = _("%(authority)s' takster for %(year)s er ikke indtastet.") % {
            "authority": council.authority.name, "year": day.year}
    days = meeting_days(meeting)
    lines = []
    for row in present:
        person = row.person
        assert person is not None
        membership = (Membership.objects.filter(council=council, person=person).active_on(day)
                      .select_related("seat_group", "council__authority", "term").first())
        if membership is None:
            lines.append(PerDiemLine(person, None, False,
                                     _("Var ikke medlem af rådet på mødedagen.")))
            continue
        entitled, reason = per_diem_entitled(membership, day)
        line = PerDiemLine(person, membership, entitled, reason, approved=approved.get(person.pk))
        if entitled and rates is not None:
            if rates.per_diem_basis == Rates.Basis.PER_DAY:
                paid = set(PerDiem.objects.filter(person=person, day__in=days)
                           .exclude(meeting=meeting).values_list("day", flat=True))
                line.days = len([d for d in days if d not in paid])
                if not line.days:
                    line.entitled = False
                    line.reason = _("Diæten for dagen er godkendt ved et andet møde.")
            line.amount = to_ore(rates.per_diem * line.days)
        if line.approved is not None:
            line.amount, line.days = line.approved.amount, line.approved.days
        lines.append(line)
    return lines, problem


def meetings_awaiting_per_diems(councils) -> list[Meeting]:
    """Held meetings of a council with per-diems to approve: the terms give per-diems on the
    meeting day, members were recorded present, and none is approved yet (in the last year)."""
    # Within the last year: meetings held before the council used this (imported minutes)
    # are not work waiting for anyone.
    since = timezone.now() - dt.timedelta(days=365)
    held = (Meeting.objects.filter(council__in=councils, status__in=HELD, start__gte=since,
                                       attendance__status=Attendance.Status.PRESENT,
                                       attendance__person__isnull=False)
                .exclude(per_diems__isnull=False).distinct()
                .select_related("council").order_by("-start")[:50])
    meetings = list(held)
    if not meetings:
        return []
    # The terms of all their councils in one query (the navigation counts these on each page).
    terms: dict[int, list[TermsOfReference]] = {}
    for t in TermsOfReference.objects.filter(
            council_id__in={m.council_id for m in meetings}).order_by("-adopted_on", "-version"):
        terms.setdefault(t.council_id, []).append(t)
    out = []
    for m in meetings:
        day = timezone.localdate(m.start)
        versions = terms.get(m.council_id, [])
        # As Council.current_terms: the newest adopted on or before the day, else the newest.
        in_force = next((t for t in versions if t.adopted_on and t.adopted_on <= day), None) or (
            max(versions, key=lambda t: t.version) if versions else None)
        if in_force and in_force.per_diem_rule != TermsOfReference.PerDiemRule.NONE:
            out.append(m)
    return out


# The budget overview ----------------------------------------------------------------------


@dataclass
class Row:
    kind: str
    label: str
    budget: Decimal = ZERO
    booked: Decimal = ZERO
    unpaid: Decimal = ZERO
    pending: Decimal = ZERO

    @property
    def left(self) -> Decimal:
        return self.budget - self.booked - self.unpaid

    @property
    def overspent(self) -> bool:
        return self.left < 0

    @property
    def will_overspend(self) -> bool:
        """Overspent once the claims awaiting approval are approved."""
        return not self.overspent and self.left - self.pending < 0


@dataclass
class Overview:
    year: int
    rows: list[Row] = field(default_factory=list)

    @property
    def totals(self) -> Row:
        t = Row("total", _("I alt"))
        for r in self.rows:
            t.budget += r.budget
            t.booked += r.booked
            t.unpaid += r.unpaid
            t.pending += r.pending
        return t

    @property
    def warnings(self) -> list[str]:
        out = []
        for r in self.rows:
            if r.overspent:
                out.append(_("%(line)s er overskredet med %(amount)s.") % {
                    "line": r.label, "amount": _kr(-r.left)})
            elif r.will_overspend:
                out.append(_("%(line)s bliver overskredet, hvis krav til %(amount)s, der "
                             "afventer godkendelse, godkendes.") % {
                    "line": r.label, "amount": _kr(r.pending)})
        return out


def _kr(value: Decimal) -> str:
    from udsatteraad.lib.amounts import kroner

    return kroner(value)


def overview(council: Council, year: int) -> Overview:
    budget = {line.kind: line.amount for line in BudgetLine.objects.filter(
        budget__council=council, budget__year=year)}
    rows = {kind: Row(kind, str(label), budget=budget.get(kind, ZERO))
            for kind, label in LineKind.choices}
    for kind, amount in (Booking.objects.filter(council=council, day__year=year)
                         .values("kind").annotate(s=Sum("amount")).values_list("kind", "s")):
        rows[kind].booked += amount or ZERO
    per_diems = PerDiem.objects.filter(council=council, day__year=year)
    rows[LineKind.PER_DIEMS].booked += total(per_diems.filter(export__isnull=False))
    rows[LineKind.PER_DIEMS].unpaid += total(per_diems.filter(export__isnull=True))
    claims = TravelClaim.objects.filter(council=council, day__year=year)
    approved = claims.filter(status=TravelClaim.Status.APPROVED)
    rows[LineKind.TRANSPORT].booked += total(approved.filter(export__isnull=False))
    rows[LineKind.TRANSPORT].unpaid += total(approved.filter(export__isnull=True))
    rows[LineKind.TRANSPORT].pending += total(claims.filter(status=TravelClaim.Status.SUBMITTED))
    return Overview(year, list(rows.values()))


def exportable(council: Council, start: dt.date, end: dt.date):
    """The approved per-diems and claims of a period not exported before."""
    per_diems = (PerDiem.objects.filter(council=council, export__isnull=True,
                                        day__gte=start, day__lte=end)
                 .select_related("person", "meeting", "approved_by"))
    claims = (TravelClaim.objects.filter(council=council, export__isnull=True,
                                         status=TravelClaim.Status.APPROVED,
                                         day__gte=start, day__lte=end)
              .select_related("person", "meeting", "decided_by"))
    return per_diems, claims


def awaiting_claims(councils):
    return (TravelClaim.objects.filter(council__in=councils,
                                       status=TravelClaim.Status.SUBMITTED)
            .select_related("council", "person").order_by("created"))


def returned_claims(person: Person):
    return (TravelClaim.objects.filter(person=person, status=TravelClaim.Status.RETURNED)
            .select_related("council").order_by("-decided_at"))

