"""A real browser through the real forms: password, then the TOTP code, back to where the
secretary was going; and keyboard use of the skip link."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import totp_token


def test_secretary_logs_in_with_password_and_totp(page, world, root_conftest):
    page.goto("/sekretariat/")
    assert urlsplit(page.url).path == "/konto/log-ind/"

    main = page.locator("main")
    main.get_by_label("E-mail").fill(world.secretary.email)
    main.get_by_label("Adgangskode").fill(root_conftest.PASSWORD)
    main.get_by_role("button", name="Log ind").click()

    page.wait_for_url("**/konto/2fa/**")
    main.get_by_label("Kode fra din godkendelses-app").fill(totp_token(world.secretary))
    with page.expect_navigation():
        main.get_by_role("button", name="Log ind").click()

    assert urlsplit(page.url).path == "/sekretariat/"
    assert page.locator("h1").count() == 1
    assert page.get_by_role("button", name="Log ud").is_visible()


def test_wrong_totp_code_keeps_secretary_out(page, world, root_conftest):
    page.goto("/konto/log-ind/?next=/sekretariat/")
    main = page.locator("main")
    main.get_by_label("E-mail").fill(world.secretary.email)
    main.get_by_label("Adgangskode").fill(root_conftest.PASSWORD)
    main.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/konto/2fa/**")

    good = totp_token(world.secretary)
    main.get_by_label("Kode fra din godkendelses-app").fill(f"{(int(good) + 1) % 10**6:06d}")
    with page.expect_navigation():
        main.get_by_role("button", name="Log ind").click()

    assert urlsplit(page.url).path == "/konto/2fa/"
    assert main.locator(".errorlist").is_visible()
    page.goto("/sekretariat/")
    assert urlsplit(page.url).path == "/konto/2fa/"


@pytest.mark.parametrize("path", ["/", "/tilgaengelighed/"])
def test_first_tab_reaches_skip_link_which_moves_focus_to_main(page, world, path):
    page.goto(path)

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " href: document.activeElement.getAttribute('href'),"
        " visible: (r => r.width > 0 && r.left >= 0 && r.top >= 0)"
        "(document.activeElement.getBoundingClientRect())})"
    )
    assert focused["href"] == "#main", f"first Tab focused {focused}"
    # Hidden until focused, then shown: a sighted keyboard user must see where focus is.
    assert focused["visible"], "skip link is focused but not visible"

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    in_main = page.evaluate(
        "() => document.getElementById('main').contains(document.activeElement)"
    )
    assert in_main, "Tab after the skip link should continue inside main"
