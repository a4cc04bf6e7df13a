"""Rich text of agenda items: the one sanitiser every writer goes through.

`AgendaItem.save()` passes its rich-text fields through `clean_rich_text`, so text is
sanitised whichever screen or command saves it (the agenda form, the minutes screen, the
import review, `import_minutes`, the YAML loaders). Templates print it with the `rich_text`
filter, which sanitises once more, so no stored row can inject markup.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "table", "thead",
                "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}

# "<" followed by what could start a tag, a comment or a declaration. Plain text without it
# ("a < b", "2 > 1") is stored as typed and escaped when printed.
_TAG_LIKE = re.compile(r"<[A-Za-z/!?]")


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener"
    ).strip()


def clean_rich_text(text: str | None) -> str:
    """Text as it may be stored: HTML (or anything tag-like) sanitised with nh3, plain text
    unchanged. Applying it twice gives the same result as once."""
    text = text or ""
    if _TAG_LIKE.search(text):
        return sanitise_html(text)
    return text
