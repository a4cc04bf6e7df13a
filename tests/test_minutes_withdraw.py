"""Withdrawing published minutes: the secretariat takes them off the public site with a
reason; the public sees the agenda without decisions (page, PDF, feeds, OParl) under a notice
saying when and why, the approval stands, and publishing again needs a note, makes the next
version and ends the withdrawal (the history keeps it). A re-import or a reload of the file
does not publish withdrawn minutes again."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

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


def day(value) -> str:
    with translation.override("da"):
        return date_format(timezone.localtime(value), "j. F Y")


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
    # The agenda's text goes with the minutes (issue 10): the items by title only.
    assert "Herberger" in html and "Status på herbergspladser." not in html
    assert anon.get(f"/raad/testraad/moeder/{m.pk}/referat.pdf").status_code == 404
    # Who, when and why: on the meeting while withdrawn, and in its history.
    assert m.minutes_withdrawn_by == world.secretary
    assert m.minutes_withdrawn_at is not None
    assert m.minutes_withdrawal_reason == "Referatet nævner en borger ved navn."
    assert day(m.minutes_withdrawn_at) in page
    row = m.history.order_by("-history_date", "-history_id").first()
    assert row.history_user == world.secretary
    assert row.minutes_withdrawn_by_id == world.secretary.pk
    assert row.minutes_withdrawal_reason == "Referatet nævner en borger ved navn."


def test_public_page_says_when_and_why_with_the_reason_escaped(m, secretary_client, anon):
    reason = "Nævner <script>alert(1)</script> & en borger.\r\nAnden linje."
    assert withdraw(secretary_client, m, reason).status_code == 302
    m.refresh_from_db()
    html = public(anon, m)
    assert f"Referatet er trukket tilbage den {day(m.minutes_withdrawn_at)}." in html
    assert "Nævner &lt;script&gt;alert(1)&lt;/script&gt; &amp; en borger.<br>Anden linje." in html
    assert "<script>alert(1)" not in html
    assert "Derfor viser siden kun punkternes titler." in html
    assert "Når referatet er godkendt, kan du læse, hvad rådet besluttede" not in html
    assert html.index("trukket tilbage den") < html.index("Herberger")  # near the top
    assert DECISION not in html and "Status på herbergspladser." not in html
    # Who withdrew it is for the secretariat, not the public.
    assert "Sigrid" not in html


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
    r = withdraw(secretary_client, m, "x" * 2001)
    body = r.content.decode()
    assert r.status_code == 400 and "højst være 2000 tegn" in body
    assert "x" * 2001 in body  # kept in the field
    m.refresh_from_db()
    assert m.status == "minutes_published" and m.minutes_withdrawn_at is None


def test_long_reason_up_to_the_limit_is_kept_whole_and_stripped(m, secretary_client):
    reason = "Nævner en borger. " + "y" * 1982
    assert len(reason) == 2000
    assert withdraw(secretary_client, m, f"  {reason}\n ").status_code == 302
    m.refresh_from_db()
    assert m.minutes_withdrawal_reason == reason


def test_withdraw_minutes_checks_the_reason_without_the_form(m, world):
    from udsatteraad.meetings.minutes import MinutesError, withdraw_minutes

    with pytest.raises(MinutesError, match="højst være 2000 tegn"):
        withdraw_minutes(meeting=m, user=world.secretary, reason="z" * 2001)
    with pytest.raises(MinutesError, match="Skriv, hvorfor"):
        withdraw_minutes(meeting=m, user=world.secretary, reason=" \n ")
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
    r = secretary_client.post(f"/sekretariat/testraad/moeder/{m.pk}/referat/beslutning/", {
        "item": item.pk,
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
    assert "trukket tilbage den" not in html


def test_republish_unchanged_after_mistaken_withdrawal(m, secretary_client, anon, world):
    withdraw(secretary_client, m, "Trukket tilbage ved en fejl.")
    r = secretary_client.post(f"/sekretariat/testraad/moeder/{m.pk}/referat/offentliggoer/",
                              {"change_note": "Referatet var trukket tilbage ved en fejl."})
    assert r.status_code == 302
    assert m.minutes_versions.count() == 2
    html = public(anon, m)
    assert DECISION in html and "trukket tilbage den" not in html
    m.refresh_from_db()
    assert (m.minutes_withdrawn_at, m.minutes_withdrawn_by, m.minutes_withdrawal_reason) == (
        None, None, "")
    # The history keeps the withdrawal.
    row = m.history.filter(minutes_withdrawn_at__isnull=False).get()
    assert row.minutes_withdrawal_reason == "Trukket tilbage ved en fejl."
    assert row.minutes_withdrawn_by_id == world.secretary.pk
    assert m.history.order_by("-history_date", "-history_id").first().status == (
        "minutes_published")
    body = secretary_client.get(f"/sekretariat/testraad/moeder/{m.pk}/referat/").content.decode()
    assert "Trukket tilbage ved en fejl." not in body and f'action="{url(m)}"' in body


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


# A re-import or reload does not publish withdrawn minutes again ---------------------------

IMPORT_FILE = Path(__file__).resolve().parent / "data" / "import" / "dotted_emn.txt"
IMPORTED_DECISION = "Drøftet. Udtalelse sendes."


def import_report(tmp_path) -> tuple[str, dict]:
    out, report = io.StringIO(), tmp_path / "rapport.json"
    call_command("import_minutes", str(IMPORT_FILE), "--council", "testraad", "--report",
                 str(report), stdout=out, stderr=io.StringIO())
    return out.getvalue(), json.loads(report.read_text(encoding="utf-8"))


def test_reimport_keeps_withdrawn_minutes_withdrawn(world, secretary_client, anon, tmp_path):
    from udsatteraad.meetings.models import Meeting

    import_report(tmp_path)
    meeting = Meeting.objects.get(council=world.council)
    assert IMPORTED_DECISION in public(anon, meeting)
    assert withdraw(secretary_client, meeting, "Nævner en borger.").status_code == 302

    out, report = import_report(tmp_path)
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"
    assert meeting.minutes_withdrawal_reason == "Nævner en borger."
    assert meeting.minutes_versions.count() == 1
    warning = report["documents"][0]["warnings"][-1]
    assert "er stadig trukket tilbage" in warning and day(meeting.minutes_withdrawn_at) in warning
    assert "advarsel: Referatet til »Referat fra møde i Udsatterådet« blev trukket tilbage" in out
    html = public(anon, meeting)
    assert IMPORTED_DECISION not in html and "trukket tilbage den" in html


def form_data(html: str) -> dict:
    """The review form's fields as a browser posts them."""
    form = html.split('<h2 id="parsed-title">', 1)[1].split("</form>", 1)[0]
    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and name[1] != "csrfmiddlewaretoken" and (
                'type="checkbox"' not in tag or "checked" in tag):
            data[name[1]] = value[1] if value else "on"
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form,
                                  re.S):
        data[name] = value.removeprefix("\n")
    return data


def test_import_page_says_the_minutes_stay_withdrawn(world, secretary_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from udsatteraad.meetings.models import Meeting

    def upload_and_save():
        secretary_client.post("/sekretariat/testraad/import/", {
            "document": SimpleUploadedFile("referat.txt", IMPORT_FILE.read_bytes())})
        review = "/sekretariat/testraad/import/gennemse/"
        data = form_data(secretary_client.get(review).content.decode())
        return secretary_client.post(review, data, follow=True).content.decode()

    upload_and_save()
    meeting = Meeting.objects.get(council=world.council)
    assert meeting.status == "minutes_published"
    withdraw(secretary_client, meeting)
    body = upload_and_save()
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"
    assert "er stadig trukket tilbage, selv om filen siger, at det er offentliggjort" in body


MEETING_FILE = """
council: testraad
title: Indlæst møde
status: minutes_published
date: 2021-09-27
start: '17:00'
items:
- number: 1
  title: Værestedernes åbningstider
  decision: {decision}
"""


def test_reload_keeps_withdrawn_minutes_withdrawn(world, secretary_client, anon):
    from udsatteraad.meetings.loader import load_meeting_file

    meeting = load_meeting_file("m.yaml", MEETING_FILE.format(decision="Døgnåbent.")).meeting
    assert "Døgnåbent." in public(anon, meeting)
    assert withdraw(secretary_client, meeting, "Forkert møde.").status_code == 302

    result = load_meeting_file("m.yaml", MEETING_FILE.format(decision="Åbent til kl. 22."))
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved" and meeting.minutes_versions.count() == 1
    assert len(result.warnings) == 1 and "Indlæst møde" in result.warnings[0]
    html = public(anon, meeting)
    assert "Åbent til kl. 22." not in html and "Døgnåbent." not in html
    assert "Forkert møde." in html
    # A meeting that was never withdrawn loads as published, without a warning.
    other = load_meeting_file("n.yaml", MEETING_FILE.replace("2021-09-27", "2021-10-25")
                              .format(decision="Godkendt."))
    assert other.warnings == [] and other.meeting.status == "minutes_published"
