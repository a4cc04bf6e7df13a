"""Plain forms with labels for the hearing's screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from udsatteraad.meetings.models import Meeting

from .models import Hearing

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HearingForm(forms.ModelForm):
    document = forms.FileField(
        label=_("Høringsmateriale"), required=False,
        help_text=_("PDF, DOCX, XLSX, ODT, PNG eller JPEG. Flere dokumenter kan tilføjes "
                    "bagefter."),
    )
    notify = forms.BooleanField(
        label=_("Send høringen til medlemmerne nu, med fristen"), required=False,
        initial=True,
    )

    class Meta:
        model = Hearing
        fields = ["kind", "source", "source_name", "title", "case_number", "received",
                  "deadline", "recipient", "recipient_email", "description"]
        labels = {
            "kind": _("Type"), "source": _("Fra"), "source_name": _("Afsender"),
            "title": _("Titel"), "case_number": _("Sagsnummer"), "received": _("Modtaget"),
            "deadline": _("Frist"), "recipient": _("Modtager af svaret"),
            "recipient_email": _("Modtagerens e-mailadresse"),
            "description": _("Beskrivelse"),
        }
        help_texts = {
            "source_name": _("For eksempel Socialudvalget eller Socialstyrelsen."),
            "recipient": _("Hvem svaret sendes til. For en udtalelse: den, rådet henvender "
                           "sig til."),
        }
        widgets = {"received": DATE, "deadline": DATE,
                   "description": forms.Textarea(attrs={"rows": 4})}


class EmlForm(forms.Form):
    eml = forms.FileField(
        label=_("Videresendt e-mail (.eml)"),
        help_text=_("Gem e-mailen fra dit mailprogram som .eml-fil. Emnet bliver titlen, "
                    "datoen modtagelsesdatoen, og vedhæftede filer bliver høringsmateriale."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Hearing.Kind.choices[:2])
    source = forms.ChoiceField(label=_("Fra"), choices=Hearing.Source.choices[:4],
                               initial=Hearing.Source.ADMINISTRATION)
    deadline = forms.DateField(label=_("Frist"), required=False, widget=DATE)
    recipient_email = forms.EmailField(label=_("Modtagerens e-mailadresse"), required=False,
                                       help_text=_("Tom: afsenderen af e-mailen."))
    notify = forms.BooleanField(label=_("Send høringen til medlemmerne nu, med fristen"),
                                required=False, initial=True)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    file = forms.FileField(label=_("Fil"))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Din kommentar"), widget=forms.Textarea(attrs={"rows": 5}),
                           max_length=10_000)


class DraftForm(forms.Form):
    text = forms.CharField(
        label=_("Svarets tekst"), widget=forms.Textarea(attrs={"rows": 14}),
        max_length=100_000,
        help_text=_("Afsnit adskilles af en tom linje; linjer, der begynder med \"- \", "
                    "bliver punkter."),
    )


class SubmitForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Sæt på dagsordenen for mødet"), queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Rådet godkender høringssvar på et møde: punktet får svaret som "
                    "sagsfremstilling."),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Meeting.objects.filter(
            council=council, status=Meeting.Status.PLANNED).order_by("start")


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Hvad besluttede myndigheden?"), widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )
    points_taken = forms.ChoiceField(label=_("Blev rådets bemærkninger taget med?"),
                                     choices=Hearing.PointsTaken.choices, required=False)
