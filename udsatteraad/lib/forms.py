"""Form pieces several apps use: HTML5 date and time widgets, narrowing a model choice field,
the case numbers councils write, and the rich-text editor's textarea."""

from __future__ import annotations

import json
import re
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's model choice field by name, typed, so its queryset can be narrowed."""
    return cast("forms.ModelChoiceField", form.fields[name])


# KLE journal numbers and the free forms used by the seed authorities' case systems.
CASE_NUMBER_FORMS = [
    re.compile(r"\d\d\.\d\d\.\d\d-[A-Z]\d\d-\d+-\d\d"),  # KLE: 27.15.00-A08-1-21
    re.compile(r"\d{1,4}/\d{1,7}"),  # 21/874
    re.compile(r"[A-ZÆØÅ]{2,6}-\d{4}-\d{1,9}"),  # EMN-2025-009242
    re.compile(r"\d{1,5}-\d{4}-\d{1,9}"),  # 330-2021-45767
    re.compile(r"\d{1,4}(?:-\d{1,6}){3,5}"),  # 1-51-71-3321-08 (Region Midtjylland)
]


def validate_case_number(value: str) -> str:
    value = (value or "").strip()
    if value and not any(p.fullmatch(value) for p in CASE_NUMBER_FORMS):
        raise ValidationError(
            _("Sagsnummeret har ikke en form, systemet kender. Skriv det som et KLE-nummer "
              "(fx 27.15.00-A08-1-21 eller 00.00.00-P20-4-18) eller som 21/874, "
              "EMN-2025-009242 eller 330-2021-45767."),
            code="case_number",
        )
    return value


def rich_text_labels() -> str:
    """The editor's toolbar labels in the active language, as the JSON the `data-rich-text`
    attribute carries (static/js/richtext.js)."""
    return json.dumps({
        "toolbar": str(_("Formatering")),
        "bold": str(_("Fed")),
        "italic": str(_("Kursiv")),
        "heading": str(_("Overskrift")),
        "bullets": str(_("Punktopstilling")),
        "numbers": str(_("Nummereret liste")),
        "link": str(_("Link")),
        "link_prompt": str(_("Linkets adresse (https://...)")),
        "undo": str(_("Fortryd")),
    }, ensure_ascii=False)


class RichTextarea(forms.Textarea):
    """A textarea the editor script turns into a small rich-text editor (bold, italic,
    heading, lists, link, undo; pasting from Word keeps the structure). Without JavaScript it
    is a plain textarea. Whatever is posted is sanitised where it is saved
    (`lib.text.sanitise_html`)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-rich-text"] = rich_text_labels()
        return context
