"""Forms of the agenda: items, attachments and members' proposals."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from udsatteraad.councils.models import FocusArea, TargetGroup
from udsatteraad.lib.formfields import ModelMultipleChoiceField
from udsatteraad.lib.forms import RichTextarea, TimeInput, validate_case_number
from udsatteraad.lib.text import parse_recommendations, sanitise_html

from .attachments import ALLOWED_NAMES, check_upload, limit_text
from .models import AgendaItem


class ItemForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Titel"), max_length=300)
    case_number = forms.CharField(
        label=_("Sagsnummer"), max_length=60, required=False,
        help_text=_("Fx 27.15.00-A08-1-21, 21/874 eller EMN-2025-009242."),
    )
    summary = forms.CharField(label=_("Resumé"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}))
    recommendations_intro = forms.CharField(
        label=_("Indledning til indstillingen"), max_length=200, required=False
    )
    recommendations = forms.CharField(
        label=_("Indstillinger"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Én indstilling pr. linje. Nummer og »at« sættes på automatisk."),
    )
    case_presentation = forms.CharField(
        label=_("Sagsfremstilling"), required=False, widget=RichTextarea(attrs={"rows": 10}),
        help_text=_("Tilladt formatering: afsnit, fed, kursiv, lister, links, "
                    "overskrifter (h3, h4) og tabeller. Alt andet fjernes."),
    )
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TimeInput())
    is_public = forms.BooleanField(
        label=_("Åbent punkt (vises for offentligheden)"), required=False, initial=True
    )
    target_groups = ModelMultipleChoiceField(
        label=_("Målgrupper"), queryset=TargetGroup.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    focus_areas = ModelMultipleChoiceField(
        label=_("Indsatsområder"), queryset=FocusArea.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    origin = forms.ChoiceField(label=_("Punktet kommer fra"), choices=AgendaItem.Origin.choices,
                               initial=AgendaItem.Origin.ADMINISTRATION)

    def clean_case_number(self) -> str:
        return validate_case_number(self.cleaned_data.get("case_number", ""))

    def clean_recommendations(self) -> list[str]:
        return parse_recommendations(self.cleaned_data.get("recommendations", ""))

    def clean_case_presentation(self) -> str:
        return sanitise_html(self.cleaned_data.get("case_presentation", ""))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Sluttiden skal ligge efter starttiden."))
        return data

    @staticmethod
    def initial_for(item: AgendaItem) -> dict:
        return {
            "revision": item.revision,
            "title": item.title,
            "case_number": item.case_number,
            "summary": item.summary,
            "recommendations_intro": item.recommendations_intro,
            "recommendations": "\n".join(str(r) for r in item.recommendations or []),
            "case_presentation": item.case_presentation,
            "start_time": item.start_time,
            "end_time": item.end_time,
            "is_public": item.is_public,
            "target_groups": list(item.target_groups.all()),
            "focus_areas": list(item.focus_areas.all()),
            "origin": item.origin,
        }


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    file = forms.FileField(label=_("Fil"))
    is_public = forms.BooleanField(
        label=_("Åbent bilag (kan hentes af offentligheden)"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Tilladte filtyper: %(types)s. Højst %(limit)s.") % {
            "types": ALLOWED_NAMES, "limit": limit_text()}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_upload(upload)
        return upload


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Titel på punktet"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivelse"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hvad skal rådet drøfte, og hvorfor?"),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}))


class UrgentForm(forms.Form):
    """Who decided to take up an item added after the agenda went out (rules.urgent_fields
    checks the decision against the rules of procedure)."""

    use_required_attribute = False  # shown with ItemForm; the rules decide what is required

    decided_by = forms.ChoiceField(
        label=_("Hvem besluttede at optage punktet?"), required=False,
        choices=[("chair", _("Formanden")), ("members", _("Et antal af rådets medlemmer"))],
        widget=forms.RadioSelect,
    )
    votes = forms.IntegerField(
        label=_("Antal medlemmer, der stemte for"), required=False, min_value=1,
        max_value=999,
        help_text=_("Kun når medlemmerne besluttede det."),
    )

    def __init__(self, *args, rule: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["decided_by"]
        assert isinstance(field, forms.ChoiceField)
        if rule == "chair":
            field.choices = [("chair", _("Formanden"))]
        elif rule == "members":
            field.choices = [("members", _("Et antal af rådets medlemmer"))]
