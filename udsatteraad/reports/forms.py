from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["kind", "title", "period_start", "period_end"]
        labels = {"kind": _("Type"), "title": _("Titel"), "period_start": _("Perioden fra"),
                  "period_end": _("Perioden til")}
        widgets = {"period_start": DATE, "period_end": DATE}


class TextForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["title", "intro", "conclusion"]
        labels = {"title": _("Titel"), "intro": _("Indledning"),
                  "conclusion": _("Vurdering og anbefalinger")}
        widgets = {"intro": forms.Textarea(attrs={"rows": 8}),
                   "conclusion": forms.Textarea(attrs={"rows": 8})}


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Hvordan godkendte rådet rapporten?"), max_length=300,
                           help_text=_("Fx »Godkendt på rådets møde 12. marts 2027«."))


class SendForm(forms.Form):
    to = forms.EmailField(label=_("Send til (fx regionsrådets eller byrådets sekretariat)"))
