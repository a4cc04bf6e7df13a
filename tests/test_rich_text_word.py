"""Rich text that survives Word (issue 16): case presentations and decisions pasted from Word
or a web page keep their headings, lists, bold and tables and lose everything else.

tests/data/word_clipboard.html is written by hand in the format Word puts on the clipboard
(CF_HTML's fragment as Word 2016-365 writes it): Office namespaces, <xml> settings in
conditional comments, a style sheet with mso- properties, <o:p>, lists made of
<p class=MsoListParagraph style="mso-list:..."> with the marker in a mso-list:Ignore span inside
<![if !supportLists]>, a table with a colspan, spans with fonts and colours, a field code."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from udsatteraad.lib.text import clean_rich_text, sanitise_html
from udsatteraad.meetings.models import AgendaItem, Meeting

WORD = (Path(__file__).parent / "data" / "word_clipboard.html").read_text(encoding="utf-8")


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_word_keeps_headings_bold_lists_and_tables():
    clean = squash(sanitise_html(WORD))
    assert "<h3>Sagsfremstilling</h3>" in clean and "<h3>Indstilling</h3>" in clean
    assert "<strong>vinterberedskabet</strong>" in clean
    assert "<em>Randers Kommune</em>" in clean
    # Word's numbered paragraphs are one real numbered list, without the typed "1.".
    assert ("<ol><li>at rådet tager orienteringen til efterretning</li>"
            "<li>at rådet afgiver høringssvar</li>"
            "<li>at sagen genoptages i december</li></ol>") in clean
    # Bullets (Symbol "·", Courier "o" at level 2) nest.
    assert ("<ul><li>Værestedet Café Parasollen<ul><li>åbent hele natten</li></ul></li>"
            "<li>Natcaféen ved banegården</li></ul>") in clean
    assert "<table>" in clean and "<strong>Sted</strong>" in clean
    assert '<td colspan="2">' in clean and "Natvarmestuen" in clean
    assert '<a href="https://www.randers.dk/borger/socialt/" rel="noopener">' in clean


def test_word_loses_everything_else():
    clean = sanitise_html(WORD)
    for leftover in ("mso", "o:p", "class=", "style=", "<span", "font", "Calibri", "<!--",
                     "[if", "WordDocument", "Normal", "@list", "PAGE", "width=", "valign",
                     "border", "·", "1.", "\xa0\xa0", "<p></p>", "lang="):
        assert leftover not in clean, leftover


def test_sanitising_twice_changes_nothing():
    once = sanitise_html(WORD)
    assert sanitise_html(once) == once
    assert clean_rich_text(once) == once


def test_web_page_html():
    page = ('<div class="article"><h1 style="color:red">Overskrift</h1><h2>Under</h2>'
            '<h5>Lille</h5><p><b>Fed</b> og <i>kursiv</i> <font face="Arial">tekst</font>'
            '<span class="x">.</span></p><table><tr><th rowspan="2" style="x">A</th>'
            '<td colspan="abc">B</td></tr></table></div>')
    clean = sanitise_html(page)
    assert "<h3>Overskrift</h3><h3>Under</h3><h4>Lille</h4>" in clean
    assert "<strong>Fed</strong> og <em>kursiv</em> tekst." in clean
    assert '<th rowspan="2">A</th><td>B</td>' in clean


def test_editor_paste_marks_become_lists():
    """The editor keeps Word's list marks as data-mso-list when it cleans a paste (inline
    styles are not allowed by the CSP); the server builds the list from them."""
    pasted = ('<p data-mso-list="l0 level1 lfo1"><span data-mso-list="Ignore">a)</span>Første</p>'
              '<p data-mso-list="l0 level1 lfo1"><span data-mso-list="Ignore">b)</span>Anden</p>'
              '<p>Efter listen</p>')
    assert sanitise_html(pasted) == "<ol><li>Første</li><li>Anden</li></ol><p>Efter listen</p>"


def test_stored_text_is_not_reparsed():
    stored = "<p>Allerede <strong>ren</strong> tekst med a &lt; b.</p>"
    assert sanitise_html(stored) == stored


def test_item_form_saves_word_html_as_clean_structure(world, secretary_client):
    meeting = Meeting.objects.create(
        council=world.council, title="Møde", start=timezone.now() + dt.timedelta(days=30))
    response = secretary_client.post(
        reverse("meetings:agenda-item-new", args=[world.council.slug, meeting.pk]),
        {"title": "Vinterberedskab", "case_presentation": WORD, "origin": "administration",
         "is_public": "on"})
    assert response.status_code == 302
    item = meeting.items.get(title="Vinterberedskab")
    assert "<ol><li>at rådet tager orienteringen til efterretning</li>" in item.case_presentation
    assert "mso" not in item.case_presentation
    # The form page offers the editor (the textarea stays for browsers without JavaScript).
    page = secretary_client.get(
        reverse("meetings:agenda-item", args=[world.council.slug, meeting.pk, item.pk]))
    html = page.content.decode()
    assert re.search(r'<textarea[^>]*name="case_presentation"[^>]*data-rich-text="', html) or \
        re.search(r'<textarea[^>]*data-rich-text="[^"]*"[^>]*name="case_presentation"', html)
    assert "js/richtext.js" in html and "&quot;bold&quot;: &quot;Fed&quot;" in html


def test_decisions_are_cleaned_where_saved_and_the_minutes_page_offers_the_editor(
        world, secretary_client):
    meeting = Meeting.objects.create(council=world.council, title="Møde", status="held",
                                     start=timezone.now() - dt.timedelta(days=1))
    item = AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Emne",
                                     decision=WORD)
    item.refresh_from_db()
    assert "<ol><li>at rådet tager" in item.decision and "mso" not in item.decision
    html = secretary_client.get(
        reverse("meetings:minutes", args=[world.council.slug, meeting.pk])).content.decode()
    assert f'id="item-{item.pk}-decision"' in html
    # The toolbar editor on the autosaved field (static/js/richtext.js); without JavaScript
    # the plain textarea, cleaned where it is saved, as above.
    assert re.search(rf'id="item-{item.pk}-decision"[^>]*data-rich-text="\{{', html)
    assert re.search(rf'id="item-{item.pk}-decision"[^>]*data-hx-post=', html)
