"""A report's budget use in a real browser (issue 13): the public report page of a published
status report with a budget, at 375 px without sideways scrolling, and the secretariat's
editor, both with 0 axe violations. Python only sets up the budget, a booking and the report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .conftest import DESKTOP, assert_no_axe_violations

PHONE = {"width": 375, "height": 667}


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)


def test_budget_use_on_the_public_report_and_in_the_editor(page, world, login_as):
    from django.urls import reverse
    from django.utils import timezone

    from udsatteraad.money.models import Booking, Budget, BudgetLine
    from udsatteraad.reports.figures import compute
    from udsatteraad.reports.models import Report

    budget = Budget.objects.create(council=world.council, year=2026)
    BudgetLine.objects.create(budget=budget, kind="events", amount=Decimal("10000.00"))
    Booking.objects.create(council=world.council, kind="events", day=dt.date(2026, 9, 17),
                           description="Temadag om hjemløshed", amount=Decimal("12500.00"))
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    report = Report.objects.create(
        council=world.council, kind="status", title="Statusrapport 2026", period_start=start,
        period_end=end, status="published", published_at=timezone.now(),
        figures=compute(world.council, start, end))

    page.set_viewport_size(PHONE)
    visit(page, reverse("reports:public-detail", args=["testraad", report.pk]))
    chart = page.locator("figure", has_text="Brug af budgettet")
    # Overspent: the bar is longer than the budget, and the table says by how much.
    assert "125 %" in chart.locator("table").inner_text()
    assert "Brug af budgettet: 2026: brugt 12.500,00 kr. af 10.000,00 kr. (125 %)." in \
        chart.locator("svg title").text_content()
    assert_no_axe_violations(page, "public report with budget use, phone")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], width

    page.set_viewport_size(DESKTOP)
    Report.objects.filter(pk=report.pk).update(status="draft", published_at=None)
    login_as("secretary")
    visit(page, reverse("reports:edit", args=["testraad", report.pk]))
    assert page.locator("figure", has_text="Brug af budgettet").count() == 1
    assert_no_axe_violations(page, "report editor with budget use")
