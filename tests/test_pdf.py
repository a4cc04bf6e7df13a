"""Agenda and minutes as PDF/UA-1 (Typst): the table of contents' page numbers match the pages
the items start on, the files are tagged with language and title, closed items stay closed,
and the public PDF URLs answer only for what is public.

The expensive documents (Randers' demo meeting, and a made-up meeting of 30 items over many
pages) are rendered once for the module."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

DEMO = settings.BASE_DIR / "demo"
DEMO_TITLES = {
    17: "Godkendelse af dagsorden og tidsplan",
    18: "Opsamling på dialogmøde med socialudvalget",
    19: "Status på implementering af plan for udsatteområdet",
    20: "Aftaler om stormødet den 27. oktober 2021",
    21: "Indledende drøftelse af valg til Udsatterådet for perioden 2022-2025",
    22: "Opsamling på landspanelsmøde i Rådet for Socialt Udsatte",
    23: "Nyt fra rådsmedlemmerne",
    24: "Eventuelt",
}
SECRET = "Fortroligt-indhold-Xq7"
TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\.\s*){3,}(?P<page>\d+)$")


@dataclass
class Rendered:
    agenda: Doc
    minutes: Doc
    big: Doc
    big_titles: dict[int, str]
    seconds: float


class Doc:
    """A PDF whose pages' text (whitespace collapsed) is extracted lazily and once: pypdf's
    extraction is the slow part of these tests."""

    def __init__(self, pdf: bytes):
        self.reader = PdfReader(io.BytesIO(pdf))
        self._texts: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.reader.pages)

    def page(self, number: int) -> str:
        """The text of a page, numbered from 1."""
        if number not in self._texts:
            text = self.reader.pages[number - 1].extract_text() or ""
            self._texts[number] = " ".join(text.split())
        return self._texts[number]

    def whole(self) -> str:
        return " ".join(self.page(n) for n in range(1, len(self) + 1))

    def toc(self) -> list[tuple[str, int]]:
        """The table of contents' (title, page) rows, from the pages before the first item."""
        rows = []
        for page in self.reader.pages:
            text = page.extract_text() or ""
            if text.lstrip().startswith("Punkt "):
                break
            for line in text.splitlines():
                if m := TOC_LINE.match(line.strip()):
                    rows.append((" ".join(m["title"].split()), int(m["page"])))
        return rows

    def assert_starts_on(self, number: int, title: str, page: int) -> None:
        """'Punkt N: title' is on the page and not before it (the page before is the end of
        the previous item, or the table of contents)."""
        needle = f"Punkt {number}: {title}"
        assert needle in self.page(page), (needle, page)
        assert page == 1 or needle not in self.page(page - 1), (needle, page)


def make_big_meeting():
    """A meeting of 30 items, a few of them pages long; items 5 and 12 are closed."""
    from udsatteraad.councils.models import Authority, Council
    from udsatteraad.meetings.models import AgendaItem, Meeting

    authority = Authority.objects.create(name="Pdfkommune", slug="pdfkommune",
                                         kind="municipality")
    council = Council.objects.create(authority=authority, name="Udsatterådet i Pdfkommune",
                                     slug="pdfraad")
    meeting = Meeting.objects.create(
        council=council, title="Udsatterådet d. 02-03-2026", status="minutes_published",
        start=dt.datetime(2026, 3, 2, 16, 0, tzinfo=timezone.get_current_timezone()),
        location="Byrådssalen",
    )
    titles = {}
    for n in range(1, 31):
        title = f"Emne {n} om boliger, {'misbrug' if n % 2 else 'beskæftigelse'} & <tal> #{n}"
        titles[n] = title
        paragraphs = "\n\n".join(
            f"Afsnit {k} af punkt {n}. " + "Rådet drøfter sagen grundigt og med omtanke. " * 12
            for k in range(1, 1 + {3: 10, 17: 20, 26: 10}.get(n, n % 3))
        )
        closed = n in (5, 12)
        AgendaItem.objects.create(
            meeting=meeting, number=n, position=n, title=title, case_number=f"26/{100 + n}",
            summary=f"{SECRET} resume" if closed else f"Resume af punkt {n}.",
            recommendations_intro="Forvaltningen indstiller til Udsatterådet",
            recommendations=[f"punkt {n} tages til efterretning", "rådet drøfter sagen"],
            decision=f"{SECRET} beslutning" if closed else f"Godkendt ({n}).",
            case_presentation=f"{SECRET} sagsfremstilling" if closed else paragraphs,
            is_public=not closed,
        )
    return meeting, titles


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker) -> Rendered:
    import time

    from udsatteraad.councils.loader import load_council_file
    from udsatteraad.meetings.loader import load_meeting_file
    from udsatteraad.meetings.pdf import render_agenda_pdf, render_minutes_pdf

    with django_db_blocker.unblock(), transaction.atomic():
        load_council_file(DEMO / "councils" / "randers.yaml")
        demo = load_meeting_file(DEMO / "meetings" / "randers-2021-09-27.yaml").meeting
        started = time.perf_counter()
        minutes = render_minutes_pdf(demo)
        seconds = time.perf_counter() - started
        agenda = render_agenda_pdf(demo)
        big_meeting, big_titles = make_big_meeting()
        big = render_minutes_pdf(big_meeting)
        transaction.set_rollback(True)
    return Rendered(agenda=Doc(agenda), minutes=Doc(minutes), big=Doc(big), big_titles=big_titles,
                    seconds=seconds)


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_demo_toc_lists_items_17_to_24_with_right_pages(rendered, kind):
    doc = getattr(rendered, kind)
    rows = doc.toc()
    assert [title for title, _page in rows] == list(DEMO_TITLES.values())
    for (number, title), (_t, page) in zip(DEMO_TITLES.items(), rows, strict=True):
        doc.assert_starts_on(number, title, page)
    # Items start on new pages, in order, after the table of contents.
    assert [p for _t, p in rows] == sorted({p for _t, p in rows})
    assert rows[0][1] > 1


def test_demo_minutes_layout_like_seed_003(rendered):
    doc = rendered.minutes
    first = doc.page(1)
    assert first.startswith("REFERAT Udsatterådet i Randers Kommune d. 27-09-2021")
    assert "Mødedato Mandag d. 27. september 2021 kl. 17:00" in first
    assert "Mødested Mødelokale C.3.10, Laksetorvet" in first
    assert "Indholdsfortegnelse" in first
    pages = dict(doc.toc())
    page17 = doc.page(pages[DEMO_TITLES[17]])
    assert page17.startswith("Punkt 17: Godkendelse af dagsorden og tidsplan 27.15.00-A08-1-21")
    assert "Forvaltningen indstiller til Udsatterådet 1. at dagsorden og tidsplan godkendes" \
        in page17
    assert "Beslutning Godkendt" in page17
    assert "Sagsfremstilling" in page17
    # The schedule table of item 17 arrives as a table, not as pipes.
    assert "| Dagsordenspunkt |" not in page17 and "Dagsordenspunkt Tidspunkt" in page17
    page19 = doc.page(pages[DEMO_TITLES[19]])
    assert "Resume Byrådet vedtog den 12. november 2018" in page19
    assert "Bilag • Status på mål vedrørende implementering" in doc.whole()


def test_agenda_has_no_decisions(rendered):
    whole = rendered.agenda.whole()
    assert whole.startswith("DAGSORDEN Udsatterådet i Randers Kommune d. 27-09-2021")
    assert "Beslutning" not in whole
    assert "Taget til efterretning" not in whole
    assert "Beslutning Taget til efterretning" in rendered.minutes.whole()


@pytest.mark.parametrize("kind", ["agenda", "minutes", "big"])
def test_pdf_is_tagged_pdf_ua_with_language_and_title(rendered, kind):
    reader = getattr(rendered, kind).reader
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "da"
    assert reader.metadata.title.startswith(("REFERAT ", "DAGSORDEN "))
    xmp = reader.xmp_metadata
    assert xmp is not None
    xml = xmp.rdf_root.toxml()
    assert "pdfuaid:part>1<" in xml
    assert "<rdf:li>da</rdf:li>" in xml


def test_thirty_items_over_many_pages_toc_matches(rendered):
    doc = rendered.big
    assert len(doc) > 32
    rows = doc.toc()
    assert len(rows) == 30
    assert len({p for _t, p in rows}) == 30
    assert any(b - a > 2 for (_t, a), (_u, b) in zip(rows, rows[1:], strict=False))
    for (number, title), (toc_title, page) in zip(rendered.big_titles.items(), rows,
                                                  strict=True):
        assert toc_title == title  # "&", "<tal>" and "#" arrive as text, not markup
        doc.assert_starts_on(number, title, page)


def test_closed_items_are_title_only(rendered):
    doc = rendered.big
    whole = doc.whole()
    assert SECRET not in whole
    page5 = doc.page(dict(doc.toc())[rendered.big_titles[5]])
    assert "Punkt 5: " in page5 and "Lukket punkt" in page5
    assert "26/105" not in whole


def test_demo_render_time_is_reasonable(rendered):
    print(f"demo minutes PDF rendered in {rendered.seconds:.2f} s")
    assert rendered.seconds < 5


# Text conversion ------------------------------------------------------------------------


def test_html_case_presentation_becomes_plain_blocks():
    from udsatteraad.meetings.pdf import text_blocks

    blocks = text_blocks(
        "<p>Indledning med <strong>fed</strong> og <em>kursiv</em>.</p>"
        "<ul><li>Et</li><li>To</li></ul><h3>Økonomi</h3>"
        '<p><a href="https://example.org/x">Læs mere</a></p>'
        "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    assert [b["type"] for b in blocks] == ["p", "ul", "h", "p", "table"]
    assert blocks[0]["runs"] == [["Indledning med ", ""], ["fed", "b"], [" og ", ""],
                                 ["kursiv", "i"], [".", ""]]
    assert blocks[1]["items"] == [[["Et", ""]], [["To", ""]]]
    assert "https://example.org/x" in "".join(r[0] for r in blocks[3]["runs"])
    assert blocks[4] == {"type": "table", "header": ["A", "B"], "rows": [["1", "2"]]}


def test_html_images_become_their_text_alternative_and_nested_lists_dashes():
    from udsatteraad.meetings.pdf import text_blocks

    (para, items) = text_blocks('<p>Se <img src="kort.png" alt="Kort over byen"></p>'
                                "<ol><li>A<ul><li>A1</li></ul></li><li>B</li></ol>")
    assert "".join(r[0] for r in para["runs"]) == "Se [Billede: Kort over byen]"
    assert ["".join(r[0] for r in i) for i in items["items"]] == ["A\n– A1", "B"]


def test_plain_text_lists_and_tables():
    from udsatteraad.meetings.pdf import text_blocks

    blocks = text_blocks("Indledning:\n\n1. Første\n2. *Anden:* tekst\n\n- a\n- b\n\n"
                         "| H1 | H2 |\n|--|--|\n| x | y |\n| z |")
    assert [b["type"] for b in blocks] == ["p", "ol", "ul", "table"]
    assert blocks[1]["start"] == 1
    assert blocks[1]["items"][1] == [["Anden:", "i"], [" tekst", ""]]
    assert blocks[3]["rows"] == [["x", "y"], ["z", ""]]


# Views ----------------------------------------------------------------------------------


def _meeting(world, status="agenda_published", **extra):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    meeting = Meeting.objects.create(
        council=world.council, title="Rådsmøde", status=status,
        start=timezone.now() + dt.timedelta(days=10), **extra,
    )
    AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Åbent punkt",
                              case_presentation="Offentlig tekst.", decision="Vedtaget.")
    AgendaItem.objects.create(meeting=meeting, number=2, position=2, title="Personsag",
                              case_presentation=SECRET, is_public=False)
    return meeting


def test_agenda_pdf_view(anon, world):
    meeting = _meeting(world)
    r = anon.get(f"/raad/testraad/moeder/{meeting.pk}/dagsorden.pdf")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert "dagsorden-testraad-" in r["Content-Disposition"]
    whole = Doc(r.content).whole()
    assert "Punkt 1: Åbent punkt" in whole and "Punkt 2: Personsag" in whole
    assert SECRET not in whole
    # Same data, same bytes (the document date is the meeting's last change).
    assert anon.get(f"/raad/testraad/moeder/{meeting.pk}/dagsorden.pdf").content == r.content


def test_minutes_pdf_only_when_published(anon, world):
    meeting = _meeting(world, status="held")
    assert anon.get(f"/raad/testraad/moeder/{meeting.pk}/referat.pdf").status_code == 404
    meeting.status = "minutes_published"
    meeting.save(update_fields=["status"])
    r = anon.get(f"/raad/testraad/moeder/{meeting.pk}/referat.pdf")
    assert r.status_code == 200
    assert "Beslutning Vedtaget." in Doc(r.content).whole()


def test_pdfs_of_unpublished_or_other_councils_meetings_are_404(anon, world):
    planned = _meeting(world, status="planned")
    published = _meeting(world)
    for name in ("dagsorden.pdf", "referat.pdf", "bilag.pdf"):
        assert anon.get(f"/raad/testraad/moeder/{planned.pk}/{name}").status_code == 404
        assert anon.get(f"/raad/andetraad/moeder/{published.pk}/{name}").status_code == 404
        assert anon.get(f"/raad/findesikke/moeder/{published.pk}/{name}").status_code == 404


def test_attachment_bundle(anon, world, tmp_path, settings):
    from django.core.files.base import ContentFile
    from pypdf import PdfWriter

    from udsatteraad.meetings.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    meeting = _meeting(world)
    open_item, closed_item = meeting.items.order_by("position")
    buf = io.BytesIO()
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(width=200, height=200)
    writer.write(buf)
    pdf_att = Attachment(item=open_item, title="Notat om boliger", content_type="application/pdf",
                         position=1)
    pdf_att.file.save("notat.pdf", ContentFile(buf.getvalue()), save=True)
    sheet = Attachment(item=open_item, title="Budgetark", position=2,
                       content_type="application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet")
    sheet.file.save("budget.xlsx", ContentFile(b"PK\x03\x04 not a pdf"), save=True)
    hidden = Attachment(item=open_item, title="Lukket bilag", is_public=False, position=3)
    hidden.file.save("lukket.pdf", ContentFile(buf.getvalue()), save=True)
    closed = Attachment(item=closed_item, title="Bilag til personsag", position=1)
    closed.file.save("person.pdf", ContentFile(buf.getvalue()), save=True)

    r = anon.get(f"/raad/testraad/moeder/{meeting.pk}/bilag.pdf")
    assert r.status_code == 200
    reader = PdfReader(io.BytesIO(r.content))
    # A tagged index alone: the attachments' own (untagged) pages are never appended.
    assert len(reader.pages) == 1
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Notat om boliger" in cover and "Budgetark" in cover
    assert "Lukket bilag" not in cover and "Bilag til personsag" not in cover
    # Each open attachment is linked as a file of its own; the closed ones are not.
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
    assert sorted(links) == sorted(
        f"{settings.SITE_ROOT}/raad/testraad/moeder/{meeting.pk}/bilag/{a.pk}/"
        for a in (pdf_att, sheet))
    assert_pdf_ua(reader, title_prefix="BILAG ")


def assert_pdf_ua(reader: PdfReader, *, title_prefix: str) -> None:
    """Tagged PDF/UA-1: marked, a structure tree, Danish, titled, and saying so in XMP."""
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "da"
    assert reader.metadata.title.startswith(title_prefix)
    xml = reader.xmp_metadata.rdf_root.toxml()
    assert "pdfuaid:part>1<" in xml
    assert "<rdf:li>da</rdf:li>" in xml


def test_empty_attachment_bundle_is_tagged_too(anon, world):
    meeting = _meeting(world)
    r = anon.get(f"/raad/testraad/moeder/{meeting.pk}/bilag.pdf")
    assert r.status_code == 200
    reader = PdfReader(io.BytesIO(r.content))
    assert "Der er ingen åbne bilag" in reader.pages[0].extract_text()
    assert_pdf_ua(reader, title_prefix="BILAG ")


def test_corrected_minutes_say_so(anon, world):
    from udsatteraad.meetings.models import MinutesVersion

    meeting = _meeting(world, status="minutes_published")
    for number in (1, 2):
        MinutesVersion.objects.create(meeting=meeting, number=number,
                                      published_at=timezone.now(),
                                      change_note="Beslutningen i punkt 1 er rettet.")
    r = anon.get(f"/raad/testraad/moeder/{meeting.pk}/referat.pdf")
    first = Doc(r.content).page(1)
    assert "Rettelse Version 2, rettet" in first
    assert "Beslutningen i punkt 1 er rettet." in first


def test_minutes_list_attendance(anon, world):
    from udsatteraad.meetings.models import Attendance

    meeting = _meeting(world, status="minutes_published")
    chair = world.chair_membership.person
    member = world.member_membership.person
    Attendance.objects.create(meeting=meeting, person=chair, status="present")
    Attendance.objects.create(meeting=meeting, person=member, status="apology")
    Attendance.objects.create(meeting=meeting, name="Gæst Gunnar Opdigtet", organisation="SAND",
                              kind="guest", status="present")
    minutes = Doc(anon.get(f"/raad/testraad/moeder/{meeting.pk}/referat.pdf").content).page(1)
    assert "Deltagere Formand Frida Fiktiv" in minutes
    assert "Afbud Medlem Mads Påhit" in minutes
    assert "Øvrige deltagere Gæst Gunnar Opdigtet (SAND)" in minutes
    agenda = Doc(anon.get(f"/raad/testraad/moeder/{meeting.pk}/dagsorden.pdf").content).page(1)
    assert "Afbud" not in agenda


def test_meeting_without_items_or_numbers(anon, world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    empty = Meeting.objects.create(council=world.council, title="Tomt møde", status="held",
                                   start=timezone.now())
    r = anon.get(f"/raad/testraad/moeder/{empty.pk}/dagsorden.pdf")
    assert r.status_code == 200
    assert Doc(r.content).toc() == []
    AgendaItem.objects.create(meeting=empty, position=1, title="Temadrøftelse uden nummer",
                              case_presentation="<p>Tekst</p><ul><li>Et</li></ul>")
    doc = Doc(anon.get(f"/raad/testraad/moeder/{empty.pk}/dagsorden.pdf").content)
    assert doc.toc() == [("Temadrøftelse uden nummer", 2)]
    assert doc.page(2).startswith("Temadrøftelse uden nummer")
