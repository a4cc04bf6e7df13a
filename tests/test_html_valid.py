"""Every page is valid HTML by the W3C's Nu Html Checker (vnu): the site crawled through the
test client as each persona (one page per route), in a world with meetings in every state the
meeting pages show, and every form found there sent empty (the page with its errors).
Skipped without vnu (VNU_JAR); CI requires it (REQUIRE_VNU=1). The
browser tests check the pages they visit too (browser_tests/conftest.py)."""

from __future__ import annotations

import os

import pytest
from crawl import crawl, forms, route_key
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import login
from udsatteraad.lib import vnu


def build_meetings(world) -> dict[str, int]:
    """The browser tests' meetings in every state. Importing their conftest sets
    DJANGO_ALLOW_ASYNC_UNSAFE (Playwright needs it) for the whole process, which the deploy
    checks of tests/test_settings.py then refuse: it is put back as it was."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    try:
        from browser_tests.conftest import build_meetings as build
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before
    return build(world)


def reset_link(user) -> str:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return reverse("accounts:password-reset-confirm", args=[
        urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)])


def save_refused_forms(client, persona: str, pages: dict[str, str], folder) -> int:
    """Every form of the crawled pages sent empty: the page showing the form's errors is
    checked too (each in a rolled-back savepoint, so nothing sent stays)."""
    actions: dict[str, dict] = {}
    for url, html in pages.items():
        for form in forms(url, html):
            if form.method == "post" and route_key(form.action) and not form.action.startswith(
                    ("/konto/log-ud/", "/i18n/")):
                actions.setdefault(form.action, {k: v[0] for k, v in form.values.items()
                                                 if k == "submit_token"})
    saved = 0
    for action, data in actions.items():
        with transaction.atomic():
            response = client.post(action, data)
            if response.status_code == 200 and response["Content-Type"].startswith(
                    "text/html") and "<!DOCTYPE" in response.content.decode()[:100].upper():
                vnu.save(folder, f"{persona}-refused{action}", response.content.decode())
                saved += 1
            transaction.set_rollback(True)
    return saved


@pytest.fixture
def vnu_ready():
    if reason := vnu.unavailable():
        if vnu.required():
            pytest.fail(f"REQUIRE_VNU=1 but {reason}", pytrace=False)
        pytest.skip(reason)


def test_every_crawled_page_is_valid_html(vnu_ready, world, tmp_path):
    ids = build_meetings(world)
    published = ids["published"]
    public = [reverse("front:home"), reverse("front:council", args=["testraad"]),
              reverse("accounts:login"), reverse("accounts:password-reset-done"),
              reverse("easyread:public", args=["testraad", published]),
              reverse("accounts:password-reset-complete"), reset_link(world.member),
              reverse("search:search") + "?q=boligindsatsen&side=2",
              reverse("search:search") + "?q=trampolin&raad=testraad&aar=abc"]
    mine = reverse("accounts:mine")
    workspace = "meetings:workspace"
    unverified = Client()
    unverified.force_login(world.secretary)  # password only, before the second factor
    starts = {
        "anon": (Client(), public),
        "member": (login(Client(), world.member), [*public, mine]),
        "chair": (login(Client(), world.chair),
                  [*public, mine, reverse("accounts:two-factor-setup")]),
        "secretary": (login(Client(), world.secretary), [
            *public, mine, reverse("councils:index"),
            *(reverse(workspace, args=["testraad", ids[k]]) for k in ("planned", "held")),
            reverse("easyread:editor", args=["testraad", published]),
        ]),
        "secretary_unverified": (unverified, [reverse("accounts:two-factor-verify")]),
    }
    saved = 0
    for persona, (client, urls) in starts.items():
        pages = crawl(client, urls)
        for url, html in pages.items():
            vnu.save(tmp_path, f"{persona}{url}", html)
            saved += 1
        saved += save_refused_forms(client, persona, pages, tmp_path)
    assert saved > 40
    errors = vnu.check(tmp_path)
    assert not errors, f"{len(errors)} vnu error(s):\n{vnu.report(errors)}"


def test_vnu_reports_what_it_should(vnu_ready, tmp_path):
    """The checker itself: an htmx attribute without data- and a duplicate id are errors."""
    vnu.save(tmp_path, "/bad/", '<!DOCTYPE html><html lang="da"><head><title>x</title></head>'
             '<body><p id="a" hx-get="/x">a</p><p id="a">b</p></body></html>')
    messages = " ".join(m["message"] for m in vnu.check(tmp_path))
    assert "hx-get" in messages and "Duplicate ID" in messages
