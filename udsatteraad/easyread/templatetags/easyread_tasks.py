"""The easy-read tasks on the secretariat's council page. A template tag, so the councils app
shows them without importing this app (which imports councils)."""

from django import template

from udsatteraad.easyread.actions import published_without_easy_read

register = template.Library()


@register.inclusion_tag("easyread/_without_easy_read.html")
def easy_read_tasks(council):
    return {"council": council, "meetings": published_without_easy_read(council)[:10]}
