"""Status reports and evaluations drafted from the records (issue 13): the figures against
the recorded data, editing, approval, publication through the guard, the PDF, sending."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from udsatteraad.councils.models import FocusArea
from udsatteraad.hearings.models import Hearing
from udsatteraad.inquiries.models import Inquiry
from udsatteraad.meetings.models import AgendaItem, Attendance, Meeting
from udsatteraad.reports.figures import compute
from udsatteraad.reports.models import Report

pytestmark = pytest.mark.django_db


def aware(day, hour=17):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def records(world):
    """Two held ordinary meetings and a dialogue meeting in 2026, one planned; attendance,
    items with focus areas, a sent response and a statement, inquiries."""
    council = world.council
    housing = FocusArea.objects.create(name="Bolig", slug="bolig")
    health = FocusArea.objects.create(name="Sundhed", slug="sundhed")
    held = []
    for day, kind in ((dt.date(2026, 3, 9), "ordinary"), (dt.date(2026, 6, 8), "ordinary"),
                      (dt.date(2026, 10, 5), "dialogue")):
        m = Meeting.objects.create(council=council, title=f"Møde {day}", kind=kind,
                                   start=aware(day), status=Meeting.Status.HELD)
        held.append(m)
    Meeting.objects.create(council=council, title="Planlagt", start=aware(dt.date(2026, 12, 7)))
    chair, member = world.chair.person, world.member.person
    Attendance.objects.create(meeting=held[0], person=chair, status="present")
    Attendance.objects.create(meeting=held[0], person=member, status="present")
    Attendance.objects.create(meeting=held[1], person=chair, status="present")
    Attendance.objects.create(meeting=held[1], person=member, status="apology")
    for n, (meeting, areas) in enumerate([(held[0], [housing]), (held[0], [housing, health]),
                                          (held[1], [housing]), (held[2], [])], start=1):
        item = AgendaItem.objects.create(meeting=meeting, number=n, title=f"Punkt {n}")
        item.focus_areas.set(areas)
    sent = aware(dt.date(2026, 5, 1))
    Hearing.objects.create(council=council, title="Høring om boliger", kind="formal",
                           received=dt.date(2026, 4, 1),
                           sent_at=sent)
    Hearing.objects.create(council=council, title="Udtalelse om tandpleje", kind="statement",
                           received=dt.date(2026, 4, 1),
                           sent_at=sent)
    Hearing.objects.create(council=council, title="Gammel høring", kind="formal",
                           received=dt.date(2026, 4, 1),
                           sent_at=aware(dt.date(2025, 5, 1)))
    for topic in ("housing", "housing", "addiction"):
        Inquiry.objects.create(council=council, topic=topic, message="x",
                               received=aware(dt.date(2026, 4, 1)))
    return held


def test_figures_match_the_records(world, records):
    f = compute(world.council, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert f["meetings_held"] == 3
    assert f["meetings_by_year"] == [{"year": 2026, "held": 2, "min": 2, "max": 4}]
    assert sorted(f["meetings_by_kind"]) == [["Dialogmøde med udvalg", 1],
                                              ["Ordinært møde", 2]]
    assert f["attendance_rate"] == 75  # 3 of 4
    assert f["items"] == 4
    assert f["items_by_focus_area"] == [["Bolig", 3], ["Sundhed", 1]]
    assert (f["hearing_responses"], f["statements"]) == (1, 1)
    assert ["Bolig og hjemløshed", 2] in f["inquiries_by_topic"]
    assert f["easy_read_versions"] == 0


def test_report_from_draft_to_published_and_sent(world, records, secretary_client, anon,
                                                 django_capture_on_commit_callbacks):
    response = secretary_client.post(reverse("reports:list", args=["testraad"]), {
        "kind": "status", "title": "Statusrapport 2026", "period_start": "2026-01-01",
        "period_end": "2026-12-31"})
    report = Report.objects.get()
    assert response.status_code == 302 and report.figures["meetings_held"] == 3
    edit = reverse("reports:edit", args=["testraad", report.pk])
    page = secretary_client.get(edit).content.decode()
    assert "Rådet holdt 3 møder i perioden og behandlede 4 punkter." in page
    assert "<svg" in page and "Punkter efter indsatsområde: flest i »Bolig« (3)." in page
    secretary_client.post(edit, {"title": "Statusrapport 2026",
                                 "intro": "Rådet har haft et travlt år.",
                                 "conclusion": "Rådet anbefaler flere skæve boliger."})
    # Publishing before approval is refused.
    refused = secretary_client.post(reverse("reports:publish", args=["testraad", report.pk]))
    assert refused.status_code == 400
    secretary_client.post(reverse("reports:approve", args=["testraad", report.pk]),
                          {"note": "Godkendt på rådets møde 7. december 2026"})
    assert secretary_client.post(reverse("reports:publish", args=["testraad", report.pk])
                                 ).status_code == 302
    public = anon.get(reverse("reports:public-detail", args=["testraad", report.pk]))
    assert public.status_code == 200 and "Rådet anbefaler flere skæve boliger." in \
        public.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        secretary_client.post(reverse("reports:send", args=["testraad", report.pk]),
                              {"to": "regionsraadet@testregion.example"})
    assert mail.outbox[-1].to == ["regionsraadet@testregion.example"]
    assert mail.outbox[-1].attachments[0][2] == "application/pdf"


def test_pdf_has_the_figures_and_is_tagged(world, records, secretary_client):
    from pypdf import PdfReader

    report = Report.objects.create(council=world.council, kind="evaluation",
                                   title="Evaluering", period_start=dt.date(2026, 1, 1),
                                   period_end=dt.date(2026, 12, 31),
                                   figures=compute(world.council, dt.date(2026, 1, 1),
                                                   dt.date(2026, 12, 31)))
    response = secretary_client.get(reverse("reports:draft-pdf", args=["testraad", report.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Punkter efter indsatsområde" in text and "Bolig" in text
    assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")


def test_personal_data_blocks_publication(world, secretary_client):
    report = Report.objects.create(council=world.council, kind="status", title="Status",
                                   period_start=dt.date(2026, 1, 1),
                                   period_end=dt.date(2026, 12, 31), status="approved",
                                   intro="Ring til Bo på 23 45 67 89.")
    response = secretary_client.post(reverse("reports:publish", args=["testraad", report.pk]))
    assert response.status_code == 400 and "personoplysninger" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "approved"


def test_drafts_are_not_public_and_others_are_refused(world, anon, member_client,
                                                      other_secretary_client):
    report = Report.objects.create(council=world.council, kind="status", title="Status",
                                   period_start=dt.date(2026, 1, 1),
                                   period_end=dt.date(2026, 12, 31))
    assert anon.get(reverse("reports:public-detail", args=["testraad", report.pk])
                    ).status_code == 404
    assert anon.get(reverse("reports:public-pdf", args=["testraad", report.pk])
                    ).status_code == 404
    for client in (member_client, other_secretary_client):
        assert client.get(reverse("reports:edit", args=["testraad", report.pk])
                          ).status_code == 403
