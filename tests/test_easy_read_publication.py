"""Easy-read: after the first publication "Gem" changes only the draft; the public page and
the poster change only with "Gem og offentliggør igen"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def meeting(world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    m = Meeting.objects.create(
        council=world.council, title="Ordinært møde", status="minutes_published",
        start=timezone.now() - dt.timedelta(days=14),
    )
    m.item = AgendaItem.objects.create(meeting=m, number=5, position=1, title="Boliger")
    return m


def post(client, m, action, intro, text):
    step = {"save": "gem", "publish": "offentliggoer"}[action]
    return client.post(f"/sekretariat/testraad/moeder/{m.pk}/letlaest/{step}/",
                       {"intro": intro, f"item-{m.item.pk}": text,
                        "reason": "Ordet »indledning« er langt."})


def public(anon, m) -> str:
    response = anon.get(f"/raad/testraad/moeder/{m.pk}/letlaest/")
    assert response.status_code == 200
    return response.content.decode()


def test_save_after_publication_does_not_change_the_public_page(anon, secretary_client,
                                                                meeting):
    from udsatteraad.easyread.poster import poster_data

    assert post(secretary_client, meeting, "publish", "Første indledning.",
                "Første tekst.").status_code == 302
    assert "Første tekst." in public(anon, meeting)

    assert post(secretary_client, meeting, "save", "Ny indledning.",
                "Ny kladde.").status_code == 302
    page = public(anon, meeting)
    assert "Første indledning." in page and "Første tekst." in page
    assert "Ny kladde." not in page and "Ny indledning." not in page
    meeting.refresh_from_db()
    data = poster_data(meeting, council=meeting.council)
    assert data["items"][0]["text"] == ["Første tekst."]
    assert data["intro"] == ["Første indledning."]
    # The editor keeps the draft and says it is not public yet.
    editor = secretary_client.get(f"/sekretariat/testraad/moeder/{meeting.pk}/letlaest/")
    assert "Ny kladde." in editor.content.decode()
    assert "ikke er offentliggjort" in editor.content.decode()

    assert post(secretary_client, meeting, "publish", "Ny indledning.",
                "Ny kladde.").status_code == 302
    page = public(anon, meeting)
    assert "Ny kladde." in page and "Første tekst." not in page


def test_migration_copies_what_was_public(meeting):
    """Meetings published before the copy existed keep showing what they showed."""
    import importlib

    from django.apps import apps

    from udsatteraad.meetings.models import Meeting

    meeting.item.easy_read = "Offentlig tekst."
    meeting.item.save(update_fields=["easy_read"])
    Meeting.objects.filter(pk=meeting.pk).update(
        easy_read_intro="Intro.", easy_read_published_at=timezone.now()
    )
    migration = importlib.import_module(
        "udsatteraad.meetings.migrations.0008_easy_read_published_copy"
    )
    migration.copy_published(apps, None)
    meeting.refresh_from_db()
    assert meeting.easy_read_published == {
        "intro": "Intro.", "items": {str(meeting.item.pk): "Offentlig tekst."}
    }
