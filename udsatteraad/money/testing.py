"""Test helpers for the money (tests/test_money_*.py, the access matrix, the browser test):
rates, a held meeting with recorded attendance, a receipt, the claim form's fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from udsatteraad.councils.models import Authority, Council, Person, TermsOfReference
from udsatteraad.meetings.models import Attendance, Meeting

from .models import KilometreRate, Rates, TransportKind

# The smallest file the upload check takes for a PNG photo.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def small_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def set_rates(authority: Authority, year: int, *, per_diem: str = "450.00",
              basis: str = Rates.Basis.PER_MEETING, car_high: str = "3.94",
              car_low: str = "2.28", bicycle: str = "0.60") -> Rates:
    rates, _ = Rates.objects.update_or_create(
        authority=authority, year=year,
        defaults={"per_diem": Decimal(per_diem), "per_diem_basis": basis})
    for kind, value in ((TransportKind.CAR_HIGH, car_high), (TransportKind.CAR_LOW, car_low),
                        (TransportKind.BICYCLE, bicycle)):
        KilometreRate.objects.update_or_create(rates=rates, kind=kind,
                                               defaults={"per_km": Decimal(value)})
    return rates


def set_per_diem_rule(council: Council, rule: str) -> None:
    TermsOfReference.objects.filter(council=council).update(per_diem_rule=rule)


def past_day(days: int = 10) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def held_meeting(council: Council, day: dt.date, *, present: Sequence[Person] = (),
                 apologies: Sequence[Person] = (), title: str = "Rådsmøde",
                 hours: int = 3) -> Meeting:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 0)))
    meeting = Meeting.objects.create(council=council, title=title, start=start,
                                     end=start + dt.timedelta(hours=hours),
                                     status=Meeting.Status.HELD)
    for person in present:
        Attendance.objects.create(meeting=meeting, person=person,
                                  status=Attendance.Status.PRESENT)
    for person in apologies:
        Attendance.objects.create(meeting=meeting, person=person,
                                  status=Attendance.Status.APOLOGY)
    return meeting


def claim_fields(**over) -> dict:
    data = {"day": past_day().isoformat(), "meeting": "", "activity": "Temadag om boliger",
            "from_place": "Hjemme", "to_place": "Rådhuset", "transport": TransportKind.CAR_HIGH,
            "kilometres": "42", "expenses": "", "expenses_note": ""}
    data.update(over)
    return data
