"""Forms of the secretariat's screens. Rules about memberships live in rules.py; these forms
only collect input and show the model's Danish errors next to the fields they concern."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from udsatteraad.lib.formfields import ModelMultipleChoiceField
from udsatteraad.lib.forms import DateInput, model_choices
from udsatteraad.lib.text import danish_slugify

from .models import (
    Council,
    FocusArea,
    Membership,
    Organisation,
    Person,
    SeatGroup,
    TargetGroup,
    Term,
    TermsOfReference,
    Venue,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


def add_model_errors(form: forms.BaseForm, error: ValidationError, rename=None) -> None:
    """Put a model's ValidationError on the form: each message next to its field where the
    form has that field, otherwise at the top of the form (never a ValueError/500)."""
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        target = rename.get(field, field)
        if target != NON_FIELD_ERRORS and target in form.fields:
            form.add_error(target, messages)
        else:
            form.add_error(None, messages)


class CouncilForm(forms.ModelForm):
    class Meta:
        model = Council
        fields = ["name", "contact_email", "contact_phone", "contact_text", "is_public"]


class NewTermsForm(forms.Form):
    adopted_on = forms.DateField(label=_("Godkendt den"), widget=DateInput())
    adopted_by = forms.CharField(label=_("Godkendt af"), max_length=200, required=False)
    case_number = forms.CharField(label=_("Sagsnummer"), max_length=60, required=False)


class UnsaidBooleanSelect(forms.NullBooleanSelect):
    """Yes, no, or "the document says nothing" (None): the page then says nothing either."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Ikke angivet")), ("true", _("Ja")), ("false", _("Nej"))]


class FieldsetsMixin:
    """Fields grouped under legends (templates/councils/_fieldsets.html). Fields not named in
    `fieldsets` come last under their own legend, so none is ever left off the page."""

    fieldsets: list[tuple[_StrOrPromise, list[str]]] = []
    rest_legend: _StrOrPromise = _("Øvrige oplysninger")

    def fieldset_list(self) -> list[tuple[_StrOrPromise, list[forms.BoundField]]]:
        form: forms.BaseForm = self  # type: ignore[assignment]
        named = {name for _legend, names in self.fieldsets for name in names}
        out = [(legend, [form[n] for n in names if n in form.fields])
               for legend, names in self.fieldsets]
        rest = [form[n] for n in form.fields if n not in named
                and not form[n].is_hidden]
        if rest:
            out.append((self.rest_legend, rest))
        return [(legend, fields) for legend, fields in out if fields]


TERMS_FIELDSETS: list[tuple[_StrOrPromise, list[str]]] = [
    (_("Kommissoriet"), ["title", "adopted_on", "adjusted_on", "adopted_by", "case_number",
                         "source"]),
    (_("Formål og opgaver"), ["purpose", "target_group_text", "target_groups", "focus_areas",
                              "tasks"]),
    (_("Sammensætning"), ["chair_rule", "vice_chair_rule", "substitutes_allowed",
                          "personal_members_allowed", "min_share_kind", "min_share_numerator",
                          "min_share_denominator", "min_share_strict"]),
    (_("Periode"), ["term_basis", "trial_years", "term_years", "serve_until_successor",
                    "max_consecutive_terms"]),
    (_("Valgbarhed"), ["eligibility", "eligibility_min_age", "eligibility_area",
                       "eligibility_area_name"]),
    (_("Møder"), ["meetings_min", "meetings_max", "after_working_hours",
                  "chair_convenes_extraordinary", "extraordinary_request_members",
                  "minutes_rule", "contact_rule"]),
    (_("Forpligtelser"), ["evaluation", "evaluation_when", "evaluation_after_years",
                          "status_report", "status_report_every_years", "status_report_to",
                          "dialogue_meetings_per_year", "user_group_meetings_per_term",
                          "user_group_meetings_per_year", "hearings_only_when_asked"]),
    (_("Økonomi"), ["per_diem_rule", "travel_allowance_rule", "travel_allowance",
                    "yearly_budget", "secretariat"]),
    (_("Fuld tekst"), ["text"]),
]


class TermsForm(FieldsetsMixin, forms.ModelForm):
    tasks = forms.CharField(
        label=_("Opgaver"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Én opgave pr. linje."),
    )
    fieldsets = TERMS_FIELDSETS

    class Meta:
        model = TermsOfReference
        fields = [name for _legend, names in TERMS_FIELDSETS for name in names]
        widgets = {
            "adopted_on": DateInput(),
            "adjusted_on": DateInput(),
            "target_groups": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
            "serve_until_successor": UnsaidBooleanSelect,
            "hearings_only_when_asked": UnsaidBooleanSelect,
        }
        field_classes = {"target_groups": ModelMultipleChoiceField,
                         "focus_areas": ModelMultipleChoiceField}
        help_texts = {
            "min_share_numerator": _("Fx 1 og 3 for »en tredjedel«."),
            "min_share_strict": _("Sæt kryds, når kommissoriet siger »mere end« andelen."),
            "term_years": _("Bruges som standardlængde, når du opretter en ny periode."),
            "max_consecutive_terms": _("Tomt felt: ingen grænse."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_choices(self, "target_groups").queryset = TargetGroup.objects.all()
        model_choices(self, "focus_areas").queryset = FocusArea.objects.all()
        if self.instance.pk and not self.is_bound:
            self.initial["tasks"] = "\n".join(str(t) for t in self.instance.tasks or [])

    def clean_tasks(self) -> list[str]:
        lines = self.cleaned_data.get("tasks", "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def clean(self):
        from .rules import defined_seats_by_kind, min_share_problem

        data = super().clean()
        get = data.get
        num, den, kind = get("min_share_numerator"), get("min_share_denominator"), \
            get("min_share_kind")
        if (num is None) != (den is None):
            self.add_error("min_share_denominator",
                           _("Angiv både tæller og nævner for andelen (fx 1 og 3)."))
        elif num is not None and den is not None:
            if num == 0 or den == 0 or num > den:
                self.add_error("min_share_numerator",
                               _("Andelen skal ligge mellem 0 og 1, fx 1 og 3."))
            elif not kind:
                self.add_error("min_share_kind", _("Angiv, hvilken type pladser andelen gælder."))
        if kind and num is None and "min_share_denominator" not in self.errors:
            self.add_error("min_share_numerator",
                           _("Angiv andelen (tæller og nævner) for pladstypen."))
        if get("term_basis") == TermsOfReference.TermBasis.FIXED_YEARS and not get("term_years"):
            self.add_error("term_years", _("Angiv periodens længde i år."))
        if get("evaluation_when") == TermsOfReference.Evaluation.AFTER_YEARS \
                and not get("evaluation_after_years"):
            self.add_error("evaluation_after_years",
                           _("Angiv, efter hvor mange år rådet evalueres."))
        if get("eligibility_area") and not (get("eligibility_area_name") or "").strip():
            self.add_error("eligibility_area_name",
                           _("Angiv området, fx »Ishøj Kommune«."))
        if self.instance.pk and not self.errors and kind and num and den:
            probe = TermsOfReference(min_share_kind=kind, min_share_numerator=num,
                                     min_share_denominator=den,
                                     min_share_strict=bool(get("min_share_strict")))
            problem = min_share_problem(probe, defined_seats_by_kind(self.instance))
            if problem:
                self.add_error("min_share_kind", problem)
        return data


class SeatGroupForm(forms.ModelForm):
    class Meta:
        model = SeatGroup
        fields = ["name", "kind", "seats_min", "seats", "appointed_by", "appointed_by_name",
                  "substitutes", "substitutes_max", "eligibility_service_user",
                  "organisations", "venue", "description", "position"]
        widgets = {"organisations": forms.CheckboxSelectMultiple}
        field_classes = {"organisations": ModelMultipleChoiceField}
        labels = {"seats": _("Antal pladser (højst)")}
        help_texts = {"substitutes_max": _("Kun for suppleanter i rækkefølge. Tomt felt: "
                                           "ingen grænse.")}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        model_choices(self, "organisations").queryset = Organisation.objects.filter(
            authority_id=council.authority_id
        )
        model_choices(self, "venue").queryset = Venue.objects.filter(
            authority_id=council.authority_id
        )
        # Left empty (or posted by an older page): the seat group keeps its mode.
        self.fields["substitutes"].required = False

    def clean(self):
        from .rules import check_seat_group_share

        data = super().clean()
        if not data.get("substitutes"):
            data["substitutes"] = self.instance.substitutes or SeatGroup.Substitutes.ROSTER
        low, high = data.get("seats_min"), data.get("seats")
        if low is not None and high is not None and low > high:
            self.add_error("seats_min",
                           _("Mindste antal pladser kan ikke være større end det største."))
        if data.get("substitutes_max") is not None \
                and data.get("substitutes") != SeatGroup.Substitutes.ROSTER:
            self.add_error("substitutes_max", _("Et højeste antal gælder kun suppleanter i "
                                                "rækkefølge for pladsgruppen."))
        if data.get("appointed_by_name") and not data.get("appointed_by"):
            self.add_error("appointed_by", _("Vælg, hvem der udpeger, før du skriver navnet."))
        if high and data.get("kind") and not self.errors:
            probe = SeatGroup(pk=self.instance.pk, kind=data["kind"], seats=high,
                              terms_of_reference=self.instance.terms_of_reference)
            problem = check_seat_group_share(probe)
            if problem:
                self.add_error("seats" if self.instance.pk else "kind", problem)
        return data


class DeleteForm(forms.Form):
    """Only a confirmation; the button carries the intent."""


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["name", "start", "end", "evaluation_due"]
        widgets = {"start": DateInput(), "end": DateInput(), "evaluation_due": DateInput()}


class SlugNamedForm(forms.ModelForm):
    """Organisations and venues: the address slug comes from the name, unique per authority.
    It is made once, at creation: the council loader matches organisations and venues by
    slug, so a rename must not change it (or the next load would create a duplicate)."""

    clash_message: _StrOrPromise = ""

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        if self.instance.pk:
            self.fields["name"].help_text = _(
                "Adressenavn: %(slug)s. Det ændres ikke, når navnet ændres."
            ) % {"slug": self.instance.slug}
        else:
            self.fields["name"].help_text = _("Adressenavnet dannes ud fra navnet.")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.instance.pk:
            return name
        slug = danish_slugify(name)[:100]
        if not slug:
            raise ValidationError(_("Navnet skal indeholde bogstaver eller tal."))
        model = self._meta.model
        clash = model.objects.filter(authority_id=self.council.authority_id, slug=slug).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise ValidationError(self.clash_message % {"name": clash[0].name, "slug": slug})
        self.instance.slug = slug
        self.instance.authority_id = self.council.authority_id
        return name


class OrganisationForm(SlugNamedForm):
    clash_message = _(
        "Myndigheden har allerede organisationen »%(name)s« med adressen »%(slug)s«. "
        "Vælg et andet navn."
    )

    class Meta:
        model = Organisation
        fields = ["name", "website", "description"]


class VenueForm(SlugNamedForm):
    clash_message = _(
        "Myndigheden har allerede stedet »%(name)s« med adressen »%(slug)s«. Vælg et andet navn."
    )

    class Meta:
        model = Venue
        fields = ["name", "kind", "address", "description"]


class SeatGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SeatGroup) -> str:
        return f"{obj.name} (kommissorium v{obj.terms_of_reference.version})"


class PersonChoiceMixin(forms.Form):
    """Choose a person already known to the council, or type a new one."""

    person = forms.ModelChoiceField(
        label=_("Eksisterende person"), queryset=Person.objects.none(), required=False,
        empty_label=_("– ny person (udfyld nedenfor) –"),
    )
    new_name = forms.CharField(label=_("Ny persons navn"), max_length=200, required=False)
    new_email = forms.EmailField(label=_("Ny persons e-mail"), required=False)
    new_phone = forms.CharField(label=_("Ny persons telefon"), max_length=40, required=False)

    def setup_persons(self, council: Council) -> None:
        model_choices(self, "person").queryset = (
            Person.objects.filter(memberships__council=council).distinct().order_by("name")
        )

    def clean(self):
        data = super().clean()
        person, name = data.get("person"), data.get("new_name", "").strip()
        if person and name:
            self.add_error(
                "new_name", _("Vælg en eksisterende person eller skriv en ny, ikke begge.")
            )
        elif not person and not name and "person" not in self.errors:
            self.add_error("person", _("Vælg en person, eller skriv navnet på en ny person."))
        return data

    def chosen_person(self) -> Person:
        """The chosen person, or a new unsaved one (the action saves it with the membership)."""
        if self.cleaned_data.get("person"):
            return self.cleaned_data["person"]
        return Person(
            name=self.cleaned_data["new_name"].strip(),
            email=self.cleaned_data.get("new_email", ""),
            phone=self.cleaned_data.get("new_phone", ""),
        )


MEMBERSHIP_FIELDS = [
    "seat_group", "role", "term", "nominated_by", "start", "end", "end_reason", "is_substitute",
    "substitute_rank", "deputy_for", "eligibility_confirmed",
]


class DeputyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.person.name} – {obj.seat_group.name} ({obj.term.name})"


class EligibilityMixin:
    """One checkbox per eligibility requirement of the terms of reference (rules.py). The
    requirement about users of a service only applies to the seat groups that have it."""

    def setup_eligibility(self, council: Council, groups) -> None:
        from .rules import ELIGIBILITY_SERVICE_USER, eligibility_requirements

        form: forms.BaseForm = self  # type: ignore[assignment]
        tor = council.current_terms()
        choices: dict[str, str] = {}
        user_groups: list[str] = []
        for group in groups:
            for code, label in eligibility_requirements(group.terms_of_reference, group):
                choices.setdefault(code, label)
            if group.eligibility_service_user and group.terms_of_reference_id == getattr(
                    tor, "pk", None):
                user_groups.append(group.name)
        if tor is not None:
            for code, label in eligibility_requirements(tor, None):
                choices[code] = label
        if not choices:
            form.fields.pop("eligibility_confirmed", None)
            return
        help_text = _("Sæt kryds ved hvert krav, personen opfylder. Kun bekræftelsen gemmes, "
                      "ikke alder, adresse eller brug af tilbud.")
        if ELIGIBILITY_SERVICE_USER in choices and user_groups:
            help_text = format_lazy(
                "{} {}", help_text,
                _("Kravet om brug af et tilbud gælder pladserne: %(groups)s.")
                % {"groups": ", ".join(user_groups)})
        form.fields["eligibility_confirmed"] = forms.MultipleChoiceField(
            label=_("Valgbarhed"), required=False, choices=list(choices.items()),
            widget=forms.CheckboxSelectMultiple, help_text=help_text,
        )

    def check_eligibility_of(self, group: SeatGroup | None) -> None:
        from .rules import check_eligibility

        form: forms.BaseForm = self  # type: ignore[assignment]
        if group is None or "eligibility_confirmed" not in form.fields:
            return
        confirmed = form.cleaned_data.get("eligibility_confirmed") or []
        for message in check_eligibility(group.terms_of_reference, group, confirmed):
            form.add_error("eligibility_confirmed", message)


class MembershipForm(EligibilityMixin, forms.ModelForm):
    """Validation against the terms of reference happens in the action (full_clean), whose
    errors the view puts back on this form with add_model_errors; only the eligibility
    confirmations, which the form collects, are checked here."""

    class Meta:
        model = Membership
        fields = MEMBERSHIP_FIELDS
        field_classes = {"seat_group": SeatGroupChoiceField, "deputy_for": DeputyChoiceField}
        widgets = {"start": DateInput(), "end": DateInput()}
        help_texts = {
            "substitute_rank": _("Kun for suppleanter i rækkefølge: 1 = første suppleant."),
            "deputy_for": _("Kun for personlige suppleanter: det medlem, suppleanten "
                            "træder i stedet for."),
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        groups = SeatGroup.objects.filter(terms_of_reference__council=council)
        current = council.current_terms()
        if current is not None:
            keep = [self.instance.seat_group_id] if self.instance.seat_group_id else []
            groups = groups.filter(terms_of_reference=current) | groups.filter(pk__in=keep)
        model_choices(self, "seat_group").queryset = groups.select_related("terms_of_reference")
        model_choices(self, "term").queryset = Term.objects.filter(council=council)
        model_choices(self, "nominated_by").queryset = Organisation.objects.filter(
            authority_id=council.authority_id
        )
        current_term = council.current_term()
        if not self.instance.pk:
            self.initial.setdefault("term", current_term.pk if current_term else None)
        terms = {t for t in (getattr(current_term, "pk", None), self.instance.term_id) if t}
        model_choices(self, "deputy_for").queryset = (
            Membership.objects.filter(council=council, is_substitute=False, term_id__in=terms)
            .exclude(pk=self.instance.pk).select_related("person", "seat_group", "term")
            .order_by("seat_group__position", "person__name")
        )
        self.setup_eligibility(council, model_choices(self, "seat_group").queryset)

    def clean(self):
        data = super().clean()
        self.check_eligibility_of(data.get("seat_group"))
        return data

    def _post_clean(self):
        # Copy the input onto the instance but leave model validation to the action, where
        # the person is known and the errors can be mapped safely.
        from django.forms.models import construct_instance

        self.instance = construct_instance(self, self.instance, self._meta.fields)


class NewMembershipForm(PersonChoiceMixin, MembershipForm):
    field_order = ["person", "new_name", "new_email", "new_phone", *MEMBERSHIP_FIELDS]

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, council=council, **kwargs)
        self.setup_persons(council)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "phone"]


class EndMembershipForm(forms.Form):
    end = forms.DateField(label=_("Sidste dag i rådet"), widget=DateInput())
    end_reason = forms.ChoiceField(
        label=_("Årsag til ophør"), choices=[("", "–"), *Membership.EndReason.choices]
    )

    def __init__(self, *args, **kwargs) -> None:
        # Shown on the same page as the membership form, which has fields of the same names:
        # ids of their own keep every id on the page unique.
        kwargs.setdefault("auto_id", "id_ophoer_%s")
        super().__init__(*args, **kwargs)


class ReplaceMemberForm(EligibilityMixin, PersonChoiceMixin):
    start = forms.DateField(
        label=_("Den nye persons første dag"), widget=DateInput(),
        help_text=_("Det nuværende medlemskab slutter dagen før."),
    )
    reason = forms.ChoiceField(
        label=_("Årsag til, at det nuværende medlem ophører"),
        choices=[("", "–"), *Membership.EndReason.choices], initial=Membership.EndReason.REPLACED,
    )
    nominated_by = forms.ModelChoiceField(
        label=_("Indstillet af"), queryset=Organisation.objects.none(), required=False
    )

    eligibility_confirmed = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, council: Council, seat_group: SeatGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.seat_group = seat_group
        self.setup_persons(council)
        model_choices(self, "nominated_by").queryset = Organisation.objects.filter(
            authority_id=council.authority_id
        )
        self.setup_eligibility(council, [seat_group])

    def clean(self):
        data = super().clean()
        self.check_eligibility_of(self.seat_group)
        return data
