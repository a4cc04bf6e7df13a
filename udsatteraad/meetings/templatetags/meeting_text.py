"""Item texts on web pages, parsed the same way as for the PDFs (`pdf.text_blocks`).

Texts come two ways: rich text from the agenda editor (HTML, sanitised with nh3 when saved)
and plain text from imports and terms-of-reference files, with "- " lists and "|" tables.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from udsatteraad.lib.forms import rich_text_labels as _rich_text_labels
from udsatteraad.lib.text import looks_like_html, sanitise_html
from udsatteraad.meetings.pdf import text_blocks

register = template.Library()


@register.filter
def rich_text(value: str) -> SafeString | str:
    text = (value or "").strip()
    if not text:
        return ""
    if looks_like_html(text):
        # Sanitised when saved; sanitised again here so that no stored row can inject markup.
        return mark_safe(sanitise_html(text))  # noqa: S308 - nh3 output
    return render_to_string("meetings/_blocks.html", {"blocks": text_blocks(text)})


@register.simple_tag
def rich_text_labels() -> str:
    """The editor's labels for a hand-written `<textarea data-rich-text="...">` (escaped by
    the template engine, as simple_tag output is)."""
    return _rich_text_labels()
