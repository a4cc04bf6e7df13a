"""Content-Security-Policy and Permissions-Policy on every page; no inline script, inline
style or event-handler attribute in any page, so the policy can forbid them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import PASSWORD, make_user

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)

PUBLIC = ["/", "/raad/", "/raad/testraad/", "/konto/log-ind/", "/konto/nulstil/", "/soeg/",
          "/soeg/?q=udsatte", "/findes-ikke/", "/oparl/v1.1/", "/feed.atom"]
SECRETARY = ["/mine/", "/sekretariat/", "/sekretariat/testraad/", "/sekretariat/testraad/moeder/",
             "/sekretariat/testraad/import/"]


def check(response, url: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp, url
    assert "script-src 'self'" in csp, url
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp, url
    policy = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy, url
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url
        assert not HANDLER.search(html), url


def test_public_pages(anon, world):
    for url in PUBLIC:
        check(anon.get(url), url)


def test_secretariat_pages(secretary_client):
    for url in SECRETARY:
        response = secretary_client.get(url)
        assert response.status_code in (200, 302), url
        check(response, url)


def test_admin_pages(admin_client_2fa):
    for url in ("/admin/", "/admin/accounts/user/", "/admin/councils/person/"):
        response = admin_client_2fa.get(url)
        assert response.status_code == 200, url
        check(response, url)


def test_two_factor_setup_page_with_qr_code(world):
    from udsatteraad.councils.models import Secretary

    user = make_user("ny@testregion.example", "Ny Sekretær")
    Secretary.objects.create(user=user, council=world.council)
    client = Client()
    client.post("/konto/log-ind/", {"email": user.email, "password": PASSWORD})
    response = client.get("/konto/2fa/opsaet/")
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    check(response, "/konto/2fa/opsaet/")


@pytest.mark.parametrize("template", ["500.html"])
def test_error_page_has_no_inline_style(template):
    from django.template.loader import get_template

    html = get_template(template).render()
    assert not INLINE_STYLE.search(html)
    assert 'href="/static/css/error.css"' in html


def test_no_template_has_inline_script_style_or_handlers():
    """Every page template (e-mails aside: mail clients need inline styles)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "udsatteraad" / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        if "emails" in path.parts:
            continue
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_STYLE.search(text) or HANDLER.search(text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
