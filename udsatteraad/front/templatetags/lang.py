"""Danish content inside another interface language (issue 16).

`{{ lang_da }}` (front/context.py) marks an element that holds nothing but content; where
content sits inline in a translated sentence (`{% blocktranslate with title=meeting.title|da %}`)
or beside interface words, `|da` wraps the value in `<span lang="da">` so a screen reader
pronounces it as Danish. The message ids stay as they are. In the Danish interface the page
itself is lang="da" and the value is returned unchanged (escaped as usual).
"""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter(is_safe=True)
def da(value: object) -> SafeString | object:
    if value in (None, "") or translation.get_language() == "da":
        return value
    return format_html('<span lang="da">{}</span>', conditional_escape(str(value)))
