"""An authority's look: accent colour (WCAG AA contrast checked), logo (PNG, or SVG cleaned of
anything but drawing), display name. Applied on its councils' pages through a per-authority
stylesheet (`look:style`): the Content-Security-Policy allows no inline style, and the site's
stylesheets read the colour from the `--brand` custom property."""

from __future__ import annotations

import re
import struct

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from lxml import etree

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# The accent is the header's and buttons' background under white text, and the colour of
# links, borders and counts on the page (white) and on the tinted boxes (site.css --tint).
WHITE = "#ffffff"
TINT = "#f3f5f7"
AA = 4.5
MAX_LOGO_BYTES = 200 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of "#rrggbb"."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def check_accent(value: str) -> str:
    """"#rrggbb" in lower case, or a ValidationError in Danish naming the ratio."""
    value = (value or "").strip()
    if not value:
        return ""
    if not HEX_COLOUR.fullmatch(value):
        raise ValidationError(_("Skriv farven som # og seks hexcifre, fx #0b4f6c."),
                              code="colour")
    value = value.lower()
    worst = min(contrast(value, WHITE), contrast(value, TINT))
    if worst < AA:
        raise ValidationError(
            _("Farven giver kun en kontrast på %(ratio)s:1 mod hvid tekst og sidens baggrund; "
              "WCAG AA kræver mindst 4,5:1. Vælg en mørkere farve.")
            % {"ratio": formats.number_format(worst, 1, use_l10n=True)},
            code="contrast")
    return value


# SVG: drawing only. No script, no foreign HTML, no links out, no animation that could set
# attributes, no external references (url() or href outside the file).
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_ELEMENTS = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
                "text", "tspan", "defs", "lineargradient", "radialgradient", "stop", "title",
                "desc", "clippath", "mask", "use", "symbol"}
SVG_ATTRIBUTES = {"viewbox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
                  "r", "rx", "ry", "d", "points", "fill", "fill-opacity", "fill-rule", "stroke",
                  "stroke-width", "stroke-opacity", "stroke-linecap", "stroke-linejoin",
                  "opacity", "transform", "id", "offset", "stop-color", "stop-opacity",
                  "gradientunits", "gradienttransform", "clip-path", "clip-rule", "mask",
                  "font-family", "font-size", "font-weight", "text-anchor", "href",
                  "preserveaspectratio", "version", "role", "aria-label", "focusable",
                  "xml:space", "clippathunits", "maskunits", "fx", "fy", "spreadmethod"}


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def clean_svg(data: bytes) -> bytes:
    """The SVG with only drawing elements and attributes, or ValidationError."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(_("Filen er ikke en gyldig SVG-fil."), code="svg") from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValidationError(_("Filen er ikke en SVG-tegning."), code="svg")
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or not el.tag.startswith(f"{{{SVG_NS}}}") or (
                _local(el.tag) not in SVG_ELEMENTS):
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
            continue
        for name, value in list(el.attrib.items()):
            local = _local(name)
            namespace = name[1:].split("}")[0] if name.startswith("{") else ""
            bad_ns = namespace not in ("", XLINK_NS, "http://www.w3.org/XML/1998/namespace")
            external = "url(" in value.lower() and not re.fullmatch(r"\s*url\(#[\w-]+\)\s*",
                                                                    value)
            bad_href = local == "href" and not value.startswith("#")
            if bad_ns or local not in SVG_ATTRIBUTES or external or bad_href:
                del el.attrib[name]
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def check_logo(data: bytes) -> tuple[bytes, str]:
    """The stored logo and its content type: a PNG as uploaded, an SVG cleaned."""
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(
            _("Logoet må højst fylde %(kb)s kB.") % {"kb": MAX_LOGO_BYTES // 1024},
            code="size")
    if data.startswith(PNG_SIGNATURE):
        # IHDR first, with a sane size: a renamed or truncated file is refused here.
        if len(data) < 33 or data[12:16] != b"IHDR":
            raise ValidationError(_("Filen er ikke en gyldig PNG-fil."), code="png")
        width, height = struct.unpack(">II", data[16:24])
        if not (0 < width <= 4000 and 0 < height <= 4000):
            raise ValidationError(_("Logoet må højst være 4000 × 4000 punkter."), code="png")
        return data, "image/png"
    head = data[:4096].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")) and b"<svg" in head:
        return clean_svg(data), "image/svg+xml"
    raise ValidationError(_("Logoet skal være en PNG- eller SVG-fil."), code="type")


def stylesheet(accent: str) -> str:
    """The authority's stylesheet: its accent as the site's brand and link colour."""
    if not HEX_COLOUR.fullmatch(accent or ""):
        return "/* Ingen accentfarve: sidens egne farver. */\n"
    return f":root {{ --brand: {accent}; --link: {accent}; }}\n"
