"""The published JSON Schema of the council file (docs/council-file.schema.json): a valid
draft 2020-12 schema, holding exactly the keys and choices the loader accepts (so the two cannot
drift apart), which every demo and real council file satisfies; errors it finds are reported
with line and field like the loader's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator

from udsatteraad.councils import loader
from udsatteraad.councils.models import (
    Authority,
    Membership,
    RulesOfProcedure,
    SeatGroup,
    TermsOfReference,
    Venue,
)
from udsatteraad.lib.yamlfile import KIND_MESSAGES, LoadError, _plain, read_yaml

DEMO = Path(settings.BASE_DIR) / "demo" / "councils"
COUNCIL_FILES = sorted(DEMO.glob("*.yaml")) + sorted((DEMO / "real").glob("*.yaml"))


def schema() -> dict:
    return loader.council_schema()


def section(name: str) -> dict:
    """The object schema of one section of the file, by the loader's section name."""
    top = schema()
    tor = top["properties"]["terms_of_reference"]["items"]
    term = top["properties"]["terms"]["items"]
    return {
        "(filen)": top,
        "authority": top["properties"]["authority"],
        "council": top["properties"]["council"],
        "organisations": top["properties"]["organisations"]["items"],
        "venues": top["properties"]["venues"]["items"],
        "terms_of_reference": tor,
        "seat_groups": tor["properties"]["seat_groups"]["items"],
        "terms": term,
        "members": term["properties"]["members"]["items"],
        "rules_of_procedure": top["properties"]["rules_of_procedure"],
    }[name]


def test_schema_is_a_valid_draft_2020_12_schema():
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("name", sorted(loader.SECTIONS))
def test_schema_and_loader_accept_the_same_keys(name):
    obj = section(name)
    assert set(obj["properties"]) == loader.SECTIONS[name]
    assert obj["additionalProperties"] is False  # an unknown key is an error in both


CHOICES = [
    ("authority", "kind", Authority.Kind),
    ("venues", "kind", Venue.Kind),
    ("seat_groups", "kind", SeatGroup.Kind),
    ("seat_groups", "appointed_by", SeatGroup.AppointedBy),
    ("seat_groups", "substitutes", SeatGroup.Substitutes),
    ("members", "role", Membership.Role),
    ("members", "end_reason", Membership.EndReason),
    ("terms_of_reference", "per_diem_rule", TermsOfReference.PerDiemRule),
    *[("terms_of_reference", k, c) for k, c in loader.TOR_CHOICES.items()],
    *[("rules_of_procedure", k, c) for k, (c, _d) in loader.RULES_CHOICES.items()],
]


@pytest.mark.parametrize(("name", "key", "choices"), CHOICES,
                         ids=[f"{n}.{k}" for n, k, _c in CHOICES])
def test_schema_choices_are_the_models_choices(name, key, choices):
    assert section(name)["properties"][key]["enum"] == [c.value for c in choices]


def test_every_choice_field_of_the_file_is_checked_against_the_model():
    enums = {(n, k) for n in loader.SECTIONS for k, v in section(n)["properties"].items()
             if "enum" in v}
    assert enums == {(n, k) for n, k, _c in CHOICES}


def test_eligibility_codes_are_the_loaders():
    items = section("members")["properties"]["eligibility_confirmed"]["items"]
    assert tuple(items["enum"]) == loader.ELIGIBILITY_CODES


def test_every_value_is_read_as_a_known_kind():
    kinds = set()
    for name in loader.SECTIONS:
        for key, value in section(name)["properties"].items():
            assert "description" in value, (name, key)
            if "enum" not in value:
                kinds.add(value["x-kind"])
    assert kinds <= set(KIND_MESSAGES)


def test_rules_fields_cover_the_model():
    """Every rule of procedure a secretary can set on the screens can be written in the file."""
    # "stated" is not a rule: it records which rules the file (or the screen) gave.
    fields = {f.name for f in RulesOfProcedure._meta.concrete_fields} - {
        "id", "council", "modified", "stated"}
    written = set(loader.RULES_KEYS) | {f"{p}_{s}" for p in ("quorum", "urgent_items")
                                        for s in ("numerator", "denominator")}
    written -= {"quorum", "urgent_items_share"}
    assert fields == written


def test_terms_fields_cover_the_model():
    fields = {f.name for f in TermsOfReference._meta.concrete_fields} - {
        "id", "council", "created", "modified"}
    written = (set(loader.TOR_KEYS) - {"min_share", "seat_groups", "target_groups",
                                        "focus_areas"}) | {"min_share_numerator",
                                                           "min_share_denominator"}
    assert fields == written


@pytest.mark.parametrize("path", COUNCIL_FILES, ids=[p.stem for p in COUNCIL_FILES])
def test_demo_and_real_files_satisfy_the_schema(path):
    errors = list(Draft202012Validator(schema()).iter_errors(_plain(read_yaml(path))))
    assert errors == []
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


MINI = """\
authority:
  name: Eksempel Kommune
  slug: eksempel-kommune
  kind: municipality
council:
  name: Udsatterådet i Eksempel Kommune
  slug: eksempel
terms_of_reference:
  - version: 1
    title: Vedtægter
    purpose: At være talerør.
    seat_groups:
      - key: brugere
        name: Brugere
        kind: user
        seats: 3-5
rules_of_procedure:
  quorum: "1/2"
  openness: closed
"""

SCHEMA_BAD = [
    ("unknown rules key", 'quorum: "1/2"', 'quorum: "1/2"\n  beslutningsdygtig: ja',
     "beslutningsdygtig", 'feltet "beslutningsdygtig" er ukendt (tilladte felter: '),
    ("bad share", 'quorum: "1/2"', "quorum: halvdelen", "quorum: halvdelen",
     'feltet "quorum" skal være en brøk som "1/2"'),
    ("bad choice in rules", "openness: closed", "openness: lukket", "openness: lukket",
     'feltet "openness" skal være en af: closed, closed_with_guests, public (ikke "lukket")'),
    ("bad range", "seats: 3-5", "seats: tre til fem", "seats: tre til fem",
     'feltet "seats" skal være et positivt heltal eller et interval som "3-5"'),
    ("list of texts", "purpose: At være talerør.",
     "purpose: At være talerør.\n    tasks:\n      - a\n      - [b]", "- [b]",
     'feltet "tasks" skal være en liste af tekster'),
    ("rules not a map", 'rules_of_procedure:\n  quorum: "1/2"\n  openness: closed\n',
     "rules_of_procedure: 7\n", "rules_of_procedure: 7",
     'feltet "rules_of_procedure" skal være en samling af felter'),
    ("time", "openness: closed", 'openness: closed\n  working_hours_end: "kl. 16"',
     "working_hours_end", 'feltet "working_hours_end" skal være et klokkeslæt'),
]


@pytest.mark.parametrize(("old", "new", "snippet", "expected"), [b[1:] for b in SCHEMA_BAD],
                         ids=[b[0] for b in SCHEMA_BAD])
def test_schema_errors_name_line_and_field(db, tmp_path, old, new, snippet, expected):
    from udsatteraad.councils.loader import load_council_file
    from udsatteraad.councils.models import Council

    assert old in MINI
    text = MINI.replace(old, new, 1)
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as e:
        load_council_file(path)
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if snippet in t)
    assert str(e.value).startswith(f"{path}, linje {line}: "), str(e.value)
    assert expected in str(e.value)
    assert not Council.objects.exists()


def test_the_first_error_in_the_file_is_reported(db, tmp_path):
    from udsatteraad.councils.loader import load_council_file

    text = MINI.replace("kind: municipality", "kind: by").replace("openness: closed",
                                                                   "openness: lukket")
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match=r'linje 4: feltet "kind" skal være en af'):
        load_council_file(path)


def test_the_mini_file_loads(db, tmp_path):
    from udsatteraad.councils.loader import load_council_file

    path = tmp_path / "x.yaml"
    path.write_text(MINI, encoding="utf-8")
    result = load_council_file(path)
    group = result.council.terms_of_reference.get().seat_groups.get()
    assert (group.seats_min, group.seats) == (3, 5)
    assert result.council.rules_of_procedure.openness == "closed"
