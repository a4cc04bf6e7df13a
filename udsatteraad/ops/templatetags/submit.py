"""`{% submit_token %}`: a create form's hidden single-use token (udsatteraad/ops/submit.py)."""

from django import template
from django.utils.html import format_html

from udsatteraad.ops.submit import FIELD, new_token

register = template.Library()


@register.simple_tag(takes_context=True)
def submit_token(context) -> str:
    # A page that shows a refused form again keeps the token it was sent with, so the
    # corrected form is still one submission.
    request = context.get("request")
    posted = request.POST.get(FIELD, "") if request is not None and request.method == "POST" else ""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, posted or new_token())
