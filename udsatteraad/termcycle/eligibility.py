"""The council's eligibility rules for a seat, as the nomination and election forms use them:
the rules themselves live in `councils.rules` (one place); this only adapts them to forms."""

from __future__ import annotations

from django import forms

from udsatteraad.councils import rules
from udsatteraad.councils.models import SeatGroup


def requirements(seat_group: SeatGroup) -> list[tuple[str, str]]:
    return list(rules.eligibility_requirements(seat_group.terms_of_reference, seat_group))


def problems(seat_group: SeatGroup, confirmed: list[str]) -> list[str]:
    return list(rules.check_eligibility(seat_group.terms_of_reference, seat_group, confirmed))


def add_fields(form: forms.Form, seat_group: SeatGroup) -> None:
    """One checkbox per requirement, named eligibility_<code>."""
    for code, label in requirements(seat_group):
        form.fields[f"eligibility_{code}"] = forms.BooleanField(label=label, required=False)


def confirmed_in(form: forms.Form) -> list[str]:
    return [name.removeprefix("eligibility_") for name, value in form.cleaned_data.items()
            if name.startswith("eligibility_") and value]
