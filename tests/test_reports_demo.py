"""The demo shows the report's budget use and the report in OParl (issue 13): Randers'
published status report for 2026 counts the money demo's budget and the secretariat's
bookings, and is a Paper in Randers Kommune's paper list. Loading twice makes nothing twice."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse


@pytest.mark.django_db
def test_demo_report_shows_budget_use_and_is_an_oparl_paper(settings, tmp_path, client):
    from udsatteraad.money.models import Booking
    from udsatteraad.reports.demo import TITLE
    from udsatteraad.reports.models import Report

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    report = Report.objects.get(title=TITLE)
    assert report.status == Report.Status.PUBLISHED and report.council.slug == "randers"
    assert Booking.objects.filter(council__slug="randers",
                                  description__startswith="Demo:").count() == 2
    [year] = report.figures["budget_use"]
    # The money demo's budget for Randers (32.000 kr.) and the two bookings (11.300 kr.).
    assert (year["year"], year["budget"], year["spent"], year["share"]) == (
        2026, "32000.00", "11300.00", 35)
    page = client.get(reverse("reports:public-detail", args=["randers", report.pk]))
    assert "Brug af budgettet" in page.content.decode()
    papers = client.get(reverse("oparl:body-papers", args=[report.council.authority_id])
                        + "?limit=100").json()
    wanted = reverse("oparl:report-paper", args=[report.pk])
    assert any(p["id"].endswith(wanted) and p["paperType"] == "Statusrapport"
               for p in papers["data"])
