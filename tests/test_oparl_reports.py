"""A published status report or evaluation is an OParl Paper (issue 13): in the body's paper
list after the agenda items' papers and the hearing responses, as its own object with a
mainFile pointing at the public PDF, valid against the OParl 1.1 schemas; drafts, approved
reports and reports of a council that is not public never appear; paging by key still visits
each paper once and every page costs the same queries however many reports there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from test_oparl_schema import validate  # tests/ on sys.path

from udsatteraad.meetings.models import AgendaItem, Meeting
from udsatteraad.oparl.testing import api_path
from udsatteraad.reports.models import Report

pytestmark = pytest.mark.django_db
API = "/oparl/v1.1/"


def report(council, title: str, status: str = "published", kind: str = "status") -> Report:
    return Report.objects.create(
        council=council, kind=kind, title=title, period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31), status=status,
        published_at=timezone.now() if status == "published" else None)


def add_items(world, count: int) -> None:
    meeting = Meeting.objects.create(council=world.council, title="Rådsmøde",
                                     start=timezone.now(), status="agenda_published",
                                     agenda_published_at=timezone.now(), venue=world.cafe)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=k, number=k + 1, title=f"Punkt {k}",
                   case_number=f"26/1-{k}") for k in range(count))


def all_papers(client, path: str) -> tuple[list[dict], set[int]]:
    seen, counts = [], set()
    while path:
        with CaptureQueriesContext(connection) as queries:
            data = client.get(path).json()
        counts.add(len(queries))
        assert not any("COUNT(" in q["sql"].upper() or "OFFSET" in q["sql"].upper()
                       for q in queries)
        seen += data["data"]
        path = api_path(data["links"]["next"]) if "next" in data["links"] else None
    return seen, counts


def test_published_reports_are_papers_and_drafts_are_not(world, anon):
    published = report(world.council, "Statusrapport 2026")
    evaluation = report(world.council, "Evaluering af perioden", kind="evaluation")
    draft = report(world.council, "Udkast til rapport", status="draft")
    approved = report(world.council, "Godkendt, ikke offentliggjort", status="approved")
    from conftest import add_extra_personas

    hidden = report(add_extra_personas(world).hidden_council, "Skjult rådets rapport")
    papers, _counts = all_papers(anon, f"{API}body/{world.region.pk}/paper/")
    ids = {api_path(p["id"]) for p in papers}
    assert {reverse("oparl:report-paper", args=[r.pk]) for r in (published, evaluation)} <= ids
    for r in (draft, approved, hidden):
        assert reverse("oparl:report-paper", args=[r.pk]) not in ids
        assert anon.get(reverse("oparl:report-paper", args=[r.pk])).status_code == 404
        assert anon.get(reverse("oparl:report-file", args=[r.pk])).status_code == 404
    titles = {p["name"]: p["paperType"] for p in papers}
    assert titles["Statusrapport 2026"] == "Statusrapport"
    assert titles["Evaluering af perioden"] == "Evaluering"
    assert "Udkast til rapport" not in titles


def test_report_paper_validates_and_points_at_the_public_pdf(world, anon):
    published = report(world.council, "Statusrapport 2026")
    paper = anon.get(reverse("oparl:report-paper", args=[published.pk])).json()
    validate(paper)
    validate(paper["mainFile"])
    assert paper["body"].endswith(reverse("oparl:body", args=[world.region.pk]))
    assert paper["reference"] == f"RAP-{published.pk}"
    assert paper["date"] == timezone.localdate(published.published_at).isoformat()
    pdf = reverse("reports:public-pdf", args=[world.council.slug, published.pk])
    main = paper["mainFile"]
    assert main["accessUrl"].endswith(pdf) and main["mimeType"] == "application/pdf"
    assert anon.get(pdf).status_code == 200
    # The file is an object of its own, and in the body's file list.
    assert anon.get(api_path(main["id"])).json() == main
    files = anon.get(f"{API}body/{world.region.pk}/file/?limit=100").json()["data"]
    assert main["id"] in {f["id"] for f in files}
    # Distinct from the agenda item with the same number.
    assert api_path(paper["id"]) != reverse("oparl:paper", args=[published.pk])


def test_paging_visits_items_responses_and_reports_once_at_constant_cost(world, anon):
    from udsatteraad.hearings.testing import hearing_in

    add_items(world, 5)
    for n in range(3):
        hearing_in("published", council=world.council, secretary=world.secretary,
                   chair=world.chair, title=f"Høring {n}")
    reports = [report(world.council, f"Rapport {n}") for n in range(4)]
    path = f"{API}body/{world.region.pk}/paper/?limit=2"
    papers, counts = all_papers(anon, path)
    ids = [p["id"] for p in papers]
    assert len(ids) == len(set(ids)) == 5 + 3 + 4
    assert [api_path(i) for i in ids[-4:]] == [reverse("oparl:report-paper", args=[r.pk])
                                               for r in reports]
    # A page starting in the items reads three lists, in the responses two, in the reports one.
    assert len(counts) <= 3, counts
    # Ten times the reports: the first page and the last cost what they cost before.
    first = f"{API}body/{world.region.pk}/paper/?limit=2"
    with CaptureQueriesContext(connection) as before:
        anon.get(first)
    for n in range(36):
        report(world.council, f"Ekstra rapport {n}")
    with CaptureQueriesContext(connection) as after:
        anon.get(first)
    assert len(before) == len(after)
    last = f"{API}body/{world.region.pk}/paper/?limit=2&after_report={reports[-1].pk}"
    with CaptureQueriesContext(connection) as deep:
        data = anon.get(last).json()
    assert len(deep) == min(counts) and len(data["data"]) == 2


def test_numbered_pages_include_the_reports(world, anon):
    add_items(world, 3)
    published = report(world.council, "Statusrapport 2026")
    data = anon.get(f"{API}body/{world.region.pk}/paper/?page=1&limit=100").json()
    assert data["pagination"]["totalElements"] == 4
    assert data["data"][-1]["id"].endswith(reverse("oparl:report-paper", args=[published.pk]))
    second = anon.get(f"{API}body/{world.region.pk}/paper/?page=2&limit=3").json()
    assert [p["name"] for p in second["data"]] == ["Statusrapport 2026"]


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1e309"])
def test_a_bad_report_key_answers_400_json(world, anon, value):
    report(world.council, "Statusrapport 2026")
    response = anon.get(f"{API}body/{world.region.pk}/paper/", {"after_report": value})
    assert response.status_code == 400 and "after_report" in response.json()["error"]
