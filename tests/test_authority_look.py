"""An authority's look (issue 16): display name, logo (checked PNG, cleaned SVG) and accent
colour (WCAG AA contrast), set by the secretaries of its councils and shown on its councils'
pages through a stylesheet of its own (the CSP allows no inline style)."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from udsatteraad.councils import look
from udsatteraad.councils.models import Authority


def png(width=2, height=1) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    raw = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (look.PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                                            0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


EVIL_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(2)</script>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
  <a xlink:href="javascript:alert(3)"><rect width="10" height="10" fill="#0b4f6c"/></a>
  <rect width="5" height="5" fill="url(https://example.com/track)" style="x"/>
  <circle cx="5" cy="5" r="2" fill="#fff"/>
  <use href="https://example.com/x.svg#a"/>
</svg>"""


def edit_url(world) -> str:
    return reverse("look:edit", args=[world.region.slug])


@pytest.mark.parametrize(("colour", "ok"), [
    ("#0b4f6c", True), ("#000000", True), ("#1E6B34", True),
    ("#ffbf47", False), ("#ffffff", False), ("#7a7a7a", False),
])
def test_contrast_check(colour, ok):
    if ok:
        assert look.check_accent(colour) == colour.lower()
    else:
        with pytest.raises(Exception, match="4,5:1"):
            look.check_accent(colour)


def test_contrast_ratios_follow_wcag():
    assert round(look.contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(look.contrast("#767676", "#ffffff"), 2) == 4.54


def test_secretary_sets_name_colour_and_logo(world, secretary_client, anon):
    response = secretary_client.post(edit_url(world), {
        "display_name": "Region Test", "accent_color": "#1e6b34",
        "logo": SimpleUploadedFile("logo.png", png(), content_type="image/png"),
    })
    assert response.status_code == 302
    region = Authority.objects.get(pk=world.region.pk)
    assert (region.display_name, region.accent_color, region.logo_type) == (
        "Region Test", "#1e6b34", "image/png")
    # The council's public page loads the stylesheet and shows the name and logo.
    page = anon.get(reverse("front:council", args=[world.council.slug])).content.decode()
    css_url = reverse("look:style", args=[region.slug])
    assert f'href="{css_url}?v=' in page
    assert reverse("look:logo", args=[region.slug]) in page and "Region Test" in page
    css = anon.get(css_url)
    assert css["Content-Type"].startswith("text/css")
    assert "--brand: #1e6b34" in css.content.decode()
    logo = anon.get(reverse("look:logo", args=[region.slug]))
    assert logo["Content-Type"] == "image/png" and logo.content == png()
    # Another authority's council keeps the site's look.
    other = anon.get(reverse("front:council", args=[world.other_council.slug])).content.decode()
    assert css_url not in other and "Region Test" not in other


def test_low_contrast_is_refused_with_the_ratio(world, secretary_client):
    response = secretary_client.post(edit_url(world), {"accent_color": "#ffbf47"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "kontrast på 1,5:1" in html and "4,5:1" in html
    assert Authority.objects.get(pk=world.region.pk).accent_color == ""


@pytest.mark.parametrize(("name", "data", "message"), [
    ("logo.png", b"\x89PNG\r\n\x1a\nnot really", "ikke en gyldig PNG"),
    ("logo.gif", b"GIF89a....", "PNG- eller SVG"),
    ("logo.svg", b"<svg><unclosed", "ikke en gyldig SVG"),
    ("logo.png", look.PNG_SIGNATURE + b"\x00" * (look.MAX_LOGO_BYTES + 1), "200 kB"),
])
def test_bad_logos_are_refused(world, secretary_client, name, data, message):
    response = secretary_client.post(edit_url(world), {
        "accent_color": "#0b4f6c", "logo": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Authority.objects.get(pk=world.region.pk).logo_type == ""


def test_svg_logo_is_cleaned_and_served_inert(world, secretary_client, anon):
    secretary_client.post(edit_url(world), {
        "accent_color": "#0b4f6c", "logo": SimpleUploadedFile("logo.svg", EVIL_SVG)})
    region = Authority.objects.get(pk=world.region.pk)
    assert region.logo_type == "image/svg+xml"
    svg = bytes(region.logo).decode()
    for bad in ("onload", "script", "alert", "foreignObject", "example.com", "style="):
        assert bad not in svg, bad
    assert '<circle cx="5" cy="5" r="2" fill="#fff"/>' in svg and 'viewBox="0 0 10 10"' in svg
    response = anon.get(reverse("look:logo", args=[region.slug]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_remove_logo(world, secretary_client):
    secretary_client.post(edit_url(world), {
        "accent_color": "#0b4f6c", "logo": SimpleUploadedFile("logo.png", png())})
    secretary_client.post(edit_url(world), {"accent_color": "#0b4f6c", "remove_logo": "on"})
    assert Authority.objects.get(pk=world.region.pk).logo_type == ""


def test_who_may_edit(world, other_secretary_client, member_client, admin_client_2fa,
                      secretary_client):
    assert secretary_client.get(edit_url(world)).status_code == 200
    assert admin_client_2fa.get(edit_url(world)).status_code == 200
    assert other_secretary_client.get(edit_url(world)).status_code == 403
    assert member_client.get(edit_url(world)).status_code == 403
    # The secretariat's navigation leads there.
    page = secretary_client.get(reverse("councils:overview", args=[world.council.slug]))
    assert edit_url(world) in page.content.decode()


def test_unset_look_is_the_sites(world, anon):
    page = anon.get(reverse("front:council", args=[world.council.slug])).content.decode()
    assert "udseende.css" not in page
    assert anon.get(reverse("look:logo", args=[world.region.slug])).status_code == 404
    assert "Ingen accentfarve" in anon.get(
        reverse("look:style", args=[world.region.slug])).content.decode()


def test_demo_look_is_valid_and_idempotent(world):
    from udsatteraad.councils.demo_look import load_demo_look
    from udsatteraad.councils.models import Council

    Council.objects.filter(pk=world.council.pk).update(slug="randers")
    load_demo_look()
    load_demo_look()
    region = Authority.objects.get(pk=world.region.pk)
    assert region.display_name == "Randers Kommune" and region.logo_type == "image/svg+xml"
    assert look.contrast(region.accent_color, look.WHITE) >= look.AA
    assert b"DEMO" in bytes(region.logo)
