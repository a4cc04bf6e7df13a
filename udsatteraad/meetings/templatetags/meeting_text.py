"""Item texts on web pages, parsed the same way as for the PDFs (`pdf.text_blocks`).

Texts come two ways: rich text from the agenda editor (HTML, sanitised with nh3 when saved)
and plain text from imports and terms-of-reference files, with "- " lists and "|" tables.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from udsatteraad.meetings.pdf import looks_like_html, text_blocks
from udsatteraad.meetings.richtext import sanitise_html

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
