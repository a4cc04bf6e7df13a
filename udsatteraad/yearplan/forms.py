from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PlanEntry

MONTHS = [
    (1, _("januar")), (2, _("februar")), (3, _("marts")), (4, _("april")), (5, _("maj")),
    (6, _("juni")), (7, _("juli")), (8, _("august")), (9, _("september")),
    (10, _("oktober")), (11, _("november")), (12, _("december")),
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryForm(forms.ModelForm):
    month = forms.TypedChoiceField(
        label=_("Måned"), choices=[("", _("Ikke fastlagt")), *MONTHS], coerce=int,
        empty_value=None, required=False,
        help_text=_("Brug måneden, når datoen endnu ikke er fastlagt."))

    class Meta:
        model = PlanEntry
        fields = ["kind", "title", "description", "month", "date", "end_date", "is_public"]
        labels = {"kind": _("Type"), "title": _("Titel"), "description": _("Beskrivelse"),
                  "date": _("Dato"), "end_date": _("Slutdato"),
                  "is_public": _("Vis i det offentlige årshjul")}
        widgets = {"date": DATE, "end_date": DATE,
                   "description": forms.Textarea(attrs={"rows": 4, "maxlength": 5000})}

    def __init__(self, *args, year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.year = year
