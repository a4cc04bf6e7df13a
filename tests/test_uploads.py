"""Uploads: zip containers are checked for member count and unpacked size before anything
unpacks them; a "PDF" must open (pypdf, at least one page) and must not be a polyglot; files
are stored under unguessable names."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from udsatteraad.meetings import agenda
from udsatteraad.meetings.models import Attachment, Meeting

IMPORT = "/sekretariat/testraad/import/"


def zipped(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def docx_bomb(declared: int = 400 * 1024 * 1024) -> bytes:
    """A small DOCX whose directory says word/document.xml unpacks to `declared` bytes, as a
    real zip bomb's does (without spending the time to compress 400 MB here)."""
    data = bytearray(zipped({
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document>" + b"x" * 400_000 + b"</w:document>",
    }))
    start = 0
    while (pos := data.find(b"PK\x01\x02", start)) != -1:  # central directory entries
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, pos + 24, declared)
        start = pos + 4
    return bytes(data)


def one_page_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def no_unpacking(monkeypatch):
    """Fails the test if any zip member is opened (read, decompressed)."""

    real_open = zipfile.ZipFile.open

    def refuse(self, name, mode="r", *args, **kwargs):
        if mode == "r":
            raise AssertionError("a zip member was read before the limits were checked")
        return real_open(self, name, mode, *args, **kwargs)  # building test files

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


@pytest.fixture
def item(world):
    m = Meeting.objects.create(
        council=world.council, title="Møde om bilag",
        start=dt.datetime(2027, 3, 1, 17, tzinfo=ZoneInfo("Europe/Copenhagen")),
    )
    return agenda.create_item(meeting=m, data={"title": "Herberger"})


def attach(client, item, content: bytes, name: str = "bilag.docx", title: str = "Notat"):
    return client.post(
        f"/sekretariat/testraad/moeder/{item.meeting_id}/punkter/{item.pk}/bilag/",
        {"title": title, "is_public": "on", "file": SimpleUploadedFile(name, content)},
    )


def test_zip_bomb_attachment_is_refused_before_unpacking(item, secretary_client, no_unpacking):
    bomb = docx_bomb()
    assert len(bomb) < 500_000
    response = attach(secretary_client, item, bomb)
    assert response.status_code == 400
    assert "Filen fylder for meget, når den pakkes ud" in response.content.decode()
    assert not Attachment.objects.exists()


def test_zip_with_too_many_members_is_refused(item, secretary_client, settings, no_unpacking):
    settings.MAX_ZIP_MEMBERS = 5
    entries = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    entries.update({f"word/media/image{i}.png": b"x" for i in range(5)})
    response = attach(secretary_client, item, zipped(entries))
    assert response.status_code == 400
    assert "Filen indeholder for mange dele" in response.content.decode()
    assert not Attachment.objects.exists()


def test_zip_bomb_import_is_refused_before_unpacking(world, secretary_client, no_unpacking):
    response = secretary_client.post(
        IMPORT, {"document": SimpleUploadedFile("referat.docx", docx_bomb())}
    )
    assert response.status_code == 400
    assert "Filen fylder for meget, når den pakkes ud" in response.content.decode()
    assert not Meeting.objects.exists()


def test_zip_bomb_is_refused_by_the_import_command(world, tmp_path, no_unpacking):
    from udsatteraad.lib.extract import DocumentError, extract_text

    with pytest.raises(DocumentError, match="pakkes ud"):
        extract_text(docx_bomb())


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n%%EOF",  # does not parse
    b"%PDF-1.4\n%%EOF\n",  # no pages
], ids=["malformed", "no-pages"])
def test_pdf_that_does_not_open_is_refused(item, secretary_client, content):
    response = attach(secretary_client, item, content, name="bilag.pdf")
    assert response.status_code == 400
    assert "kan ikke åbnes som en" in response.content.decode()
    assert not Attachment.objects.exists()


def test_polyglot_pdf_is_refused(item, secretary_client):
    pdf = one_page_pdf()
    first_line_end = pdf.index(b"\n") + 1
    html_pdf = pdf[:first_line_end] + b"%<html><script>alert(1)</script></html>\n" + (
        pdf[first_line_end:]
    )
    zip_pdf = pdf + zipped({"index.html": b"<script>alert(1)</script>"})
    for content in (html_pdf, zip_pdf):
        response = attach(secretary_client, item, content, name="bilag.pdf")
        assert response.status_code == 400
        assert "kan ikke åbnes som en" in response.content.decode()
    assert not Attachment.objects.exists()


def test_real_pdf_is_accepted(item, secretary_client):
    assert attach(secretary_client, item, one_page_pdf(), name="x.pdf").status_code == 302
    assert Attachment.objects.get().content_type == "application/pdf"


def test_files_are_stored_under_unguessable_names(item, secretary_client, settings):
    attach(secretary_client, item, one_page_pdf(), name="x.pdf", title="Fortroligt notat")
    attach(secretary_client, item, one_page_pdf(), name="x.pdf", title="Fortroligt notat 2")
    names = [a.file.name for a in Attachment.objects.order_by("pk")]
    for name in names:
        assert re.fullmatch(r"attachments/\d{4}/[0-9a-f]{32}\.pdf", name), name
        assert "Fortroligt" not in name and "notat" not in name.lower()
        assert (settings.MEDIA_ROOT / name).exists()
    assert names[0] != names[1]
    # The download is still named after the title.
    att = Attachment.objects.order_by("pk").first()
    response = secretary_client.get(
        f"/sekretariat/testraad/moeder/{item.meeting_id}/bilag/{att.pk}/"
    )
    assert response.status_code == 200
    assert "Fortroligt_notat.pdf" in response["Content-Disposition"]
