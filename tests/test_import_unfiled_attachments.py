"""Attachments an imported document lists without their file (issue 15): stored as Attachment
rows without a file, shown as names and never as links that answer 404: on the public page,
the members' page, in the PDFs and in OParl (where a File needs an accessUrl, so they are named
in the paper's text instead)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from udsatteraad.imports.actions import import_document
from udsatteraad.imports.parser import ParsedDocument, ParsedItem, ParsedMeeting
from udsatteraad.meetings.models import Attachment

NAME = "Bilag 1: Årsrapport for varmestuerne 2021"


@pytest.fixture
def imported(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = ParsedDocument(
        meeting=ParsedMeeting(title="Referat Udsatterådet", date=dt.date(2021, 9, 27),
                              start_time=dt.time(17, 0), location="Rådhuset"),
        items=[ParsedItem(number=1, title="Årsrapport for varmestuerne",
                          case_number="27.15.00-A08-1-21",
                          case_presentation="Sekretariatet orienterer om årets tal.",
                          decision="Taget til efterretning.",
                          attachments=[NAME])],
    )
    meeting, _ = import_document(council=world.council, document=document)
    item = meeting.items.get()
    unfiled = item.attachments.get()
    assert not unfiled.file  # how imports store them: a name, no file
    filed = Attachment(item=item, title="Bilag 2: Kort over stederne",
                       content_type="image/png", position=2)
    filed.file.save("kort.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 32), save=True)
    return meeting, item, unfiled, filed


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def test_public_and_member_pages_show_the_name_without_a_link(imported, anon, member_client):
    meeting, item, unfiled, filed = imported
    slug = meeting.council.slug
    for client, url in ((anon, reverse("front:meeting", args=[slug, meeting.pk])),
                        (member_client, reverse("meetings:member-meeting",
                                                args=[meeting.pk]))):
        html = client.get(url).content.decode()
        assert NAME in html
        assert reverse("meetings:public-attachment", args=[slug, meeting.pk, unfiled.pk]) \
            not in html
        assert reverse("meetings:public-attachment", args=[slug, meeting.pk, filed.pk]) in html
    assert anon.get(reverse("meetings:public-attachment",
                            args=[slug, meeting.pk, unfiled.pk])).status_code == 404


def test_pdfs_name_it_without_a_link(imported, anon):
    meeting, *_ = imported
    slug = meeting.council.slug
    minutes = anon.get(reverse("meetings:minutes-pdf", args=[slug, meeting.pk]))
    assert minutes.status_code == 200
    assert "Årsrapport for varmestuerne 2021" in pdf_text(b"".join(minutes.streaming_content)
                                                          if minutes.streaming else
                                                          minutes.content)
    bundle = anon.get(reverse("meetings:attachments-pdf", args=[slug, meeting.pk]))
    data = b"".join(bundle.streaming_content) if bundle.streaming else bundle.content
    text = pdf_text(data)
    assert "Årsrapport for varmestuerne 2021" in text and "ingen fil" in text
    links = [annot.get_object().get("/A", {}).get("/URI", "")
             for page in PdfReader(io.BytesIO(data)).pages
             for annot in page.get("/Annots") or []]
    assert any(str(link).endswith(f"/{imported[3].pk}/") for link in links)
    assert not any(str(link).endswith(f"/{imported[2].pk}/") for link in links)


def test_oparl_names_it_in_the_paper_and_lists_only_files_with_an_address(imported, anon):
    meeting, item, unfiled, filed = imported
    paper = anon.get(reverse("oparl:paper", args=[item.pk])).json()
    assert [f["name"] for f in paper["auxiliaryFile"]] == [filed.title]
    assert all(f.get("accessUrl") for f in paper["auxiliaryFile"])
    text = paper["mainFile"]["text"]
    assert "Bilag, der ikke findes som fil:" in text and f"- {NAME}" in text
    agenda_item = anon.get(reverse("oparl:agendaitem", args=[item.pk])).json()
    assert [f["name"] for f in agenda_item["auxiliaryFile"]] == [filed.title]
    assert anon.get(reverse("oparl:file", args=[unfiled.pk])).status_code == 404
    assert anon.get(reverse("oparl:file", args=[filed.pk])).status_code == 200
    files = anon.get(reverse("oparl:body-files", args=[meeting.council.authority_id])).json()
    assert all(f.get("accessUrl") for f in files["data"])
    assert NAME not in {f["name"] for f in files["data"]}
