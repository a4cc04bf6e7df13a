"""Easy-read (issue 19): every section shows its LIX and long words; a section at or above the
council's LIX target needs a reason before publication, and the reason is kept; headings can be
rewritten in plain language; personal data stops publication (the publication guard); the
council's page lists published minutes without an easy-read version; publishing minutes leads
to the easy-read editor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

HARD = ("Forvaltningen orienterede vedrørende implementeringen af handleplanen for "
        "socialpsykiatrien.")  # LIX far above 25
EASY = "Vi talte om mad. Det var godt."  # LIX 3.5, shown as 4
MEDIUM = "Rådet talte om boligerne i kommunen og om væresteder."  # LIX 42


@pytest.fixture
def meeting(world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    m = Meeting.objects.create(
        council=world.council, title="Ordinært møde", status="minutes_published",
        start=timezone.now() - dt.timedelta(days=14),
    )
    m.item = AgendaItem.objects.create(meeting=m, number=5, position=1,
                                       title="Orientering om implementeringsplanen")
    return m


def url(m, rest=""):
    return f"/sekretariat/testraad/moeder/{m.pk}/letlaest/{rest}"


def publish(client, m, text, reason="", title=""):
    return client.post(url(m, "offentliggoer/"), {
        "intro": "", f"item-{m.item.pk}": text, f"title-{m.item.pk}": title, "reason": reason})


def test_editor_shows_lix_long_words_and_target_per_section(secretary_client, meeting):
    meeting.item.easy_read = HARD
    meeting.item.save(update_fields=["easy_read"])
    html = secretary_client.get(url(meeting)).content.decode()
    assert "Rådets mål er en LIX under 25" in html
    assert "Lange ord (mere end 6 bogstaver):" in html and "socialpsykiatrien" in html
    assert "Over rådets mål: LIX under 25." in html
    assert f'name="title-{meeting.item.pk}"' in html and 'name="reason"' in html


def test_lix_fragment_says_when_a_section_is_over_the_target(secretary_client, meeting):
    field = f"item-{meeting.item.pk}"
    over = secretary_client.post(url(meeting, "lix/"), {"field": field, field: HARD})
    under = secretary_client.post(url(meeting, "lix/"), {"field": field, field: EASY})
    assert "Over rådets mål" in over.content.decode()
    assert "Over rådets mål" not in under.content.decode()


def test_publishing_above_the_target_needs_a_reason_which_is_kept(secretary_client, meeting,
                                                                  world):
    from udsatteraad.easyread.models import Publication

    response = publish(secretary_client, meeting, HARD)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rådets mål er en LIX under 25. Disse afsnit er over: Punkt 5 (LIX" in html
    assert HARD in html  # the typed text is kept
    meeting.refresh_from_db()
    assert meeting.easy_read_published_at is None and not Publication.objects.exists()

    reason = "Ordet socialpsykiatrien kan ikke undgås."
    assert publish(secretary_client, meeting, HARD, reason=reason).status_code == 302
    meeting.refresh_from_db()
    assert meeting.easy_read_published_at is not None
    publication = Publication.objects.get()
    assert publication.reason == reason and publication.published_by == world.secretary
    assert publication.lix_target == 25 and publication.highest_lix >= 25
    assert publication.above_target
    assert reason in secretary_client.get(url(meeting)).content.decode()


def test_text_under_the_target_needs_no_reason(secretary_client, meeting):
    from udsatteraad.easyread.models import Publication

    assert publish(secretary_client, meeting, EASY, reason="Ikke nødvendig.").status_code == 302
    publication = Publication.objects.get()
    assert publication.highest_lix == 4 and publication.reason == ""  # nothing to explain


def test_the_council_sets_its_target(secretary_client, meeting, world):
    from udsatteraad.easyread.models import settings_for

    page = "/sekretariat/testraad/letlaest/"
    assert secretary_client.post(f"{page}maal/", {"lix_target": "3"}).status_code == 400
    assert secretary_client.post(f"{page}maal/", {"lix_target": "45"}).status_code == 302
    assert settings_for(world.council).lix_target == 45
    assert publish(secretary_client, meeting, MEDIUM).status_code == 302  # 42 is under 45


def test_plain_heading_on_public_page_and_poster(secretary_client, anon, meeting):
    from udsatteraad.easyread.poster import poster_data

    assert publish(secretary_client, meeting, EASY, title="Planen for hjælp").status_code == 302
    meeting.item.refresh_from_db()
    assert meeting.item.easy_read_title == "Planen for hjælp"
    assert meeting.item.title == "Orientering om implementeringsplanen"  # agenda untouched
    html = anon.get(f"/raad/testraad/moeder/{meeting.pk}/letlaest/").content.decode()
    assert "Planen for hjælp</h2>" in html and "implementeringsplanen" not in html
    meeting.refresh_from_db()
    assert poster_data(meeting, council=meeting.council)["items"][0]["title"] == \
        "Planen for hjælp"


def test_blank_heading_keeps_the_agenda_title(secretary_client, anon, meeting):
    assert publish(secretary_client, meeting, EASY).status_code == 302
    html = anon.get(f"/raad/testraad/moeder/{meeting.pk}/letlaest/").content.decode()
    assert "Orientering om implementeringsplanen</h2>" in html


def test_a_new_heading_alone_is_an_unpublished_change(secretary_client, meeting):
    from udsatteraad.easyread.actions import has_unpublished_changes

    assert publish(secretary_client, meeting, EASY).status_code == 302
    secretary_client.post(url(meeting, "gem/"), {f"item-{meeting.item.pk}": EASY,
                                                 f"title-{meeting.item.pk}": "Ny overskrift"})
    meeting.refresh_from_db()
    assert has_unpublished_changes(meeting)


def test_personal_data_blocks_publication(secretary_client, meeting):
    text = "Ring til Hans på 23 45 67 89. Han hjælper."
    response = publish(secretary_client, meeting, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "personoplysninger" in html and "telefonnummer" in html and "Punkt 5" in html
    meeting.refresh_from_db()
    assert meeting.easy_read_published_at is None


def test_council_page_lists_published_minutes_without_easy_read(secretary_client, meeting):
    from udsatteraad.easyread.actions import published_without_easy_read

    assert list(published_without_easy_read(meeting.council)) == [meeting]
    html = secretary_client.get("/sekretariat/testraad/").content.decode()
    assert "Referater uden let udgave" in html and url(meeting) in html
    assert publish(secretary_client, meeting, EASY).status_code == 302
    assert list(published_without_easy_read(meeting.council)) == []
    html = secretary_client.get("/sekretariat/testraad/").content.decode()
    assert url(meeting) not in html
    assert "Alle offentliggjorte referater har en let udgave." in html


def test_publishing_minutes_leads_to_the_easy_read_editor(secretary_client, meeting):
    from udsatteraad.meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(status="minutes_approved",
                                                 minutes_approved_at=timezone.now())
    response = secretary_client.post(
        f"/sekretariat/testraad/moeder/{meeting.pk}/referat/offentliggoer/", {})
    assert response.status_code == 302
    assert response["Location"] == url(meeting)
    html = secretary_client.get(url(meeting)).content.decode()
    assert "Skriv nu den lette udgave" in html
