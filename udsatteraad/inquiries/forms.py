"""The inquiry forms: the public contact form (plain Danish, LIX at most 30), the
secretariat's registration, screening, agenda, answer and settings forms, and the person
search for GDPR requests."""

from __future__ import annotations

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Inquiry, InquirySettings

MESSAGE_MAX = 5000


def posted(request):
    """The POST data of a POST (even an empty one, so it is a bound form with errors)."""
    return request.POST if request.method == "POST" else None


NAME_MAX = 200
CONTACT_MAX = 200


def _clean_contact(value: str) -> str:
    """An e-mail address or a phone number (digits, spaces, +, -), else a clear message."""
    value = value.strip()
    if not value:
        return ""
    if "@" in value:
        try:
            validate_email(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Skriv en rigtig e-mail. Fx navn@eksempel.dk.")) from None
        return value
    digits = [c for c in value if c.isdigit()]
    if len(digits) < 8 or any(not (c.isdigit() or c in " +-()") for c in value):
        raise forms.ValidationError(_("Skriv en e-mail eller et telefonnummer med 8 cifre."))
    return value


class ContactForm(forms.Form):
    """The public form. The texts are short words in short sentences (LIX at most 30, tested
    in tests/test_inquiries_form.py)."""

    topic = forms.ChoiceField(label=_("Hvad handler det om?"), choices=Inquiry.Topic.choices)
    message = forms.CharField(
        label=_("Skriv til rådet"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Højst 5000 tegn."),
        error_messages={"required": _("Skriv din besked. Feltet er tomt.")},
    )
    sender_name = forms.CharField(label=_("Dit navn (kan udelades)"), required=False)
    contact = forms.CharField(
        label=_("Din e-mail eller dit telefon (kan udelades)"), required=False,
        help_text=_("Skriv en e-mail, hvis du vil have svar på mail."),
    )
    anonymous = forms.BooleanField(
        label=_("Jeg vil være anonym"), required=False,
        help_text=_("Så gemmer vi ikke dit navn og din kontakt. Så kan vi ikke svare dig."),
    )
    consent_to_quote = forms.BooleanField(
        label=_("Rådet må citere det, jeg skriver"), required=False,
        help_text=_("Vi skriver aldrig dit navn i et referat."),
    )
    # The honeypot: hidden from people (and from screen readers); bots fill every field.
    website = forms.CharField(label=_("Lad dette felt være tomt"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["message"].widget.attrs["maxlength"] = str(MESSAGE_MAX)

    @property
    def visible_fields_list(self):
        return [f for f in self.visible_fields() if f.name != "website"]

    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Skriv din besked. Feltet er tomt."))
        if len(message) > MESSAGE_MAX:
            raise forms.ValidationError(
                _("Din besked er for lang. Den har %(n)s tegn. Der må højst være %(max)s. "
                  "Gør den kortere, eller send to beskeder.")
                % {"n": len(message), "max": MESSAGE_MAX})
        return message

    def clean_sender_name(self) -> str:
        name = self.cleaned_data["sender_name"].strip()
        if len(name) > NAME_MAX:
            raise forms.ValidationError(_("Dit navn er for langt. Skriv højst 200 tegn."))
        return name

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"]
        if len(value) > CONTACT_MAX:
            raise forms.ValidationError(_("Feltet er for langt. Skriv højst 200 tegn."))
        return _clean_contact(value)


class RegisterForm(forms.Form):
    """An inquiry received by phone, letter, e-mail or in person."""

    channel = forms.ChoiceField(
        label=_("Modtaget som"),
        choices=[c for c in Inquiry.Channel.choices if c[0] != Inquiry.Channel.WEB],
    )
    received = forms.DateField(label=_("Modtaget den"), initial=timezone.localdate,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    topic = forms.ChoiceField(label=_("Emne"), choices=Inquiry.Topic.choices)
    message = forms.CharField(label=_("Henvendelsen (referat eller afskrift)"),
                              widget=forms.Textarea(attrs={"rows": 8}),
                              max_length=MESSAGE_MAX)
    sender_name = forms.CharField(label=_("Borgerens navn (kan udelades)"), required=False,
                                  max_length=NAME_MAX)
    contact = forms.CharField(label=_("E-mail eller telefon (kan udelades)"), required=False,
                              max_length=CONTACT_MAX)
    anonymous = forms.BooleanField(label=_("Borgeren ønsker at være anonym"), required=False)
    consent_to_quote = forms.BooleanField(label=_("Borgeren har givet lov til at blive citeret"),
                                          required=False)

    def clean_contact(self) -> str:
        return _clean_contact(self.cleaned_data["contact"])

    def clean_received(self):
        import datetime as dt

        day = self.cleaned_data["received"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datoen ligger i fremtiden."))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


class ScreenForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Sekretariatets vurdering"), widget=forms.RadioSelect,
        choices=[("topic", _("Et emne for rådet")),
                 ("personal", _("En borgers egen sag: svar med standardsvaret"))],
    )


class AgendaForm(forms.Form):
    meeting: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Møde"), queryset=None, empty_label=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("Punktets titel"), max_length=300)
    summary = forms.CharField(
        label=_("Anonymiseret resumé"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Skriv med dine egne ord. Ingen navne, ingen kontaktoplysninger og ikke "
                    "borgerens tekst ordret, medmindre borgeren har givet lov."),
    )

    def __init__(self, *args, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{timezone.localtime(m.start):%d.%m.%Y}: {m.title}")


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Svar til borgeren"),
                           widget=forms.Textarea(attrs={"rows": 12}), max_length=MESSAGE_MAX)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = InquirySettings
        fields = ["retention_months", "citizens_adviser", "personal_case_reply"]
        widgets = {"personal_case_reply": forms.Textarea(attrs={"rows": 10})}

    def clean_retention_months(self) -> int:
        months = self.cleaned_data["retention_months"]
        if not 1 <= months <= 120:
            raise forms.ValidationError(_("Vælg mellem 1 og 120 måneder."))
        return months


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("E-mail, telefon eller navn"), max_length=200, min_length=3,
                        error_messages={"min_length": _("Skriv mindst 3 tegn.")})
