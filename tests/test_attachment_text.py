"""The text of PDF and DOCX attachments is extracted on upload (for the search), and by
`manage.py extract_attachment_text` for attachments uploaded before."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from udsatteraad.meetings import agenda
from udsatteraad.meetings.models import Attachment, Meeting

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
BROKEN_PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def make_pdf(*lines: str) -> bytes:
    import typst

    source = "\n\n".join('#"' + line.replace('"', '\\"') + '"' for line in lines)
    return typst.compile(source.encode())


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("Hemmelig tekst om Testby."))))
    writer.encrypt(user_password="hemmeligt", owner_password="ejer", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def item(world):
    m = Meeting.objects.create(
        council=world.council, title="Møde om bilag",
        start=dt.datetime(2027, 3, 1, 17, tzinfo=ZoneInfo("Europe/Copenhagen")),
    )
    return agenda.create_item(meeting=m, data={"title": "Herberger"})


def upload(client, item, content, name="bilag.pdf", title="Notat"):
    r = client.post(
        f"/sekretariat/testraad/moeder/{item.meeting_id}/punkter/{item.pk}/bilag/",
        {"title": title, "is_public": "on",
         "file": SimpleUploadedFile(name, content, "application/octet-stream")})
    assert r.status_code == 302, r.content.decode()[:500]
    return Attachment.objects.get(item=item, title=title)


def test_pdf_text_is_extracted_on_upload(item, secretary_client):
    att = upload(secretary_client, item, make_pdf("Notat om hjemløshed i Testby.",
                                                  "Herberget har 40 pladser."))
    assert "Notat om hjemløshed i Testby." in att.text
    assert "Herberget har 40 pladser." in att.text


def test_docx_paragraphs_and_table_cells_are_extracted(item, secretary_client):
    content = make_docx(["Redegørelse om væresteder.", "Åbningstider udvides."],
                        [["Sted", "Pladser"], ["Café Test", "25"]])
    att = upload(secretary_client, item, content, name="notat.docx")
    assert att.content_type.endswith("wordprocessingml.document")
    for text in ("Redegørelse om væresteder.", "Åbningstider udvides.", "Café Test", "25"):
        assert text in att.text


@pytest.mark.parametrize("content", [BROKEN_PDF, b"%PDF-1.7\n" + b"\xff" * 200],
                         ids=["empty-pdf", "garbage-pdf"])
def test_broken_pdf_is_refused(item, secretary_client, content):
    # Once accepted without text; a "PDF" that does not open is no longer published as one
    # (tests/test_uploads.py).
    r = secretary_client.post(
        f"/sekretariat/testraad/moeder/{item.meeting_id}/punkter/{item.pk}/bilag/",
        {"title": "Notat", "file": SimpleUploadedFile("bilag.pdf", content), "is_public": "on"},
    )
    assert r.status_code == 400
    assert "kan ikke åbnes som en" in r.content.decode()
    assert not Attachment.objects.exists()


def test_encrypted_pdf_is_accepted_without_text(item, secretary_client):
    att = upload(secretary_client, item, encrypted_pdf())
    assert att.content_type == "application/pdf" and att.text == ""


def test_image_gets_no_text(item, secretary_client):
    assert upload(secretary_client, item, PNG, name="kort.png").text == ""


def test_text_is_capped(item, secretary_client):
    from udsatteraad.meetings.attachments import TEXT_LIMIT

    att = upload(secretary_client, item, make_docx(["herberg " * 80_000]), name="stor.docx")
    assert len(att.text) == TEXT_LIMIT == 500_000
    assert att.text.startswith("herberg herberg")


def test_command_fills_text_of_older_attachments(item):
    def stored(title, content, content_type, text=""):
        att = Attachment(item=item, title=title, content_type=content_type, text=text)
        att.file.save(f"{title}.bin", ContentFile(content), save=True)
        return att

    pdf = stored("gammel-pdf", make_pdf("Gammelt notat om udsatte borgere."), "application/pdf")
    # No stored type (uploaded before types were recorded): the content decides.
    docx = stored("gammel-docx", make_docx(["Gammel redegørelse."]), "")
    png = stored("billede", PNG, "image/png")
    kept = stored("har-tekst", make_pdf("Ny tekst."), "application/pdf", text="Eksisterende")
    no_file = Attachment.objects.create(item=item, title="Kun titel")
    out = io.StringIO()
    call_command("extract_attachment_text", stdout=out)
    for att in (pdf, docx, png, kept, no_file):
        att.refresh_from_db()
    assert "Gammelt notat om udsatte borgere." in pdf.text
    assert "Gammel redegørelse." in docx.text
    assert png.text == "" and no_file.text == ""
    assert kept.text == "Eksisterende"
    assert "2 bilag læst, 2 med tekst" in out.getvalue()
    call_command("extract_attachment_text", "--all", stdout=io.StringIO())
    kept.refresh_from_db()
    assert "Ny tekst." in kept.text


def test_command_survives_a_missing_file(item):
    att = Attachment.objects.create(item=item, title="Væk", content_type="application/pdf",
                                    file="attachments/2027/findes-ikke.pdf")
    out = io.StringIO()
    call_command("extract_attachment_text", stdout=out)
    att.refresh_from_db()
    assert att.text == "" and "1 filer mangler" in out.getvalue()
