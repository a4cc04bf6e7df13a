"""Forms of the secretariat's screens. Rules about memberships live in rules.py; these forms
only collect input and show the model's Danish errors next to the fields they concern."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


class TermsForm(forms.ModelForm):
    tasks = forms.CharField(
        label=_("Opgaver"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Én opgave pr. linje."),
    )

    class Meta:
        model = TermsOfReference
        fields = [
            "title", "adopted_on", "adjusted_on", "adopted_by", "case_number", "purpose",
            "target_group_text", "target_groups", "focus_areas", "tasks", "meetings_min",
            "meetings_max", "after_working_hours", "chair_convenes_extraordinary",
            "extraordinary_request_members", "chair_rule", "vice_chair_rule",
            "substitutes_allowed", "personal_members_allowed", "term_basis", "trial_years",
            "evaluation", "status_report", "eligibility", "per_diem_rule", "travel_allowance",
            "yearly_budget", "secretariat", "minutes_rule", "contact_rule", "text",
        ]
        widgets = {
            "adopted_on": DateInput(),
            "adjusted_on": DateInput(),
            "target_groups": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
        }
        field_classes = {"target_groups": ModelMultipleChoiceField,
                         "focus_areas": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_choices(self, "target_groups").queryset = TargetGroup.objects.all()
        model_choices(self, "focus_areas").queryset = FocusArea.objects.all()
        if self.instance.pk and not self.is_bound:
            self.initial["tasks"] = "\n".join(str(t) for t in self.instance.tasks or [])

    def clean_tasks(self) -> list[str]:
        lines = self.cleaned_data.get("tasks", "").splitlines()
        return [line.strip() for line in lines if line.strip()]


class SeatGroupForm(forms.ModelForm):
    class Meta:
        model = SeatGroup
        fields = ["name", "kind", "seats", "organisations", "venue", "description", "position"]
        widgets = {"organisations": forms.CheckboxSelectMultiple}
        field_classes = {"organisations": ModelMultipleChoiceField}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        model_choices(self, "organisations").queryset = Organisation.objects.filter(
            authority_id=council.authority_id
        )
        model_choices(self, "venue").queryset = Venue.objects.filter(
            authority_id=council.authority_id
        )


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
]


class MembershipForm(forms.ModelForm):
    """Validation against the terms of reference happens in the action (full_clean), whose
    errors the view puts back on this form with add_model_errors."""

    class Meta:
        model = Membership
        fields = MEMBERSHIP_FIELDS
        field_classes = {"seat_group": SeatGroupChoiceField}
        widgets = {"start": DateInput(), "end": DateInput()}

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
        if not self.instance.pk:
            term = council.current_term()
            self.initial.setdefault("term", term.pk if term else None)

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


class ReplaceMemberForm(PersonChoiceMixin):
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

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_persons(council)
        model_choices(self, "nominated_by").queryset = Organisation.objects.filter(
            authority_id=council.authority_id
        )
