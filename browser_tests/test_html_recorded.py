"""The pages the browser tests are served are recorded for vnu (conftest.record_pages), and
htmx fragments are not: the easy-read editor, whose LIX figure htmx fetches while one types."""

from __future__ import annotations

from django.urls import reverse

from .conftest import PAGES_DIR, build_meetings


def test_pages_are_recorded_and_fragments_are_not(page, login_as, world):
    ids = build_meetings(world)
    login_as("secretary")
    before = set(PAGES_DIR.glob("*.html"))
    editor = reverse("easyread:editor", args=["testraad", ids["published"]])
    with page.expect_response(lambda r: "/lix/" in r.url):
        page.goto(editor)
        page.locator("textarea").first.press_sequentially(" Det gik godt.")
    new = set(PAGES_DIR.glob("*.html")) - before
    recorded = [p.read_text(encoding="utf-8") for p in new]
    assert any("<textarea" in html for html in recorded)  # the editor page itself
    assert all(html.lstrip().lower().startswith("<!doctype html") for html in recorded)
