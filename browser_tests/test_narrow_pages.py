"""Every public page at 320 px width (WCAG 1.4.10 Reflow: 320 CSS pixels, no scrolling in two
directions): HTTP 200, no axe violations, and nothing wider than the screen
(document.scrollingElement.scrollWidth <= 320). The pages are those of test_axe_pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import assert_no_axe_violations
from .test_axe_pages import (
    MEETINGS_PUBLIC,
    PUBLIC,
    SEARCH_PUBLIC,
    final_path,
    object_ids,
    page_id,
)

NARROW = {"width": 320, "height": 640}
PAGES = [*PUBLIC, *MEETINGS_PUBLIC, *SEARCH_PUBLIC]


@pytest.mark.parametrize("path", PAGES, ids=[page_id(p, "anon") for p in PAGES])
def test_public_page_at_320_px(page, world, path):
    ids = object_ids(world, path)
    url = path.format(**ids)
    page.set_viewport_size(NARROW)

    response = page.goto(url)

    assert response is not None and response.status == 200, f"{url}: HTTP {response.status}"
    assert urlsplit(page.url).path == final_path(path, url, ids), page.url
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > NARROW["width"]:
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 320.5)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ': '
                             + (e.textContent || '').trim().slice(0, 40))""")
        pytest.fail(f"{url} scrolls sideways at 320 px: {width} px wide; {wide}", pytrace=False)
    assert_no_axe_violations(page, f"{url} at 320 px")
