"""Two people editing the same item: the second save is refused and nothing is lost."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from conftest import login
from udsatteraad.meetings import agenda
from udsatteraad.meetings.models import AgendaItem, Meeting


@pytest.fixture
def item(world):
    meeting = Meeting.objects.create(
        council=world.council, title="Møde",
        start=dt.datetime(2027, 3, 1, 17, tzinfo=ZoneInfo("Europe/Copenhagen")),
    )
    return agenda.create_item(meeting=meeting, data={"title": "Budget 2027",
                                                     "summary": "Oprindeligt resumé"})


def form_data(page: str, **changes) -> dict:
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    data = {"revision": revision, "title": "Budget 2027", "summary": "Oprindeligt resumé",
            "origin": "administration", "is_public": "on"}
    data.update(changes)
    return data


def test_second_concurrent_save_is_refused_and_text_kept(world, item, secretary_client):
    other = login(Client(), world.admin)
    path = f"/sekretariat/testraad/moeder/{item.meeting_id}/punkter/{item.pk}/"
    first_page = secretary_client.get(path).content.decode()
    second_page = other.get(path).content.decode()

    r1 = secretary_client.post(path, form_data(first_page, summary="Sekretærens resumé"))
    assert r1.status_code == 302
    r2 = other.post(path, form_data(second_page, summary="Administratorens lange tekst"))
    body = r2.content.decode()
    assert r2.status_code == 409
    assert ("Punktet er blevet ændret af en anden, mens du redigerede. Din tekst er bevaret "
            "herunder; sammenlign og gem igen.") in body
    assert "Administratorens lange tekst" in body  # their typing, back in the form
    assert "Sekretærens resumé" in body  # the saved version, for comparison
    saved = AgendaItem.objects.get(pk=item.pk)
    assert saved.summary == "Sekretærens resumé" and saved.revision == 2

    # Having compared, they save again from the re-shown form: now it goes through.
    r3 = other.post(path, form_data(body, summary="Administratorens lange tekst"))
    assert r3.status_code == 302
    saved.refresh_from_db()
    assert saved.summary == "Administratorens lange tekst" and saved.revision == 3
    summaries = list(saved.history.values_list("summary", flat=True)[:2])
    assert summaries == ["Administratorens lange tekst", "Sekretærens resumé"]


def test_save_item_checks_revision_atomically(item):
    agenda.save_item(item=item, data={"title": "A"}, revision=1)
    stale = AgendaItem.objects.get(pk=item.pk)
    with pytest.raises(agenda.StaleItem):
        agenda.save_item(item=stale, data={"title": "B"}, revision=1)
    assert AgendaItem.objects.get(pk=item.pk).title == "A"
