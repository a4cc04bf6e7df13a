"""The public search form: a query and five filters, all GET parameters (BRIEF-search.md).

The filter choices come from the database (what has been published), and the form maps the
slugs in the address to the ids `engine.search()` takes. A filter value we do not know (an old
link, a typo) is dropped with a message at its field; the search runs with the rest.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from udsatteraad.councils.models import Council, FocusArea, TargetGroup
from udsatteraad.meetings.models import Meeting
from udsatteraad.search.indexing import filter_term
from udsatteraad.search.models import SearchPosting

FIRST_YEAR = 1990

MAX_QUERY_LENGTH = 200

# The GET parameter of each filter (the URL map) and the keyword `search()` takes.
FILTERS = {
    "raad": "council",
    "aar": "year",
    "type": "meeting_kind",
    "maalgruppe": "target_group",
    "indsats": "focus_area",
}


def _choice_field(label: Any, empty: Any, invalid: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, choices=[("", empty)],
        error_messages={"invalid_choice": invalid},
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Søg efter"), required=False, max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"spellcheck": "true"}),
        help_text=_("Skriv et eller flere ord, eller et sagsnummer som 21/874."),
        error_messages={"max_length": _(
            "Søgningen er for lang. Den må højst være %(limit_value)d tegn, men er "
            "%(show_value)d. Prøv med færre ord."
        )},
    )
    raad = _choice_field(
        _("Råd"), _("Alle råd"),
        _("Vi kender ikke det råd. Der er søgt i alle råd."),
    )
    aar = _choice_field(
        _("År"), _("Alle år"),
        _("Der er ingen offentlige møder i det år. Der er søgt i alle år."),
    )
    type = _choice_field(
        _("Mødetype"), _("Alle mødetyper"),
        _("Vi kender ikke den mødetype. Der er søgt i alle mødetyper."),
    )
    maalgruppe = _choice_field(
        _("Målgruppe"), _("Alle målgrupper"),
        _("Vi kender ikke den målgruppe. Der er søgt i alle målgrupper."),
    )
    indsats = _choice_field(
        _("Indsatsområde"), _("Alle indsatsområder"),
        _("Vi kender ikke det indsatsområde. Der er søgt i alle indsatsområder."),
    )

    EMPTY_LABELS = {"raad": _("Alle råd"), "aar": _("Alle år"), "type": _("Alle mødetyper"),
                    "maalgruppe": _("Alle målgrupper"), "indsats": _("Alle indsatsområder")}

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # The councils and years that have something published, read from the index's
        # filter terms (an index lookup, however large the archive); the ids behind the
        # slugs are kept for search_filters().
        year_terms = {filter_term("y", y): y
                      for y in range(FIRST_YEAR, timezone.now().year + 2)}
        council_rows = list(Council.objects.filter(is_public=True).order_by("name")
                            .values_list("slug", "name", "pk"))
        council_terms = {filter_term("c", pk): pk for _slug, _name, pk in council_rows}
        indexed = set(SearchPosting.objects.filter(term__in=[*year_terms, *council_terms])
                      .values_list("term", flat=True).distinct())
        councils = [row for row in council_rows if filter_term("c", row[2]) in indexed]
        years = sorted((y for term, y in year_terms.items() if term in indexed), reverse=True)
        groups = list(TargetGroup.objects.order_by("name").values_list("slug", "name", "pk"))
        areas = list(FocusArea.objects.order_by("name").values_list("slug", "name", "pk"))
        self._ids = {
            "raad": {slug: pk for slug, _name, pk in councils},
            "aar": {str(y): y for y in years},
            "type": {value: value for value in Meeting.Kind.values},
            "maalgruppe": {slug: pk for slug, _name, pk in groups},
            "indsats": {slug: pk for slug, _name, pk in areas},
        }
        self._add_choices("raad", [(slug, name) for slug, name, _pk in councils])
        self._add_choices("aar", [(str(y), str(y)) for y in years])
        self._add_choices("type", list(Meeting.Kind.choices))
        self._add_choices("maalgruppe", [(slug, name) for slug, name, _pk in groups])
        self._add_choices("indsats", [(slug, name) for slug, name, _pk in areas])

    def _add_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = cast(forms.ChoiceField, self.fields[name])
        field.choices = [("", self.EMPTY_LABELS[name]), *choices]

    def query(self) -> str:
        """The query to search for; empty when there is none or it was refused."""
        self.is_valid()
        return self.cleaned_data.get("q", "")

    def filter_params(self) -> dict[str, str]:
        """The valid filters as GET parameters, for links that keep them (pagination)."""
        self.is_valid()
        # cleaned_data holds only the fields that validated.
        return {name: self.cleaned_data[name] for name in FILTERS if self.cleaned_data.get(name)}

    def search_filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of `engine.search()`."""
        return {
            FILTERS[name]: self._ids[name][value]
            for name, value in self.filter_params().items()
        }
