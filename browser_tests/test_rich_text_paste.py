"""The rich-text editor in a browser (issue 16): pasting Word's clipboard HTML into the editor
and saving keeps headings, lists, bold and tables; the toolbar's bold works; axe finds nothing
on the page with the editor; without JavaScript the plain textarea is there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

WORD = (Path(__file__).parent.parent / "tests" / "data" / "word_clipboard.html").read_text(
    encoding="utf-8")

PASTE = """(html) => {
  const editor = document.querySelector('.rte-editor');
  editor.focus();
  const range = document.createRange();
  range.selectNodeContents(editor);
  range.collapse(false);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const data = new DataTransfer();
  data.setData('text/html', html);
  data.setData('text/plain', 'Sagsfremstilling');
  editor.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                    cancelable: true}));
}"""


def make_item(world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    meeting = Meeting.objects.create(council=world.council, title="Møde",
                                     start=timezone.now() + dt.timedelta(days=30))
    item = AgendaItem.objects.create(meeting=meeting, number=1, position=1,
                                     title="Vinterberedskab", case_presentation="<p>Indledning</p>")
    return meeting, item


def test_paste_from_word_and_save(page, live_server, world, login_as):
    meeting, item = make_item(world)
    login_as("secretary")
    page.goto(live_server.url + reverse(
        "meetings:agenda-item", args=[world.council.slug, meeting.pk, item.pk]))
    editor = page.locator(".rte-editor")
    assert editor.is_visible()
    assert not page.locator('textarea[name="case_presentation"]').is_visible()
    assert page.get_by_role("toolbar", name="Formatering").is_visible()
    assert_no_axe_violations(page, "item form with editor")

    page.evaluate(PASTE, WORD)
    # The editor shows the cleaned paste at once: no Word styles, the table is there.
    shown = editor.inner_html()
    assert "mso-list:" not in shown and "<o:p>" not in shown and "<table>" in shown
    page.locator("main").get_by_role("button", name="Gem").click()
    page.wait_for_load_state()

    item.refresh_from_db()
    saved = item.case_presentation
    assert saved.startswith("<p>Indledning</p>")
    assert "<h3>Sagsfremstilling</h3>" in saved
    assert "<ol><li>at rådet tager orienteringen til efterretning</li>" in saved
    assert "<ul><li>Værestedet Café Parasollen<ul><li>åbent hele natten</li></ul></li>" in saved
    assert '<td colspan="2">' in saved and "<strong>vinterberedskabet</strong>" in saved
    assert "mso" not in saved and "style=" not in saved and "class=" not in saved


def test_bold_button(page, live_server, world, login_as):
    meeting, item = make_item(world)
    login_as("secretary")
    page.goto(live_server.url + reverse(
        "meetings:agenda-item", args=[world.council.slug, meeting.pk, item.pk]))
    page.evaluate("""() => {
      const p = document.querySelector('.rte-editor p');
      const range = document.createRange();
      range.selectNodeContents(p);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }""")
    page.get_by_role("button", name="Fed").click()
    page.locator("main").get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.case_presentation == "<p><strong>Indledning</strong></p>"


def test_without_javascript_the_textarea_works(browser, live_server, world, root_conftest):
    from django.conf import settings
    from django.test import Client

    meeting, item = make_item(world)
    client = root_conftest.login(Client(), world.secretary)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.goto(reverse("meetings:agenda-item", args=[world.council.slug, meeting.pk, item.pk]))
    area = page.locator('textarea[name="case_presentation"]')
    assert area.is_visible()
    area.fill("<p>Skrevet <b>uden</b> JavaScript</p>")
    page.locator("main").get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.case_presentation == "<p>Skrevet <strong>uden</strong> JavaScript</p>"
    context.close()
