"""Text helpers several apps use: Danish slugs, rich text (sanitising the agenda editor's HTML,
telling HTML from plain text, HTML to the words a reader sees) and recommendation lines.

Rich text is sanitised where it is saved (forms) and again where it is shown (the `rich_text`
template filter), both with `sanitise_html`, so the two cannot drift apart.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.text import slugify

from . import wordhtml

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(value: str) -> str:
    """slugify drops æ, ø, å; Danish writes them as ae, oe, aa in addresses."""
    return slugify(value.translate(_DANISH_LETTERS))


# --- Rich text -----------------------------------------------------------------------------

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "table", "thead",
                "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}

_HTML_TAG = re.compile(
    r"</?(p|br|ul|ol|li|strong|em|b|i|h[1-6]|table|thead|tbody|tr|td|th|a|div|img|span|"
    r"blockquote)\b", re.I)
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|tr)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _span_filter(tag: str, attribute: str, value: str) -> str | None:
    """colspan/rowspan only as the small numbers a table needs."""
    if attribute in ("colspan", "rowspan"):
        return value if value.isdigit() and 1 <= int(value) <= 100 else None
    return value


def sanitise_html(html: str) -> str:
    """HTML as it may be stored and shown. Word's and web pages' markup is first brought to
    plain structure (`wordhtml.normalise`: real lists, strong/em, h3/h4), so that what nh3
    removes is decoration, not headings, lists or bold."""
    return nh3.clean(
        wordhtml.normalise(html or ""), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
        link_rel="noopener", attribute_filter=_span_filter,
    ).strip()


def looks_like_html(text: str) -> bool:
    return bool(_HTML_TAG.search(text or ""))


def plain_text(value: str) -> str:
    """Rich text (sanitised HTML from the editor) as the words a reader sees."""
    if not looks_like_html(value):
        return value
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", value)))


# --- Recommendations -----------------------------------------------------------------------

# "1. at ...", "1) at", "1.", "at ..." at the start of a recommendation line.
RECOMMENDATION_MARKER = re.compile(r"^\s*(?:\d+\s*[.)]\s*)?(?:at\s+)?", re.IGNORECASE)


def parse_recommendations(text: str) -> list[str]:
    """One recommendation a line, stored without its "1. at" marker (the templates add it)."""
    result = []
    for line in (text or "").splitlines():
        line = RECOMMENDATION_MARKER.sub("", line, count=1).strip()
        if line:
            result.append(line)
    return result


# "<" followed by what could start a tag, a comment or a declaration. Plain text without it
# ("a < b", "2 > 1") is stored as typed and escaped when printed.
_TAG_LIKE = re.compile(r"<[A-Za-z/!?]")


def clean_rich_text(text: str | None) -> str:
    """Rich text as it may be stored: HTML (or anything tag-like) sanitised with nh3, plain
    text unchanged. Applying it twice gives the same result as once. `AgendaItem.save()`
    passes its rich-text fields through it, so text is sanitised whichever screen or command
    saves it; templates print it with the `rich_text` filter, which sanitises once more."""
    text = text or ""
    if _TAG_LIKE.search(text):
        return sanitise_html(text)
    return text
