"""Hiding a council moves every public surface with it at once, and showing it again brings
them back: its pages, the search index and OParl (whose objects become `deleted: true`
tombstones while hidden). The change is made where a secretariat makes it, on the council
screen; the Django admin shows the field read-only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from udsatteraad.meetings import agenda
from udsatteraad.meetings.models import Meeting
from udsatteraad.search.engine import search

WORD = "Kvæsthusbroen"  # occurs nowhere else


@pytest.fixture
def published(world, secretary_client):
    m = Meeting.objects.create(council=world.council, title="Ordinært møde",
                               start=timezone.now() + dt.timedelta(days=20))
    agenda.create_item(meeting=m, data={"title": f"Opholdssted ved {WORD}"})
    r = secretary_client.post(f"/sekretariat/testraad/moeder/{m.pk}/offentliggoer/")
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == Meeting.Status.AGENDA_PUBLISHED
    return m


def set_public(client, world, public: bool):
    council = world.council
    data = {"name": council.name, "contact_email": council.contact_email,
            "contact_phone": council.contact_phone, "contact_text": council.contact_text}
    if public:
        data["is_public"] = "on"
    r = client.post("/sekretariat/testraad/rediger/", data)
    assert r.status_code == 302


def test_hiding_and_showing_a_council_moves_every_surface(published, world, secretary_client,
                                                          anon):
    meeting_api = f"/oparl/v1.1/meeting/{published.pk}/"
    assert search(WORD).total == 1
    assert anon.get(f"/raad/testraad/moeder/{published.pk}/").status_code == 200
    assert anon.get(meeting_api).json().get("deleted") is None

    set_public(secretary_client, world, False)
    assert search(WORD).total == 0
    assert anon.get("/raad/testraad/").status_code == 404
    assert anon.get(f"/raad/testraad/moeder/{published.pk}/").status_code == 404
    gone = anon.get(meeting_api)
    assert gone.status_code == 200
    assert gone.json()["deleted"] is True and "name" not in gone.json()
    assert WORD not in anon.get("/feed.rss").content.decode()

    set_public(secretary_client, world, True)
    assert search(WORD).total == 1
    back = anon.get(meeting_api).json()
    assert back.get("deleted") is None and back["name"] == "Ordinært møde"


def test_admin_shows_visibility_read_only(admin_client_2fa, world):
    r = admin_client_2fa.get(f"/admin/councils/council/{world.council.pk}/change/")
    assert r.status_code == 200
    assert 'name="is_public"' not in r.content.decode()


def test_admin_cannot_change_meetings(admin_client_2fa, published):
    r = admin_client_2fa.post(f"/admin/meetings/meeting/{published.pk}/change/",
                              {"status": "planned"})
    assert r.status_code == 403
    published.refresh_from_db()
    assert published.status == Meeting.Status.AGENDA_PUBLISHED
