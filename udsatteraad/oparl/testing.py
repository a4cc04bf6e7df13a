"""Test helpers for the OParl API and the feeds (used by tests/test_oparl*.py, test_feeds.py):
meetings in every state on top of conftest's `world`, with closed material marked by SECRET
strings that must never reach the public, and a crawler that follows every API link."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from udsatteraad.councils.models import (
    Committee,
    Council,
    Membership,
    Person,
    SeatGroup,
    Term,
    TermsOfReference,
)
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting, MinutesVersion

API = "/oparl/v1.1/"
# Strings that exist only in closed or non-public material.
SECRETS = [
    "HEMMELIG-SAGSFREMSTILLING", "HEMMELIG-BESLUTNING", "HEMMELIGT-BILAG", "HEMMELIGT-RESUME",
    "Planlagt-møde-hemmeligt", "Skjult Sofie Opdigtet",
    "Skjult-råds-møde", "12345678", "@testregion.example",
]


@dataclass
class Meetings:
    agenda: Meeting  # agenda published, venue + room
    minutes: Meeting  # minutes published with a correction, room without venue
    planned: Meeting
    cancelled: Meeting
    other: Meeting  # andetraad, agenda published
    hidden: Meeting  # a non-public council's meeting
    open_item: AgendaItem
    closed_item: AgendaItem
    standard_item: AgendaItem
    decided_item: AgendaItem
    open_attachment: Attachment
    closed_attachment: Attachment
    attachment_of_closed_item: Attachment
    correction: MinutesVersion


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _item(meeting: Meeting, position: int, title: str, **kw) -> AgendaItem:
    return AgendaItem.objects.create(meeting=meeting, position=position, number=position + 16,
                                     title=title, **kw)


def build_meetings(world) -> Meetings:
    council = world.council
    now = timezone.now()
    Committee.objects.create(authority=world.region, name="Social- og sundhedsudvalget",
                             kind="committee")
    agenda = Meeting.objects.create(
        council=council, title="Møde i Udsatterådet, marts", start=_at(dt.date(2026, 3, 10), 15),
        end=_at(dt.date(2026, 3, 10), 17), venue=world.cafe, location="Mødelokale 2",
        status="agenda_published", agenda_published_at=now,
    )
    open_item = _item(
        agenda, 1, "Strategi for hjemløshed", case_number="27.15.00-A08-1-21",
        summary="Åbent resumé.", recommendations_intro="Forvaltningen indstiller, at rådet",
        recommendations=["godkender strategien"], case_presentation="<p>Åben <b>sag</b>.</p>",
        start_time=dt.time(15, 10), end_time=dt.time(15, 40),
    )
    closed_item = _item(
        agenda, 2, "Lukket punkt om en enkeltsag", is_public=False, case_number="21/874",
        summary="HEMMELIGT-RESUME", case_presentation="HEMMELIG-SAGSFREMSTILLING",
        decision="HEMMELIG-BESLUTNING",
    )
    standard_item = _item(agenda, 3, "Eventuelt", origin="standard")
    open_attachment = Attachment.objects.create(
        item=open_item, title="Åbent bilag", content_type="application/pdf", size=1234,
        file="attachments/2026/aabent.pdf",
    )
    closed_attachment = Attachment.objects.create(
        item=open_item, title="HEMMELIGT-BILAG lukket", is_public=False,
        content_type="application/pdf", size=99,
    )
    attachment_of_closed_item = Attachment.objects.create(
        item=closed_item, title="HEMMELIGT-BILAG på lukket punkt", content_type="application/pdf",
    )
    minutes_published_at = now - dt.timedelta(days=30)
    minutes = Meeting.objects.create(
        council=council, title="Møde i Udsatterådet, januar", start=_at(dt.date(2026, 1, 20), 15),
        location="Regionshuset, lokale 1", status="minutes_published",
        agenda_published_at=now - dt.timedelta(days=60), minutes_published_at=minutes_published_at,
    )
    decided_item = _item(minutes, 0, "Orientering om varmestuer", case_number="EMN-2025-009242",
                         decision="Live-tekst der ikke er offentliggjort")
    closed_decided = _item(minutes, 1, "Lukket personsag", is_public=False,
                           decision="HEMMELIG-BESLUTNING")
    snapshot = {"items": [
        {"id": decided_item.pk, "is_public": True, "decision": "Rådet tog orienteringen til "
                                                               "efterretning."},
        {"id": closed_decided.pk, "is_public": False, "title": closed_decided.title},
    ]}
    MinutesVersion.objects.create(meeting=minutes, number=1,
                                  published_at=minutes_published_at, snapshot={"items": []})
    correction = MinutesVersion.objects.create(
        meeting=minutes, number=2, published_at=now - dt.timedelta(days=1),
        change_note="Beslutningen i punkt 16 er rettet.", snapshot=snapshot,
    )
    planned = Meeting.objects.create(council=council, title="Planlagt-møde-hemmeligt",
                                     start=_at(dt.date(2026, 6, 1), 15))
    _item(planned, 0, "Punkt på planlagt møde", case_presentation="HEMMELIG-SAGSFREMSTILLING")
    # Its agenda went out before it was cancelled: it stays public, as cancelled.
    cancelled = Meeting.objects.create(council=council, title="Aflyst møde i maj",
                                       start=_at(dt.date(2026, 5, 1), 15), status="cancelled",
                                       agenda_published_at=now - dt.timedelta(days=3),
                                       cancelled_at=now - dt.timedelta(days=2))
    _item(cancelled, 0, "Punkt på det aflyste møde")
    other = Meeting.objects.create(
        council=world.other_council, title="Møde i Testkommune", start=_at(dt.date(2026, 2, 2), 16),
        status="held", agenda_published_at=now - dt.timedelta(days=40),
    )
    hidden = _hidden_council(world)
    return Meetings(
        agenda=agenda, minutes=minutes, planned=planned, cancelled=cancelled, other=other,
        hidden=hidden, open_item=open_item, closed_item=closed_item, standard_item=standard_item,
        decided_item=decided_item, open_attachment=open_attachment,
        closed_attachment=closed_attachment, attachment_of_closed_item=attachment_of_closed_item,
        correction=correction,
    )


def _hidden_council(world) -> Meeting:
    """A council that is not public, in a public body: nothing of it may show."""
    council = Council.objects.create(authority=world.region, name="Skjult råd", slug="skjult",
                                     is_public=False)
    tor = TermsOfReference.objects.create(
        council=council, version=1, title="Skjult", adopted_on=dt.date(2026, 1, 1),
        purpose="-", meetings_min=1, meetings_max=2, chair_rule="elected",
        vice_chair_rule="none", term_basis="election_period",
    )
    group = SeatGroup.objects.create(terms_of_reference=tor, name="Brugere", kind="user",
                                     seats=1)
    term = Term.objects.create(council=council, name="Skjult periode",
                               start=dt.date(2026, 1, 1), end=dt.date(2029, 12, 31))
    person = Person.objects.create(name="Skjult Sofie Opdigtet", email="sofie@skjult.example")
    Membership.objects.create(council=council, person=person, seat_group=group, term=term,
                              start=term.start)
    now = timezone.now()
    meeting = Meeting.objects.create(
        council=council, title="Skjult-råds-møde", start=_at(dt.date(2026, 2, 3), 15),
        status="minutes_published", agenda_published_at=now, minutes_published_at=now,
    )
    for number in (1, 2):
        MinutesVersion.objects.create(meeting=meeting, number=number, published_at=now,
                                      change_note="HEMMELIG-BESLUTNING rettet")
    return meeting


def api_path(url: str) -> str:
    root = settings.SITE_ROOT.rstrip("/")
    assert url.startswith(root + API), url
    return url[len(root):]


def _urls(value) -> list[str]:
    root = settings.SITE_ROOT.rstrip("/") + API
    if isinstance(value, dict):
        return [u for v in value.values() for u in _urls(v)]
    if isinstance(value, list):
        return [u for v in value for u in _urls(v)]
    if isinstance(value, str) and value.startswith(root):
        return [value]
    return []


def objects_in(value) -> list[dict]:
    """Every OParl object in a response, top-level and embedded."""
    found = []
    if isinstance(value, dict):
        if str(value.get("type", "")).startswith("https://schema.oparl.org/1.1/"):
            found.append(value)
        for v in value.values():
            found += objects_in(v)
    elif isinstance(value, list):
        for v in value:
            found += objects_in(v)
    return found


def crawl(client, start: str = API) -> dict[str, tuple[int, str, object]]:
    """GET every API URL reachable from `start`: {path: (status, body text, json)}."""
    seen: dict[str, tuple[int, str, object]] = {}
    todo = [start]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        response = client.get(path)
        text = response.content.decode()
        data = json.loads(text)
        seen[path] = (response.status_code, text, data)
        todo += [api_path(u) for u in _urls(data) if api_path(u) not in seen]
    return seen
