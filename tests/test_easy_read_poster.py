"""The easy-read poster (issue 19): a sans-serif face of at least 18 pt, the council's contact,
a QR code that decodes to the easy-read page's absolute address, an A3 version, PDF/UA-1."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone
from pypdf import PdfReader

A4 = (595, 842)
A3 = (842, 1191)


@pytest.fixture
def meeting(world, secretary_client):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    world.council.contact_phone = "89 15 15 15"
    world.council.save(update_fields=["contact_phone"])
    m = Meeting.objects.create(
        council=world.council, title="Ordinært møde", status="minutes_published",
        start=timezone.now() - dt.timedelta(days=14),
    )
    item = AgendaItem.objects.create(meeting=m, number=5, position=1,
                                     title="Orientering om boligindsatsen")
    response = secretary_client.post(
        f"/sekretariat/testraad/moeder/{m.pk}/letlaest/offentliggoer/",
        {"intro": "Rådet holdt møde.", f"item-{item.pk}": "Vi talte om huse. Det var godt.",
         f"title-{item.pk}": "Huse til alle"})
    assert response.status_code == 302
    return m


def qr_codes(pdf: bytes, page: int = 0) -> list[str]:
    """The QR codes a phone would read on a page: rendered at 150 dpi and decoded."""
    bitmap = pypdfium2.PdfDocument(pdf)[page].render(scale=150 / 72)
    return [code.text for code in zxingcpp.read_barcodes(bitmap.to_numpy())
            if code.format == zxingcpp.BarcodeFormat.QRCode]


def fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def font_sizes(reader: PdfReader, page: int = 0) -> set[float]:
    content = reader.pages[page].get_contents().get_data().decode("latin-1")
    return {float(s) for s in re.findall(r"([\d.]+) Tf", content)}


def test_poster_has_a_qr_code_to_the_easy_read_page(anon, meeting):
    response = anon.get(f"/raad/testraad/moeder/{meeting.pk}/letlaest.pdf")
    assert response.status_code == 200
    page_url = f"http://testserver/raad/testraad/moeder/{meeting.pk}/letlaest/"
    assert qr_codes(response.content) == [page_url]
    # The way a phone reads it: the address opens the easy-read page.
    assert anon.get(page_url.removeprefix("http://testserver")).status_code == 200


def test_poster_is_sans_serif_large_with_contact(anon, meeting):
    reader = PdfReader(io.BytesIO(anon.get(
        f"/raad/testraad/moeder/{meeting.pk}/letlaest.pdf").content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    assert fonts(reader) and all("DejaVuSans" in f for f in fonts(reader))
    sizes = font_sizes(reader)
    assert sizes and min(sizes) >= 18
    text = reader.pages[0].extract_text()
    for expected in ("Huse til alle", "Kontakt rådet:", "Ring på 89 15 15 15",
                     "Skriv til udsatteraad@testregion.example", "Læs mere her:"):
        assert expected in text
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "da" and "/StructTreeRoot" in catalog
    assert "pdfuaid" in catalog["/Metadata"].get_object().get_data().decode()


def test_poster_in_a3(anon, meeting):
    response = anon.get(f"/raad/testraad/moeder/{meeting.pk}/letlaest.pdf?papir=a3")
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A3
    assert min(font_sizes(reader)) >= 25  # scaled with the paper
    assert qr_codes(response.content) == [
        f"http://testserver/raad/testraad/moeder/{meeting.pk}/letlaest/"]
    assert "a3.pdf" in response["Content-Disposition"]


def test_public_page_links_both_posters(anon, meeting):
    html = anon.get(f"/raad/testraad/moeder/{meeting.pk}/letlaest/").content.decode()
    assert f'href="/raad/testraad/moeder/{meeting.pk}/letlaest.pdf"' in html
    assert f'href="/raad/testraad/moeder/{meeting.pk}/letlaest.pdf?papir=a3"' in html
