"""Attachments: accepted by content, size-limited, and never served when closed."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from udsatteraad.meetings import agenda
from udsatteraad.meetings.attachments import detect_content_type
from udsatteraad.meetings.models import Attachment, Meeting


def one_page_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = one_page_pdf()  # a PDF must open with at least one page to be accepted
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40


def zipped(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
PLAIN_ZIP = zipped({"notes.txt": b"hej"})


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(world):
    m = Meeting.objects.create(
        council=world.council, title="Møde om bilag",
        start=dt.datetime(2027, 3, 1, 17, tzinfo=ZoneInfo("Europe/Copenhagen")),
    )
    agenda.create_item(meeting=m, data={"title": "Åbent punkt"})
    agenda.create_item(meeting=m, data={"title": "Lukket punkt", "is_public": False})
    return m


def upload_url(meeting, item) -> str:
    return f"/sekretariat/testraad/moeder/{meeting.pk}/punkter/{item.pk}/bilag/"


def upload(client, meeting, item, name, content, title="Notat", public=True):
    data = {"title": title, "file": SimpleUploadedFile(name, content, "application/pdf")}
    if public:
        data["is_public"] = "on"
    return client.post(upload_url(meeting, item), data)


@pytest.mark.parametrize("content,expected", [
    (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"),
    (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (ODT, "application/vnd.oasis.opendocument.text"),
    (EXE, None), (PLAIN_ZIP, None), (b"just text", None), (b"PK\x03\x04broken", None),
])
def test_detect_by_content(content, expected):
    assert detect_content_type(io.BytesIO(content)) == expected


def test_upload_stores_type_size_and_hash(meeting, secretary_client):
    import hashlib

    item = meeting.items.get(title="Åbent punkt")
    r = upload(secretary_client, meeting, item, "billede.pdf", PNG, title="Kort over byen")
    assert r.status_code == 302
    att = item.attachments.get()
    assert att.content_type == "image/png"  # the name said pdf; the content decides
    assert att.file.name.endswith(".png")
    assert att.size == len(PNG) and att.sha256 == hashlib.sha256(PNG).hexdigest()


@pytest.mark.parametrize("content", [EXE, PLAIN_ZIP, b"Hej, jeg er en tekstfil"])
def test_wrong_type_renamed_pdf_is_refused(meeting, secretary_client, content):
    item = meeting.items.get(title="Åbent punkt")
    r = upload(secretary_client, meeting, item, "rapport.pdf", content, title="Min rapport")
    body = r.content.decode()
    assert r.status_code == 400
    assert "Filtypen kan ikke bruges" in body and "PDF, DOCX, XLSX, ODT, PNG, JPEG" in body
    assert "Min rapport" in body  # the title the user typed is kept
    assert not Attachment.objects.exists()


def test_oversized_file_is_refused(meeting, secretary_client, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    item = meeting.items.get(title="Åbent punkt")
    r = upload(secretary_client, meeting, item, "stor.pdf", PDF + b"0" * (1024 * 1024))
    body = r.content.decode()
    assert "Filen er for stor" in body and "1 MB" in body
    assert not Attachment.objects.exists()


def test_secretariat_download_and_delete(meeting, secretary_client, other_secretary_client):
    item = meeting.items.get(title="Lukket punkt")
    upload(secretary_client, meeting, item, "a.pdf", PDF, public=False)
    att = Attachment.objects.get()
    path = f"/sekretariat/testraad/moeder/{meeting.pk}/bilag/{att.pk}/"
    r = secretary_client.get(path)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in r["Content-Disposition"]
    assert other_secretary_client.get(path).status_code == 403
    assert other_secretary_client.get(
        f"/sekretariat/andetraad/moeder/{meeting.pk}/bilag/{att.pk}/").status_code == 404
    assert secretary_client.post(path).status_code == 302
    assert not Attachment.objects.exists()


def test_public_download_only_open_and_published(meeting, secretary_client, anon):
    open_item = meeting.items.get(title="Åbent punkt")
    closed_item = meeting.items.get(title="Lukket punkt")
    upload(secretary_client, meeting, open_item, "a.pdf", PDF, title="Åbent bilag")
    upload(secretary_client, meeting, open_item, "b.pdf", PDF, title="Lukket bilag",
           public=False)
    upload(secretary_client, meeting, closed_item, "c.pdf", PDF, title="På lukket punkt")
    open_att, closed_att, on_closed = (Attachment.objects.get(title=t) for t in
                                       ("Åbent bilag", "Lukket bilag", "På lukket punkt"))

    def public(att, slug="testraad"):
        return anon.get(f"/raad/{slug}/moeder/{meeting.pk}/bilag/{att.pk}/")

    assert public(open_att).status_code == 404  # agenda not yet published
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.AGENDA_PUBLISHED)
    r = public(open_att)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["Content-Type"] == "application/pdf"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"].startswith("attachment; filename")
    assert "bilag.pdf" in r["Content-Disposition"]
    assert public(closed_att).status_code == 404
    assert public(on_closed).status_code == 404
    assert public(open_att, slug="andetraad").status_code == 404


def test_upload_refused_after_minutes_published(meeting, secretary_client):
    item = meeting.items.get(title="Åbent punkt")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_PUBLISHED)
    r = upload(secretary_client, meeting, item, "a.pdf", PDF)
    assert "Referatet er offentliggjort" in r.content.decode()
    assert not Attachment.objects.exists()
