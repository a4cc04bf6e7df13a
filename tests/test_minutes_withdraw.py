"""Withdrawing published minutes: the secretariat takes them off the public site with a
reason; the public sees the agenda without decisions (page, PDF, feeds, OParl), the approval
stands, and publishing again needs a note and makes the next version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

DECISION = "Rådet anbefalede flere pladser på herberget i Testby."


@pytest.fixture
def m(world, secretary_client):
    """A meeting whose minutes the secretariat has published (version 1)."""
    from udsatteraad.meetings.models import AgendaItem, Meeting

    meeting = Meeting.objects.create(council=world.council, status="minutes_approved",
                                     title="Ordinært møde",
                                     start=timezone.now() - dt.timedelta(days=7),
                                     minutes_approved_at=timezone.now(),
                                     minutes_approved_by=world.chair)
    AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Herberger",
                              summary="Status på herbergspladser.", decision=DECISION)
    r = secretary_client.post(f"/sekretariat/testraad/moeder/{meeting.pk}/referat/offentliggoer/")
    assert r.status_code == 302
    return meeting


def url(m, slug="testraad") -> str:
    return f"/sekretariat/{slug}/moeder/{m.pk}/referat/tilbagekald/"


def withdraw(client, m, reason="Offentliggjort ved en fejl."):
    return client.post(url(m), {"reason": reason})


def public(anon, m) -> str:
    return anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()


def test_secretary_withdraws_and_public_page_hides_decisions(m, secretary_client, anon, world):
    assert DECISION in public(anon, m)
    r = withdraw(secretary_client, m, "Referatet nævner en borger ved navn.")
    assert r.status_code == 302
    assert r["Location"] == f"/sekretariat/testraad/moeder/{m.pk}/referat/"
    page = secretary_client.get(r["Location"]).content.decode()
    assert "Referatet er trukket tilbage." in page  # the confirmation message
    assert "Begrundelse: Referatet nævner en borger ved navn." in page
    assert world.secretary.name in page
    m.refresh_from_db()
    assert m.status == "minutes_approved" and m.minutes_approved_at is not None
    html = public(anon, m)
    assert DECISION not in html
    assert "Herberger" in html and "Status på herbergspladser." in html  # the agenda stays
    assert anon.get(f"/raad/testraad/moeder/{m.pk}/referat.pdf").status_code == 404
    # Who, when and why: the meeting's history row.
    row = m.history.order_by("-history_date", "-history_id").first()
    assert row.history_user == world.secretary
    assert row.history_change_reason == "Referatet nævner en borger ved navn."


def test_feeds_and_oparl_drop_withdrawn_minutes(m, secretary_client, anon):
    from udsatteraad.meetings.models import MinutesVersion

    # A correction first, so the feed has a correction entry to lose as well.
    MinutesVersion.objects.create(meeting=m, number=2, published_at=timezone.now(),
                                  change_note="Stavefejl rettet.", snapshot={"items": []})
    feed = anon.get("/raad/testraad/feed.atom").content.decode()
    assert "Stavefejl rettet." in feed and "#referat" in feed
    assert "referat.pdf" in anon.get(f"/oparl/v1.1/meeting/{m.pk}/").content.decode()
    assert withdraw(secretary_client, m).status_code == 302
    feed = anon.get("/raad/testraad/feed.atom").content.decode()
    assert "Stavefejl rettet." not in feed and "#referat" not in feed
    oparl = anon.get(f"/oparl/v1.1/meeting/{m.pk}/").content.decode()
    assert "referat.pdf" not in oparl and DECISION not in oparl


def test_reason_is_required_and_typed_text_kept(m, secretary_client):
    r = withdraw(secretary_client, m, "   ")
    assert r.status_code == 400
    assert "Skriv, hvorfor referatet trækkes tilbage." in r.content.decode()
    r = withdraw(secretary_client, m, "x" * 101)
    body = r.content.decode()
    assert r.status_code == 400 and "højst være 100 tegn" in body
    assert "x" * 101 in body  # kept in the field
    m.refresh_from_db()
    assert m.status == "minutes_published"


def test_only_published_minutes_can_be_withdrawn(m, secretary_client):
    assert withdraw(secretary_client, m).status_code == 302
    r = withdraw(secretary_client, m)
    assert r.status_code == 400
    assert "Kun et offentliggjort referat kan trækkes tilbage." in r.content.decode()


@pytest.mark.parametrize("persona", ["anon", "member_client", "chair_client",
                                     "other_secretary_client"])
def test_others_cannot_withdraw(m, persona, request):
    client = request.getfixturevalue(persona)
    r = withdraw(client, m)
    assert r.status_code == {"anon": 302}.get(persona, 403)
    m.refresh_from_db()
    assert m.status == "minutes_published"


def test_other_council_url_is_404(m, other_secretary_client):
    assert withdraw(other_secretary_client, m).status_code == 403
    r = other_secretary_client.post(url(m, "andetraad"), {"reason": "Fejl"})
    assert r.status_code == 404


def test_get_is_not_allowed(m, secretary_client):
    assert secretary_client.get(url(m)).status_code == 405


def test_republish_needs_a_note_and_makes_the_next_version(m, secretary_client, anon):
    withdraw(secretary_client, m, "Nævner en borger.")
    item = m.items.get()
    item.refresh_from_db()
    # Corrected while withdrawn: the approval stands (no new approval needed).
    r = secretary_client.post(f"/sekretariat/testraad/moeder/{m.pk}/referat/", {
        "action": "decision", "item": item.pk,
        f"item-{item.pk}-decision": "Rådet anbefalede flere pladser på herberget.",
        f"item-{item.pk}-revision": item.revision})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == "minutes_approved"
    publish = f"/sekretariat/testraad/moeder/{m.pk}/referat/offentliggoer/"
    assert "Offentliggør version 2" in secretary_client.get(publish).content.decode()
    r = secretary_client.post(publish, {"change_note": ""})
    assert r.status_code == 400 and "Skriv en note om, hvad der er rettet" in r.content.decode()
    r = secretary_client.post(publish, {"change_note": "Borgerens navn er fjernet."})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == "minutes_published"
    assert list(m.minutes_versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    html = public(anon, m)
    assert "Rådet anbefalede flere pladser på herberget." in html
    assert DECISION not in html.replace("Rådet anbefalede flere pladser på herberget.", "")
    assert "Borgerens navn er fjernet." in html


def test_republish_unchanged_after_mistaken_withdrawal(m, secretary_client, anon):
    withdraw(secretary_client, m, "Trukket tilbage ved en fejl.")
    r = secretary_client.post(f"/sekretariat/testraad/moeder/{m.pk}/referat/offentliggoer/",
                              {"change_note": "Referatet var trukket tilbage ved en fejl."})
    assert r.status_code == 302
    assert m.minutes_versions.count() == 2
    assert DECISION in public(anon, m)


def test_imported_minutes_keep_what_was_public_as_version_one(world, secretary_client):
    """Minutes published outside the system have no version: the withdrawal keeps the text
    the public saw, so publishing again is a correction with a note."""
    from udsatteraad.meetings.models import AgendaItem, Meeting

    meeting = Meeting.objects.create(council=world.council, status="minutes_published",
                                     title="Importeret møde",
                                     start=timezone.now() - dt.timedelta(days=400))
    AgendaItem.objects.create(meeting=meeting, number=1, title="Emne", decision=DECISION)
    assert withdraw(secretary_client, meeting).status_code == 302
    version = meeting.minutes_versions.get()
    assert version.number == 1 and version.snapshot["items"][0]["decision"] == DECISION


def test_easy_read_is_unpublished_with_the_minutes(m, secretary_client, anon):
    from udsatteraad.meetings.models import Meeting

    Meeting.objects.filter(pk=m.pk).update(easy_read_published_at=timezone.now())
    assert anon.get(f"/raad/testraad/moeder/{m.pk}/letlaest/").status_code == 200
    withdraw(secretary_client, m)
    m.refresh_from_db()
    assert m.easy_read_published_at is None
    assert anon.get(f"/raad/testraad/moeder/{m.pk}/letlaest/").status_code == 404
    assert "letlaest" not in public(anon, m)


def test_minutes_page_offers_the_form_only_when_published(m, secretary_client):
    page = f"/sekretariat/testraad/moeder/{m.pk}/referat/"
    body = secretary_client.get(page).content.decode()
    assert f'action="{url(m)}"' in body and '<label for="id_reason">' in body
    withdraw(secretary_client, m)
    body = secretary_client.get(page).content.decode()
    assert f'action="{url(m)}"' not in body
    assert "Offentliggør referatet igen" in body
