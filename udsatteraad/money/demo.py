"""The demo's money (called by `manage.py load_demo`; safe to run again: rows are found by
their natural keys and nothing is made twice).

- Rates for 2026 (and the current year) for the four demo authorities. The real rates are set
  by each authority every year (the kilometre rates usually follow the state's rates); these
  are plausible examples, not the authorities' decisions.
- A budget for each council: Ishøj's 25,000 kr. from its terms of reference split on the
  lines; the other amounts are invented.
- Ishøj (per-diems to members who do not sit on the municipal council): a held meeting with
  recorded attendance whose per-diems wait for the secretariat's approval, and a booking.
- Randers: the demo member Mads Påhitsen's travel claims, one waiting for approval and one
  returned with a reason, and his payroll number.
All persons are the seeds' fictitious members.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from udsatteraad.councils.models import Authority, Council, Membership, Person
from udsatteraad.meetings.models import Attendance, Meeting

from . import actions
from .models import (
    Booking,
    Budget,
    KilometreRate,
    PayrollReference,
    Rates,
    TransportKind,
    TravelClaim,
)

# Per authority: per-diem (kr.), basis, kilometre rates (kr. per km). Examples only: the
# authority sets its own rates each year.
RATES = {
    "region-midtjylland": ("0.00", Rates.Basis.PER_MEETING,
                           {"car_high": "3.94", "car_low": "2.28", "bicycle": "0.60"}),
    "region-hovedstaden": ("0.00", Rates.Basis.PER_MEETING,
                           {"car_high": "3.94", "car_low": "2.28"}),
    "ishoej": ("500.00", Rates.Basis.PER_MEETING,
               {"car_high": "3.94", "car_low": "2.28", "bicycle": "0.60"}),
    "randers": ("0.00", Rates.Basis.PER_MEETING,
                {"car_high": "3.94", "car_low": "2.28", "motorcycle": "1.55",
                 "bicycle": "0.60"}),
}
# Per council: budget lines (kr.).
BUDGETS = {
    "ishoej": {"per_diems": "8000", "catering": "6000", "transport": "3000", "events": "7000",
               "other": "1000"},
    "randers": {"per_diems": "0", "catering": "12000", "transport": "8000", "events": "10000",
                "other": "2000"},
    "region-midtjylland": {"per_diems": "0", "catering": "40000", "transport": "60000",
                           "events": "50000", "other": "10000"},
    "region-hovedstaden": {"per_diems": "0", "catering": "45000", "transport": "70000",
                           "events": "60000", "other": "15000"},
}
ISHOEJ_MEETING = "Rådsmøde i Udsatterådet (demo: diæter til godkendelse)"


def _authority_rates(authority: Authority, year: int, values: tuple) -> None:
    per_diem, basis, per_km = values
    rates, _ = Rates.objects.get_or_create(
        authority=authority, year=year,
        defaults={"per_diem": Decimal(per_diem), "per_diem_basis": basis,
                  "note": "Demo: eksempel på takster; myndigheden fastsætter dem hvert år."})
    for kind, value in per_km.items():
        KilometreRate.objects.get_or_create(rates=rates, kind=kind,
                                            defaults={"per_km": Decimal(value)})


def _ishoej(council: Council, secretary: Any, today: dt.date) -> None:
    if not Meeting.objects.filter(council=council, title=ISHOEJ_MEETING).exists():
        start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=14),
                                                        dt.time(16, 0)))
        meeting = Meeting.objects.create(
            council=council, title=ISHOEJ_MEETING, start=start,
            end=start + dt.timedelta(hours=2), status=Meeting.Status.HELD,
            location="Ishøj Rådhus")
        for i, m in enumerate(Membership.objects.filter(council=council).current()
                              .select_related("person").order_by("pk")):
            status = Attendance.Status.APOLOGY if i % 4 == 3 else Attendance.Status.PRESENT
            Attendance.objects.create(meeting=meeting, person=m.person, status=status)
        Booking.objects.create(council=council, kind="catering", day=start.date(),
                               description="Sandwich og kaffe til rådsmødet",
                               amount=Decimal("1240.00"), meeting=meeting, created_by=secretary)


def _randers(council: Council, secretary: Any, today: dt.date) -> None:
    person = Person.objects.filter(email="mads.paahitsen@randers.example").first()
    if person is None or person.user is None or TravelClaim.objects.filter(person=person).exists():
        return
    day = today - dt.timedelta(days=6)
    actions.file_claim(council=council, person=person, acting_user=person.user, receipts=[],
                       data={"day": day, "activity": "Temadag om hjemløshed, Aarhus",
                             "from_place": "Randers", "to_place": "Aarhus",
                             "transport": TransportKind.CAR_HIGH,
                             "kilometres": Decimal("84"), "expenses": Decimal("60"),
                             "expenses_note": "Parkering"})
    returned = actions.file_claim(
        council=council, person=person, acting_user=person.user, receipts=[],
        data={"day": day - dt.timedelta(days=20), "activity": "Besøg på værestedet",
              "from_place": "Randers C", "to_place": "Randers NV",
              "transport": TransportKind.BICYCLE, "kilometres": Decimal("140")})
    actions.decide_claim(claim=returned, approve=False, acting_user=secretary,
                         reason="140 km på cykel inden for Randers? Tjek antal kilometer.")
    if not PayrollReference.objects.filter(person=person).exists():
        actions.set_payroll_reference(council=council, person=person, reference="DEMO-10042",
                                      acting_user=secretary)


def load_demo_money(*, secretary_for: dict[str, Any]) -> None:
    today = timezone.localdate()
    for slug, values in RATES.items():
        council = Council.objects.filter(slug=slug).select_related("authority").first()
        if council is None:
            continue
        for year in {2026, today.year}:
            _authority_rates(council.authority, year, values)
        for year in {2026, today.year}:
            if not Budget.objects.filter(council=council, year=year).exists():
                actions.save_budget(council=council, year=year, note="Demo",
                                    amounts={k: Decimal(v) for k, v in BUDGETS[slug].items()},
                                    acting_user=secretary_for[slug])
    ishoej = Council.objects.filter(slug="ishoej").first()
    if ishoej is not None:
        _ishoej(ishoej, secretary_for["ishoej"], today)
    randers = Council.objects.filter(slug="randers").select_related("authority").first()
    if randers is not None:
        _randers(randers, secretary_for["randers"], today)
