from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from udsatteraad.councils.models import Council, SeatGroup, Term

from . import eligibility
from .models import Election

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class RequestForm(forms.Form):
    """Ask one organisation for its nominee to one seat group."""

    email = forms.EmailField(label=_("Organisationens e-mailadresse"))


class NominateForm(forms.Form):
    """The organisation's answer, without an account."""

    name = forms.CharField(label=_("Kandidatens navn"), max_length=200)
    email = forms.EmailField(label=_("Kandidatens e-mailadresse"))
    phone = forms.CharField(label=_("Kandidatens telefonnummer"), max_length=40, required=False)
    answered_by = forms.CharField(label=_("Dit navn (den, der indstiller)"), max_length=200)
    note = forms.CharField(label=_("Bemærkning til sekretariatet"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, seat_group: SeatGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        eligibility.add_fields(self, seat_group)


class ElectionForm(forms.ModelForm):
    class Meta:
        model = Election
        fields = ["seat_group", "venue", "date", "time", "place", "tie_rule"]
        labels = {"seat_group": _("Plads"), "venue": _("Værested"), "date": _("Dato"),
                  "time": _("Klokken"), "place": _("Sted"), "tie_rule": _("Ved stemmelighed")}
        widgets = {"date": DATE, "time": TIME}

    def __init__(self, *args, council: Council, term: Term, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        tor = council.current_terms(on=term.start)
        groups = SeatGroup.objects.filter(terms_of_reference=tor, kind=SeatGroup.Kind.USER)
        self.fields["seat_group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["venue"].queryset = council.authority.venues.all()  # type: ignore[attr-defined]
        self.fields["venue"].required = False


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)

    def __init__(self, *args, seat_group: SeatGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        eligibility.add_fields(self, seat_group)


class VotesForm(forms.Form):
    def __init__(self, *args, election: Election, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for c in election.candidates.all():
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(
                label=_("Stemmer til %(name)s") % {"name": c.name}, min_value=0,
                max_value=100_000, initial=c.votes)

    def votes(self) -> dict[int, int]:
        return {int(k.removeprefix("votes_")): v for k, v in self.cleaned_data.items()}


class DecideForm(forms.Form):
    lot_winner = forms.TypedChoiceField(label=_("Lodtrækningen udpegede"), coerce=int,
                                        required=False, empty_value=None)
    keep_substitutes = forms.BooleanField(
        label=_("De øvrige kandidater med stemmer bliver suppleanter i rækkefølge efter "
                "stemmetal"), required=False)

    def __init__(self, *args, election: Election, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lot_winner"].choices = [("", "–")] + [  # type: ignore[attr-defined]
            (c.pk, c.name) for c in election.candidates.all()]
