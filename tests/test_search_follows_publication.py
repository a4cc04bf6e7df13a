"""The search index follows publication at once: every action that changes what the public
sees of a meeting updates the index in its own transaction (issue 4). Searches go through
the real engine; each test uses words that occur nowhere else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import docx_bytes as docx
from udsatteraad.meetings import agenda
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting
from udsatteraad.search.engine import search


def found(query: str, **filters) -> int:
    return search(query, **filters).total


def titles(query: str) -> list[str]:
    return [hit.document.title for hit in search(query).hits]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def base(m: Meeting) -> str:
    return f"/sekretariat/testraad/moeder/{m.pk}/"


def upload(client, item, text, title, public=True):
    data = {"title": title, "file": SimpleUploadedFile("bilag.docx", docx(text))}
    if public:
        data["is_public"] = "on"
    r = client.post(f"{base(item.meeting)}punkter/{item.pk}/bilag/", data)
    assert r.status_code == 302
    return Attachment.objects.get(item=item, title=title)


@pytest.fixture
def planned(world):
    m = Meeting.objects.create(council=world.council, title="Ordinært møde",
                               start=timezone.now() + dt.timedelta(days=30))
    agenda.create_item(meeting=m, data={
        "title": "Varmestuer om vinteren",
        "summary": "Forvaltningen foreslår flere varmestuer i Testby."})
    agenda.create_item(meeting=m, data={
        "title": "Personsag", "is_public": False,
        "summary": "Fortrolige oplysninger om en tvangsindlæggelse."})
    return m


def test_publishing_the_agenda_makes_it_searchable(planned, secretary_client):
    open_item = planned.items.get(title="Varmestuer om vinteren")
    closed_item = planned.items.get(title="Personsag")
    upload(secretary_client, open_item, "Kortlægningsrapporten om hjemløshed.", "Rapport")
    upload(secretary_client, open_item, "Hemmeligholdelsesaftalen er intern.", "Intern",
           public=False)
    upload(secretary_client, closed_item, "Journalnotatet om borgeren.", "Journal")
    assert found("varmestuer") == 0  # planned: not public yet
    assert found("kortlægningsrapporten") == 0
    r = secretary_client.post(f"{base(planned)}offentliggoer/")
    assert r.status_code == 302
    assert titles("varmestuer") == ["Varmestuer om vinteren"]
    hits = search("kortlægningsrapporten").hits
    assert [(h.document.kind, h.document.title) for h in hits] == [("attachment", "Rapport")]
    # Closed items and closed attachments are never found, by any of their words.
    for word in ("tvangsindlæggelse", "personsag", "hemmeligholdelsesaftalen", "intern",
                 "journalnotatet", "journal"):
        assert found(word) == 0, word


def test_items_and_attachments_changed_on_a_published_agenda(planned, secretary_client):
    secretary_client.post(f"{base(planned)}offentliggoer/")
    item = planned.items.get(title="Varmestuer om vinteren")
    att = upload(secretary_client, item, "Kortlægningsrapporten om hjemløshed.", "Rapport")
    assert found("kortlægningsrapporten") == 1  # added after publication: found at once
    r = secretary_client.post(f"{base(planned)}bilag/{att.pk}/")
    assert r.status_code == 302 and titles("kortlægningsrapporten") == []
    r = secretary_client.post(f"{base(planned)}punkter/ny/", {
        "title": "Natcaféer", "summary": "Forslag om natcaféer.", "origin": "administration",
        "is_public": "on", "recommendations": ""})
    assert r.status_code == 302 and found("natcaféer") == 1
    # Editing an item, and closing it: the index follows.
    item.refresh_from_db()
    data = {"title": "Varmestuer og herberger", "summary": "Flere varmestuer.",
            "origin": "administration", "recommendations": "", "revision": item.revision,
            "is_public": "on"}
    assert secretary_client.post(f"{base(planned)}punkter/{item.pk}/", data).status_code == 302
    assert titles("varmestuer") == ["Varmestuer og herberger"]
    item.refresh_from_db()
    data.update(revision=item.revision)
    del data["is_public"]
    assert secretary_client.post(f"{base(planned)}punkter/{item.pk}/", data).status_code == 302
    assert found("varmestuer") == 0 and found("herberger") == 0


def test_cancelling_a_published_meeting_removes_it(planned, secretary_client):
    secretary_client.post(f"{base(planned)}offentliggoer/")
    assert found("varmestuer") == 1
    r = secretary_client.post(f"{base(planned)}aflys/", {})
    assert r.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "cancelled" and found("varmestuer") == 0


def test_moving_a_published_meeting_moves_its_year(planned, secretary_client, world):
    secretary_client.post(f"{base(planned)}offentliggoer/")
    old_year = timezone.localtime(planned.start).year
    assert found("varmestuer", year=old_year) == 1
    r = secretary_client.post(f"{base(planned)}rediger/", {
        "kind": "ordinary", "title": "Ordinært møde", "date": f"{old_year + 1}-03-02",
        "start_time": "17:00", "confirm": "on"})
    assert r.status_code == 302, r.content.decode()[:3000]
    assert found("varmestuer", year=old_year) == 0
    assert found("varmestuer", year=old_year + 1) == 1


@pytest.fixture
def approved(world):
    """Held and approved minutes whose agenda is public (indexed as published agendas are)."""
    from udsatteraad.search.indexing import reindex_meeting

    m = Meeting.objects.create(council=world.council, status="minutes_approved",
                               title="Ordinært møde", minutes_approved_at=timezone.now(),
                               start=timezone.now() - dt.timedelta(days=7))
    AgendaItem.objects.create(meeting=m, number=1, position=1, title="Tilbud om natten",
                              summary="Status på tilbud om natten.",
                              decision="Rådet anbefaler natcaféer.")
    reindex_meeting(meeting=m)
    return m


def edit_decision(client, m, text):
    item = m.items.get()
    r = client.post(f"{base(m)}referat/beslutning/", {
        "item": item.pk, f"item-{item.pk}-decision": text,
        f"item-{item.pk}-revision": item.revision})
    assert r.status_code == 302


def test_minutes_publish_correct_withdraw_republish(approved, secretary_client):
    m = approved
    publish = f"{base(m)}referat/offentliggoer/"
    assert found("natten") == 1 and found("natcaféer") == 0  # agenda only, no decision
    assert secretary_client.post(publish).status_code == 302
    assert found("natcaféer") == 1
    edit_decision(secretary_client, m, "Rådet anbefaler sprøjterum.")
    assert found("natcaféer") == 1 and found("sprøjterum") == 0  # unpublished edit
    r = secretary_client.post(publish, {"change_note": "Beslutningen var forkert gengivet."})
    assert r.status_code == 302
    assert found("natcaféer") == 0 and found("sprøjterum") == 1
    r = secretary_client.post(f"{base(m)}referat/tilbagekald/", {"reason": "Fejl i referatet."})
    assert r.status_code == 302
    assert found("sprøjterum") == 0
    assert titles("natten") == ["Tilbud om natten"]  # the agenda stays public
    r = secretary_client.post(publish, {"change_note": "Offentliggjort igen."})
    assert r.status_code == 302 and found("sprøjterum") == 1


def test_minutes_loaded_from_a_file_are_searchable(world):
    from udsatteraad.meetings.loader import load_meeting_file

    text = """
council: testraad
title: Indlæst møde
status: minutes_published
date: 2021-09-27
start: '17:00'
items:
- number: 1
  title: Værestedernes åbningstider
  decision: Rådet ønsker døgnåbne væresteder.
- number: 2
  title: Lukket punkt
  public: false
  decision: Personfølsomme forhold.
"""
    load_meeting_file("indlaest.yaml", text)
    assert titles("døgnåbne") == ["Værestedernes åbningstider"]
    assert found("personfølsomme") == 0


def test_imported_minutes_are_searchable(world):
    from udsatteraad.imports.actions import import_document
    from udsatteraad.imports.parser import ParsedDocument, ParsedItem, ParsedMeeting

    document = ParsedDocument(
        meeting=ParsedMeeting(title="Udsatterådet d. 01-03-2021", date=dt.date(2021, 3, 1),
                              start_time=dt.time(17), location="Rådhuset"),
        items=[ParsedItem(number=1, title="Gadesygepleje",
                          decision="Rådet støtter fodterapeuter på herbergerne.")])
    meeting, outcome = import_document(council=world.council, document=document)
    assert outcome == "created" and found("fodterapeuter") == 1
    document.items[0].decision = "Rådet støtter tandpleje for hjemløse."
    import_document(council=world.council, document=document)
    assert found("fodterapeuter") == 0 and found("tandpleje") == 1
    assert titles("gadesygepleje") == ["Gadesygepleje"]


def test_deleted_attachment_is_not_counted(planned, secretary_client):
    secretary_client.post(f"{base(planned)}offentliggoer/")
    item = planned.items.get(title="Varmestuer om vinteren")
    att = upload(secretary_client, item, "Kortlægningsrapporten om hjemløshed.", "Rapport")
    secretary_client.post(f"{base(planned)}bilag/{att.pk}/")
    assert found("kortlægningsrapporten") == 0
