"""`{{ amount|kr }}`: "1.234,50 kr." (udsatteraad/lib/amounts.py)."""

from django import template

from udsatteraad.lib.amounts import danish_number, kroner

register = template.Library()


@register.filter
def kr(value) -> str:
    return kroner(value)


@register.filter
def km(value) -> str:
    return "" if value is None else f"{danish_number(value, 1)} km"
