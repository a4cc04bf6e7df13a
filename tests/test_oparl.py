"""OParl 1.1 read-only API: what is public, pagination, filters, errors, query counts.
Schema validation is in test_oparl_schema.py."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.conf import settings
from django.utils import timezone

from udsatteraad.councils.models import Membership
from udsatteraad.meetings.models import AgendaItem, Meeting
from udsatteraad.oparl.testing import SECRETS, api_path, build_meetings, crawl, objects_in

ROOT = settings.SITE_ROOT.rstrip("/")
API = "/oparl/v1.1/"


@pytest.fixture
def meetings(world):
    return build_meetings(world)


def ids(data: dict) -> set[str]:
    return {obj["id"] for obj in data["data"]}


def test_system_object(world, anon):
    response = anon.get(API)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["id"] == ROOT + API
    assert data["type"] == "https://schema.oparl.org/1.1/System"
    assert data["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = anon.get(api_path(data["body"])).json()
    assert {b["name"] for b in bodies["data"]} == {"Testregion", "Testkommune"}


def test_crawl_never_shows_closed_or_private_material(meetings, anon):
    pages = crawl(anon)
    assert len(pages) > 50
    for path, (status, text, _data) in pages.items():
        assert status == 200, path
        for secret in SECRETS:
            assert secret not in text, (secret, path)
    ids_seen = {o["id"] for _, _, data in pages.values() for o in objects_in(data)}
    for pk in (meetings.planned.pk, meetings.hidden.pk):
        assert f"{ROOT}{API}meeting/{pk}/" not in ids_seen
    # A meeting cancelled after its agenda was published stays public, as cancelled.
    assert f"{ROOT}{API}meeting/{meetings.cancelled.pk}/" in ids_seen
    assert f"{ROOT}{API}agendaitem/{meetings.closed_item.pk}/" not in ids_seen
    assert f"{ROOT}{API}file/{meetings.closed_attachment.pk}/" not in ids_seen
    assert f"{ROOT}{API}file/{meetings.open_attachment.pk}/" in ids_seen
    assert f"{ROOT}{API}agendaitem/{meetings.open_item.pk}/" in ids_seen


def test_persons_have_name_and_public_role_only(meetings, world, anon):
    persons = [p for body in (world.region, world.municipality)
               for p in anon.get(f"{API}body/{body.pk}/person/").json()["data"]]
    assert {p["name"] for p in persons} == {
        "Formand Frida Fiktiv", "Medlem Mads Påhit", "Bruger Bent Opdigtet"}
    for p in persons:
        assert "email" not in p and "phone" not in p
        assert "12345678" not in str(p) and "@" not in str(p)
    member = anon.get(f"{API}person/{world.member_membership.person_id}/").json()
    [membership] = member["membership"]
    assert membership["role"] == "Medlem"
    assert membership["onBehalfOf"] == f"{ROOT}{API}organization/organisation/{world.red_cross.pk}/"
    chair = anon.get(f"{API}membership/{world.chair_membership.pk}/").json()
    assert chair["role"] == "Formand"
    assert chair["organization"] == f"{ROOT}{API}organization/council/{world.council.pk}/"


def test_hidden_objects_are_404_json(meetings, world, anon):
    hidden_person = meetings.hidden.council.memberships.get().person_id
    for path in [
        f"meeting/{meetings.planned.pk}/",
        f"meeting/{meetings.hidden.pk}/", f"agendaitem/{meetings.closed_item.pk}/",
        f"paper/{meetings.closed_item.pk}/", f"consultation/{meetings.closed_item.pk}/",
        f"file/paper/{meetings.closed_item.pk}/", f"file/{meetings.closed_attachment.pk}/",
        f"file/{meetings.attachment_of_closed_item.pk}/", f"person/{hidden_person}/",
        f"organization/council/{meetings.hidden.council_id}/",
        f"file/meeting/{meetings.agenda.pk}/minutes/",
        f"file/meeting/{meetings.planned.pk}/agenda/",
        f"paper/{meetings.standard_item.pk}/",
    ]:
        response = anon.get(API + path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "error" in response.json()


def test_meeting_object(meetings, anon):
    data = anon.get(f"{API}meeting/{meetings.agenda.pk}/").json()
    assert data["web"] == f"{ROOT}/raad/testraad/moeder/{meetings.agenda.pk}/"
    assert data["location"]["room"] == "Mødelokale 2"
    assert data["location"]["description"] == "Café Test"
    assert data["invitation"]["accessUrl"].endswith(
        f"/raad/testraad/moeder/{meetings.agenda.pk}/dagsorden.pdf")
    assert "resultsProtocol" not in data
    assert [i["name"] for i in data["agendaItem"]] == ["Strategi for hjemløshed", "Eventuelt"]
    assert [i["order"] for i in data["agendaItem"]] == [0, 1]
    [att] = data["agendaItem"][0]["auxiliaryFile"]
    assert att["downloadUrl"] == (
        f"{ROOT}/raad/testraad/moeder/{meetings.agenda.pk}/bilag/{meetings.open_attachment.pk}/")


def test_minutes_decision_comes_from_the_published_version(meetings, anon):
    data = anon.get(f"{API}meeting/{meetings.minutes.pk}/").json()
    assert data["resultsProtocol"]["accessUrl"].endswith(
        f"/moeder/{meetings.minutes.pk}/referat.pdf")
    [item] = data["agendaItem"]
    assert item["resolutionText"] == "Rådet tog orienteringen til efterretning."
    assert "Live-tekst" not in str(data)
    # The room without a venue is a location of its own.
    location = anon.get(api_path(data["location"]["id"])).json()
    assert location["description"] == "Regionshuset, lokale 1"


def test_paper_is_the_case_presentation(meetings, anon):
    item = meetings.open_item
    paper = anon.get(f"{API}paper/{item.pk}/").json()
    assert paper["reference"] == "27.15.00-A08-1-21"
    assert paper["mainFile"]["text"].startswith("Åbent resumé.")
    assert "1. at godkender strategien" in paper["mainFile"]["text"]
    assert "<b>" not in paper["mainFile"]["text"]
    assert paper["consultation"][0]["agendaItem"] == f"{ROOT}{API}agendaitem/{item.pk}/"
    item_json = anon.get(f"{API}agendaitem/{item.pk}/").json()
    assert item_json["consultation"] == f"{ROOT}{API}consultation/{item.pk}/"
    assert item_json["order"] == 0


def test_organizations_of_a_body(meetings, world, anon):
    data = anon.get(f"{API}body/{world.region.pk}/organization/").json()
    by_name = {o["name"]: o for o in data["data"]}
    council = by_name["Udsatterådet i Testregion"]
    assert (council["organizationType"], council["classification"]) == ("Gremium", "Udsatteråd")
    assert len(council["membership"]) == 2
    assert by_name["Regionsrådet"]["classification"] == "Regionsrådet"
    assert by_name["Røde Kors"]["organizationType"] == "externes Gremium"
    assert "Skjult råd" not in by_name
    meetings_list = anon.get(api_path(council["meeting"])).json()
    assert ids(meetings_list) == {f"{ROOT}{API}meeting/{m.pk}/"
                                  for m in (meetings.agenda, meetings.minutes, meetings.cancelled)}


def test_pagination_links(meetings, world, anon):
    # By key: each page names the last id it showed; no totals (they would need a count).
    url = f"{API}body/{world.region.pk}/agendaitem/?limit=1"
    first = anon.get(url).json()
    assert first["pagination"] == {"elementsPerPage": 1}
    assert set(first["links"]) == {"first", "next"}
    seen, page = [], first
    while True:
        seen += [o["id"] for o in page["data"]]
        if "next" not in page["links"]:
            break
        assert "limit=1" in page["links"]["next"] and "after=" in page["links"]["next"]
        page = anon.get(api_path(page["links"]["next"])).json()
    assert len(seen) == len(set(seen)) == 4
    assert seen == sorted(seen, key=lambda i: int(i.rstrip("/").rsplit("/", 1)[1]))
    assert anon.get(api_path(first["links"]["first"])).json() == first
    last_id = seen[-1].rstrip("/").rsplit("/", 1)[1]
    assert anon.get(f"{url}&after={last_id}").json()["data"] == []


def test_numbered_pages_keep_their_totals(meetings, world, anon):
    url = f"{API}body/{world.region.pk}/agendaitem/?limit=1&page=1"
    first = anon.get(url).json()
    assert first["pagination"] == {"totalElements": 4, "elementsPerPage": 1, "currentPage": 1,
                                   "totalPages": 4}
    assert "prev" not in first["links"]
    second = anon.get(api_path(first["links"]["next"])).json()
    assert second["pagination"]["currentPage"] == 2
    assert "limit=1" in second["links"]["prev"]
    last = anon.get(api_path(first["links"]["last"])).json()
    assert "next" not in last["links"]
    seen = ids(first) | ids(second) | ids(last)
    assert len(seen) == 3  # pages 1, 2 and 4 of 4
    assert anon.get(f"{url}&page=9").status_code == 404


def test_modified_since_and_created_filters(meetings, world, anon):
    url = f"{API}body/{world.region.pk}/meeting/"
    assert len(anon.get(url).json()["data"]) == 3
    later = timezone.now() + dt.timedelta(minutes=5)
    AgendaItem.objects.filter(pk=meetings.open_item.pk).update(modified=later)
    since = quote((later - dt.timedelta(minutes=1)).isoformat())
    data = anon.get(f"{url}?modified_since={since}").json()
    # A changed item makes its meeting modified.
    assert ids(data) == {f"{ROOT}{API}meeting/{meetings.agenda.pk}/"}
    assert anon.get(f"{url}?created_until=2000-01-01").json()["data"] == []
    assert len(anon.get(f"{url}?created_since=2000-01-01T00:00:00Z").json()["data"]) == 3
    # A person changes with their memberships.
    Membership.objects.filter(pk=world.member_membership.pk).update(modified=later)
    persons = anon.get(f"{API}body/{world.region.pk}/person/?modified_since={since}").json()
    assert [p["name"] for p in persons["data"]] == ["Medlem Mads Påhit"]
    assert persons["data"][0]["modified"] == timezone.localtime(later).isoformat(
        timespec="seconds")
    # An unencoded "+" arrives as a space; it is read as the offset it was meant to be.
    assert anon.get(f"{url}?modified_until=2000-01-01T00:00:00+01:00").status_code == 200


@pytest.mark.parametrize("query", [
    "modified_since=yesterday", "created_since=2026-13-01", "created_until=", "limit=101",
    "page=abc", "limit=0", "limit=x", "page=0", "after=x", "after=0", "after=-3",
])
def test_bad_parameters_give_400_json(world, anon, query):
    response = anon.get(f"{API}body/{world.region.pk}/meeting/?{query}")
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["status"] == 400
    assert response.json()["error"]


def test_read_only(world, anon):
    response = anon.post(API)
    assert response.status_code == 405
    assert response.json()["error"]
    assert anon.get(f"{API}body/{world.region.pk}/file/")["Access-Control-Allow-Origin"] == "*"
    assert anon.get(f"{API}body/999/meeting/").status_code == 404


def test_list_endpoints_bounded_queries(meetings, world, anon, django_assert_max_num_queries):
    for n in range(6):
        extra = Meeting.objects.create(
            council=world.council, title=f"Ekstra {n}", start=timezone.now(),
            status="agenda_published", agenda_published_at=timezone.now(), venue=world.cafe,
        )
        for k in range(3):
            AgendaItem.objects.create(meeting=extra, position=k, title=f"Punkt {k}",
                                      case_number=f"21/{n}{k}")
    body = world.region.pk
    for path, limit in [
        # Papers and files: one query more for the published reports (oparl/reports.py).
        ("meeting/", 9), ("agendaitem/", 9), ("paper/", 10), ("file/", 7), ("person/", 4),
        ("organization/", 6), ("membership/", 3), ("legislativeterm/", 3), ("location/", 3),
    ]:
        with django_assert_max_num_queries(limit):
            response = anon.get(f"{API}body/{body}/{path}?limit=100")
        assert response.status_code == 200, path
    with django_assert_max_num_queries(4):
        assert anon.get(f"{API}body/?limit=100").status_code == 200
