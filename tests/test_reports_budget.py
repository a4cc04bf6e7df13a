"""Budget use in a status report (issue 13 with issue 14): per year of the report's period the
budget, what was spent (bookings, per-diems, approved travel claims: the money overview's sums)
and the share used; on the page as a chart with a table, in the PDF; totals only, never a
person's claim; nothing at all for a council without a budget."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from udsatteraad.money.compute import overview
from udsatteraad.money.models import Booking, Budget, BudgetLine, PerDiem, TravelClaim
from udsatteraad.money.testing import held_meeting
from udsatteraad.reports.figures import budget_use, compute
from udsatteraad.reports.models import Report

pytestmark = pytest.mark.django_db

YEAR = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def claim(world, day: dt.date, amount: str, status: str, **kw) -> TravelClaim:
    return TravelClaim.objects.create(
        council=kw.pop("council", world.council), person=world.member.person, day=day,
        activity="Temadag om boliger", transport="none", expenses=Decimal(amount),
        amount=Decimal(amount), status=status, **kw)


@pytest.fixture
def money(world):
    """A 2026 budget of 20.000 kr. on two lines; a booking, an approved per-diem, an approved
    and a paid claim that count; a pending and a returned claim, a booking of 2025 and another
    council's claim that do not."""
    budget = Budget.objects.create(council=world.council, year=2026)
    BudgetLine.objects.create(budget=budget, kind="catering", amount=Decimal("12000.00"))
    BudgetLine.objects.create(budget=budget, kind="transport", amount=Decimal("8000.00"))
    Booking.objects.create(council=world.council, kind="catering", day=dt.date(2026, 3, 9),
                           description="Forplejning til rådsmødet", amount=Decimal("2500.00"))
    Booking.objects.create(council=world.council, kind="catering", day=dt.date(2025, 12, 31),
                           description="Julefrokost", amount=Decimal("999.00"))
    meeting = held_meeting(world.council, dt.date(2026, 3, 9), present=[world.member.person])
    PerDiem.objects.create(council=world.council, meeting=meeting, person=world.member.person,
                           day=dt.date(2026, 3, 9), amount=Decimal("450.00"),
                           approved_at=timezone.now())
    claim(world, dt.date(2026, 3, 9), "123.45", TravelClaim.Status.APPROVED)
    claim(world, dt.date(2026, 6, 8), "76.55", TravelClaim.Status.APPROVED)
    claim(world, dt.date(2026, 6, 8), "5000.00", TravelClaim.Status.SUBMITTED)
    claim(world, dt.date(2026, 6, 8), "7000.00", TravelClaim.Status.RETURNED)
    claim(world, dt.date(2026, 6, 8), "3000.00", TravelClaim.Status.APPROVED,
          council=world.other_council)
    return budget


def test_budget_use_counts_exactly_the_booked_and_approved(world, money):
    # 2.500 + 450 + 123,45 + 76,55 = 3.150 of 20.000: 15,75 % rounds to 16 %.
    assert budget_use(world.council, *YEAR) == [
        {"year": 2026, "budget": "20000.00", "spent": "3150.00", "share": 16,
         "first": "2026-01-01", "last": "2026-12-31"}]
    # The same sum as the money overview: booked plus approved-but-unpaid.
    totals = overview(world.council, 2026).totals
    assert totals.booked + totals.unpaid == Decimal("3150.00")


def test_only_the_periods_part_of_the_year_is_counted(world, money):
    rows = budget_use(world.council, dt.date(2025, 7, 1), dt.date(2026, 5, 31))
    # 2025 has spending but no budget: shown without a share; 2026 up to May only.
    assert [(r["year"], r["budget"], r["spent"], r["share"]) for r in rows] == [
        (2025, "0.00", "999.00", None), (2026, "20000.00", "3073.45", 15)]


def test_a_council_without_a_budget_shows_nothing(world, money, secretary_client):
    assert budget_use(world.other_council, *YEAR) == []
    Budget.objects.create(council=world.other_council, year=2026)  # a budget without lines
    assert budget_use(world.other_council, *YEAR) == []
    report = Report.objects.create(council=world.council, kind="status", title="Status",
                                   period_start=YEAR[0], period_end=YEAR[1],
                                   figures=compute(world.council, dt.date(2027, 1, 1),
                                                   dt.date(2027, 12, 31)))
    page = secretary_client.get(reverse("reports:edit", args=["testraad", report.pk]))
    assert "Brug af budgettet" not in page.content.decode()


def test_budget_use_costs_the_same_queries_however_many_rows(world, money):
    with CaptureQueriesContext(connection) as few:
        budget_use(world.council, *YEAR)
    for n in range(5):
        claim(world, dt.date(2026, 2, 1 + n), "10.00", TravelClaim.Status.APPROVED)
        Booking.objects.create(council=world.council, kind="events", day=dt.date(2027, 1, 2),
                               description=f"Temadag {n}", amount=Decimal("10.00"))
    with CaptureQueriesContext(connection) as many:
        budget_use(world.council, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    assert len(few) == len(many) == 4


def test_page_and_pdf_show_budget_use_and_no_person(world, money, secretary_client, anon):
    from pypdf import PdfReader

    response = secretary_client.post(reverse("reports:list", args=["testraad"]), {
        "kind": "status", "title": "Statusrapport 2026", "period_start": "2026-01-01",
        "period_end": "2026-12-31"})
    assert response.status_code == 302
    report = Report.objects.get()
    page = secretary_client.get(reverse("reports:edit", args=["testraad", report.pk])
                                ).content.decode()
    assert "Brug af budgettet" in page
    # The chart's text alternative and the table.
    assert "Brug af budgettet: 2026: brugt 3.150,00 kr. af 20.000,00 kr. (16 %)." in page
    assert '<td class="num">20.000,00 kr.</td>' in page and "16 %" in page
    assert world.member.person.name not in page
    Report.objects.filter(pk=report.pk).update(status="published")
    public = anon.get(reverse("reports:public-detail", args=["testraad", report.pk]))
    assert "3.150,00 kr." in public.content.decode()
    pdf = anon.get(reverse("reports:public-pdf", args=["testraad", report.pk])).content
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Brug af budgettet" in text
    assert "20.000,00 kr." in text and "3.150,00 kr." in text and "16 %" in text
    assert world.member.person.name not in text
