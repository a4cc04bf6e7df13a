"""The set-up screens' forms. Authorities and councils are chosen by name (their slug is the
value sent), never by a numeric id."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from udsatteraad.councils.models import Authority, Council, SeatGroup, TermsOfReference
from udsatteraad.lib.forms import DateInput
from udsatteraad.lib.text import danish_slugify

# A council file is a few kilobytes; this is far above any real one.
MAX_FILE_CHARS = 200_000


class CouncilFileForm(forms.Form):
    upload = forms.FileField(
        label=_("Rådsfil (YAML)"), required=False,
        help_text=_("Vælg en fil, eller indsæt filens tekst i feltet nedenfor."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,text/yaml"}))
    text = forms.CharField(
        label=_("Rådsfilens tekst"), required=False, max_length=MAX_FILE_CHARS,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false", "class": "code"}),
        help_text=_("Formatet er beskrevet i docs/council-file.md."))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("upload")
        self.filename = "rådsfil.yaml"
        if upload:
            raw = upload.read(MAX_FILE_CHARS * 4 + 1)
            if len(raw) > MAX_FILE_CHARS * 4:
                raise forms.ValidationError(_("Filen er for stor til at være en rådsfil."))
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("Filen er ikke tekst i UTF-8. Gem den som UTF-8, og prøv igen.")) from None
            self.filename = upload.name
            data["text"] = text
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Vælg en rådsfil, eller indsæt dens tekst."))
        ProhibitNullCharactersValidator()(data["text"])
        return data


class AuthorityChoiceMixin(forms.Form):
    """An existing authority (by name), or the name, slug and kind of a new one."""

    authority = forms.ModelChoiceField(
        label=_("Eksisterende myndighed"), queryset=Authority.objects.order_by("name"),
        to_field_name="slug", required=False, empty_label=_("– ny myndighed –"))
    authority_name = forms.CharField(label=_("Ny myndigheds navn"), max_length=200,
                                     required=False, help_text=_("F.eks. Viborg Kommune."))
    authority_slug = forms.SlugField(label=_("Ny myndigheds kortnavn i adresser"),
                                     max_length=50, required=False,
                                     help_text=_("Små bogstaver, tal og bindestreg. Udfyldes "
                                                 "ud fra navnet, hvis feltet er tomt."))
    authority_kind = forms.ChoiceField(label=_("Ny myndigheds type"),
                                       choices=Authority.Kind.choices, required=False)

    def clean_authority_fields(self, data: dict[str, Any], default: Authority | None = None):
        if data.get("authority"):
            return
        name = (data.get("authority_name") or "").strip()
        if not name:
            if default is not None:
                data["authority"] = default
                return
            self.add_error("authority", _("Vælg en myndighed, eller skriv navnet på en ny."))
            return
        slug = data.get("authority_slug") or danish_slugify(name)[:50]
        data["authority_slug"] = slug
        if Authority.objects.filter(name__iexact=name).exists():
            self.add_error("authority_name", _("Myndigheden findes allerede. Vælg den i listen."))
        if not slug:
            self.add_error("authority_slug", _("Skriv et kortnavn."))
        elif Authority.objects.filter(slug=slug).exists():
            self.add_error("authority_slug", _("Kortnavnet er optaget."))
        if not data.get("authority_kind"):
            self.add_error("authority_kind", _("Vælg region eller kommune."))


class CouncilNameMixin(forms.Form):
    name = forms.CharField(label=_("Rådets navn"), max_length=200,
                           help_text=_("F.eks. Udsatterådet i Viborg Kommune."))
    slug = forms.SlugField(label=_("Rådets kortnavn i adresser"), max_length=50, required=False,
                           help_text=_("Små bogstaver, tal og bindestreg. Udfyldes ud fra "
                                       "navnet, hvis feltet er tomt."))

    def clean_council_slug(self, data: dict[str, Any]) -> None:
        slug = data.get("slug") or danish_slugify(data.get("name") or "")[:50]
        data["slug"] = slug
        if "name" in data and not slug:
            self.add_error("slug", _("Skriv et kortnavn."))
        elif slug and Council.objects.filter(slug=slug).exists():
            self.add_error("slug", _("Kortnavnet bruges allerede af et andet råd."))


class CopyCouncilForm(AuthorityChoiceMixin, CouncilNameMixin):
    source = forms.ModelChoiceField(
        label=_("Kopiér fra rådet"), to_field_name="slug", empty_label=None,
        queryset=Council.objects.select_related("authority").order_by("authority__name",
                                                                       "name"))
    field_order = ["source", "name", "slug", "authority", "authority_name", "authority_slug",
                   "authority_kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].help_text = _(
            "Tomt: samme myndighed som rådet, der kopieres.")
        self.fields["authority"].empty_label = _("– samme som rådet, der kopieres –")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        source = data.get("source")
        self.clean_authority_fields(data, default=source.authority if source else None)
        self.clean_council_slug(data)
        return data


class BlankCouncilForm(AuthorityChoiceMixin, CouncilNameMixin):
    tor_title = forms.CharField(label=_("Kommissoriets titel"), max_length=300)
    adopted_on = forms.DateField(label=_("Kommissoriet er godkendt den"), widget=DateInput())
    purpose = forms.CharField(label=_("Formål"), widget=forms.Textarea(attrs={"rows": 3}))
    meetings_min = forms.IntegerField(label=_("Mindst antal møder om året"), min_value=0,
                                      max_value=52, initial=4)
    meetings_max = forms.IntegerField(label=_("Højst antal møder om året"), min_value=0,
                                      max_value=52, initial=4)
    chair_rule = forms.ChoiceField(label=_("Valg af formand"),
                                   choices=TermsOfReference.ChairRule.choices)
    vice_chair_rule = forms.ChoiceField(label=_("Valg af næstformand"),
                                        choices=TermsOfReference.ViceChairRule.choices)
    term_basis = forms.ChoiceField(label=_("Periode"), choices=TermsOfReference.TermBasis.choices)
    seat_group_name = forms.CharField(label=_("Første pladsgruppe"), max_length=200,
                                      help_text=_("F.eks. Brugerrepræsentanter. Flere "
                                                  "pladsgrupper tilføjes bagefter."))
    seat_group_kind = forms.ChoiceField(label=_("Pladsgruppens type"),
                                        choices=SeatGroup.Kind.choices)
    seat_group_seats = forms.IntegerField(label=_("Antal pladser"), min_value=1, max_value=99)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self.clean_authority_fields(data)
        self.clean_council_slug(data)
        low, high = data.get("meetings_min"), data.get("meetings_max")
        if low is not None and high is not None and low > high:
            self.add_error("meetings_max", _("Højst antal møder kan ikke være mindre end "
                                             "mindst antal."))
        if (data.get("term_basis") == TermsOfReference.TermBasis.FIXED_TRIAL):
            self.add_error("term_basis", _("Vælg en anden periode her; en forsøgsperiode "
                                           "angives bagefter i kommissoriet."))
        if data.get("seat_group_kind") == SeatGroup.Kind.PERSONAL:
            self.add_error("seat_group_kind", _("Personlige medlemmer vælges bagefter i "
                                                "kommissoriet."))
        if data.get("seat_group_kind") == SeatGroup.Kind.ORGANISATION:
            self.add_error("seat_group_kind", _("En organisationsplads skal have en "
                                                "organisation: tilføj den bagefter."))
        return data


class InviteSecretaryForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))


class AcceptForm(forms.Form):
    """The invitee's new password, checked by Django's validators (with the invitee's name and
    address, so neither is accepted as a password)."""

    password1 = forms.CharField(
        label=_("Vælg en adgangskode"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Mindst 10 tegn. Undgå almindelige ord og adgangskoder, der kun består "
                    "af tal."))
    password2 = forms.CharField(
        label=_("Gentag adgangskoden"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email: str, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = get_user_model()(email=email, name=name)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        elif p1:
            try:
                validate_password(p1, self.user)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        return data
