"""Public PDFs are rendered once per published state (meetings/pdf_store.py): the second
request serves the stored bytes without Typst, any change to what a PDF shows renders anew,
and withdrawn minutes are 404 whatever is stored."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

DECISION = "Rådet anbefalede flere pladser på herberget."


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def typst_calls(monkeypatch):
    """Counts the Typst compilations (and still compiles)."""
    from udsatteraad.meetings import pdf

    calls: list[str] = []
    real = pdf.compile_typst

    def counting(template, data, **kwargs):
        calls.append(template)
        return real(template, data, **kwargs)

    monkeypatch.setattr(pdf, "compile_typst", counting)
    return calls


@pytest.fixture
def meeting(world, secretary_client):
    """A meeting whose minutes the secretariat has published (version 1)."""
    from udsatteraad.meetings.models import AgendaItem, Meeting

    m = Meeting.objects.create(council=world.council, status="minutes_approved",
                               title="Ordinært møde", start=timezone.now() - dt.timedelta(days=7),
                               minutes_approved_at=timezone.now(),
                               minutes_approved_by=world.chair)
    AgendaItem.objects.create(meeting=m, number=1, position=1, title="Herberger",
                              summary="Status på herbergspladser.", decision=DECISION)
    r = secretary_client.post(f"/sekretariat/testraad/moeder/{m.pk}/referat/offentliggoer/")
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.status == "minutes_published"
    return m


def url(meeting, name: str) -> str:
    return f"/raad/testraad/moeder/{meeting.pk}/{name}"


def text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
                    .split())


def pdf_file(pages: int) -> bytes:
    buf = io.BytesIO()
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["dagsorden.pdf", "referat.pdf", "bilag.pdf"])
def test_second_request_serves_the_stored_bytes_without_typst(anon, meeting, typst_calls,
                                                              name):
    from udsatteraad.meetings.models import RenderedPdf

    first = anon.get(url(meeting, name))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    rendered = len(typst_calls)
    assert rendered >= 1
    second = anon.get(url(meeting, name))
    assert second.status_code == 200
    assert len(typst_calls) == rendered  # no Typst the second time
    assert second.content == first.content
    assert RenderedPdf.objects.filter(meeting=meeting).count() == 1


def test_stored_bytes_are_those_of_a_fresh_render(anon, meeting):
    from udsatteraad.meetings import pdf

    anon.get(url(meeting, "dagsorden.pdf"))
    anon.get(url(meeting, "referat.pdf"))
    anon.get(url(meeting, "bilag.pdf"))
    meeting.refresh_from_db()
    assert anon.get(url(meeting, "dagsorden.pdf")).content == pdf.render_agenda_pdf(meeting)
    assert anon.get(url(meeting, "referat.pdf")).content == pdf.render_minutes_pdf(meeting)
    assert (anon.get(url(meeting, "bilag.pdf")).content
            == pdf.render_attachment_bundle(meeting))


def test_a_correction_gives_a_new_minutes_pdf(anon, meeting, world, typst_calls):
    from udsatteraad.meetings.minutes import publish_minutes
    from udsatteraad.meetings.models import RenderedPdf

    old = anon.get(url(meeting, "referat.pdf")).content
    item = meeting.items.get()
    item.decision = "Rådet anbefalede flere pladser og bedre åbningstider."
    item.save(update_fields=["decision", "modified"])
    publish_minutes(meeting=meeting, user=world.secretary, change_note="Beslutningen rettet.")
    calls = len(typst_calls)
    new = anon.get(url(meeting, "referat.pdf"))
    assert len(typst_calls) == calls + 1
    assert new.content != old
    assert "Version 2" in text(new.content) and "bedre åbningstider" in text(new.content)
    # The new rendering replaced the old row and is served from now on.
    assert RenderedPdf.objects.filter(meeting=meeting, kind="minutes").count() == 1
    assert anon.get(url(meeting, "referat.pdf")).content == new.content
    assert len(typst_calls) == calls + 1


def test_withdrawn_minutes_pdf_is_404_though_stored(anon, meeting, world):
    from udsatteraad.meetings.minutes import withdraw_minutes
    from udsatteraad.meetings.models import RenderedPdf

    assert anon.get(url(meeting, "referat.pdf")).status_code == 200
    assert RenderedPdf.objects.filter(meeting=meeting, kind="minutes").exists()
    withdraw_minutes(meeting=meeting, user=world.secretary, reason="Nævner en borger.")
    assert anon.get(url(meeting, "referat.pdf")).status_code == 404
    # The agenda stays public, rendered anew: the withdrawal moved the meeting's state.
    agenda = anon.get(url(meeting, "dagsorden.pdf"))
    assert agenda.status_code == 200 and DECISION not in text(agenda.content)


def test_an_attachment_change_gives_a_new_bundle_and_agenda(anon, meeting, tmp_path,
                                                            settings, typst_calls):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from udsatteraad.meetings.attachments import add_attachment, delete_attachment

    settings.MEDIA_ROOT = tmp_path
    before = anon.get(url(meeting, "bilag.pdf")).content
    agenda_before = anon.get(url(meeting, "dagsorden.pdf")).content
    assert "Der er ingen åbne bilag" in text(before)
    att = add_attachment(item=meeting.items.get(), title="Notat om herberger", is_public=True,
                         upload=SimpleUploadedFile("notat.pdf", pdf_file(2),
                                                   content_type="application/pdf"))
    with_att = anon.get(url(meeting, "bilag.pdf")).content
    assert "Notat om herberger" in text(with_att) and "PDF" in text(with_att)
    assert "Notat om herberger" in text(anon.get(url(meeting, "dagsorden.pdf")).content)
    assert anon.get(url(meeting, "dagsorden.pdf")).content != agenda_before
    calls = len(typst_calls)
    delete_attachment(attachment=att)
    after = anon.get(url(meeting, "bilag.pdf")).content
    assert len(typst_calls) > calls
    assert "Notat om herberger" not in text(after) and "Der er ingen åbne bilag" in text(after)


def test_a_change_outside_the_meeting_row_renders_anew(anon, meeting, typst_calls):
    """The key is what the PDF shows, not only meeting.modified: a renamed council counts."""
    anon.get(url(meeting, "dagsorden.pdf"))
    meeting.council.name = "Rådet for udsatte borgere i Testregion"
    meeting.council.save(update_fields=["name"])
    calls = len(typst_calls)
    r = anon.get(url(meeting, "dagsorden.pdf"))
    assert len(typst_calls) == calls + 1
    assert "Rådet for udsatte borgere i Testregion" in text(r.content)


def test_store_replaces_a_stale_row_and_keeps_a_current_one(meeting):
    from udsatteraad.meetings.models import RenderedPdf
    from udsatteraad.meetings.pdf_store import store_pdf

    store_pdf(meeting=meeting, kind="agenda", key="a" * 64, content=b"%PDF-1 first")
    store_pdf(meeting=meeting, kind="agenda", key="a" * 64, content=b"%PDF-1 ignored")
    assert bytes(RenderedPdf.objects.get(meeting=meeting, kind="agenda").content) \
        == b"%PDF-1 first"
    store_pdf(meeting=meeting, kind="agenda", key="b" * 64, content=b"%PDF-1 second")
    row = RenderedPdf.objects.get(meeting=meeting, kind="agenda")
    assert (row.key, bytes(row.content)) == ("b" * 64, b"%PDF-1 second")
