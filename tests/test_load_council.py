"""manage.py load_council: idempotent loading, updates, and malformed files rejected with the
line and the field, saving nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from udsatteraad.councils.loader import load_council_file
from udsatteraad.lib.yamlfile import LoadError

RANDERS = Path(settings.BASE_DIR) / "demo" / "councils" / "randers.yaml"

# A small Midtjylland-like council: 2 seats from the assembly, 1 nominated by Røde Kors.
MINI = """\
authority:
  name: Region Eksempel
  slug: region-eksempel
  kind: region
council:
  name: Udsatterådet i Region Eksempel
  slug: eksempel
organisations:
  - slug: roede-kors
    name: Røde Kors
terms_of_reference:
  - version: 1
    title: Kommissorium
    adopted_on: 2022-09-28
    purpose: At styrke dialogen.
    meetings_min: 2
    meetings_max: 4
    chair_rule: assembly_among_assembly
    vice_chair_rule: elected_among_others
    term_basis: election_period
    seat_groups:
      - key: politikere
        name: Udpeget af regionsrådet
        kind: assembly
        seats: 2
      - key: roede-kors
        name: Røde Kors
        kind: organisation
        seats: 1
        organisations: [roede-kors]
terms:
  - name: 2026-2029
    start: 2026-01-01
    end: 2029-12-31
    members:
      - name: Karla Eksempelsen
        seat_group: politikere
        role: chair
      - name: Mads Påhitsen
        seat_group: roede-kors
        nominated_by: roede-kors
        role: vice_chair
"""


def line_of(text: str, snippet: str, nth: int = 1) -> int:
    lines = text.splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if snippet in line]
    return hits[nth - 1]


def counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._default_manager.count()
            for app in ("councils",) for m in apps.get_app_config(app).get_models()}


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_twice_changes_nothing(db):
    first = load_council_file(RANDERS)
    assert first.stats.created["medlemskab"] == 9
    before = counts()
    second = load_council_file(RANDERS)
    assert second.stats.changes == 0
    assert counts() == before
    assert before["councils.Membership"] == 9 and before["councils.SeatGroup"] == 8


def test_command_reports_and_reloads(db, capsys):
    call_command("load_council", str(RANDERS))
    call_command("load_council", str(RANDERS))
    out = capsys.readouterr().out
    assert "Udsatterådet i Randers Kommune: 9 pladser, 9 medlemskaber" in out
    assert "0 oprettet, 0 opdateret" in out.splitlines()[-1]


def test_changed_value_updates(db, tmp_path):
    from udsatteraad.councils.models import Council, Membership, SeatGroup

    load_council_file(write(tmp_path, MINI))
    changed = (MINI.replace("name: Udsatterådet i Region Eksempel", "name: Udsatterådet Eksempel")
               .replace("seats: 2", "seats: 3").replace("role: vice_chair", "role: member"))
    result = load_council_file(write(tmp_path, changed))
    assert result.stats.updated == {"råd": 1, "pladsgruppe": 1, "medlemskab": 1}
    assert Council.objects.get(slug="eksempel").name == "Udsatterådet Eksempel"
    assert SeatGroup.objects.get(name="Udpeget af regionsrådet").seats == 3
    assert Membership.objects.get(person__name="Mads Påhitsen").role == "member"
    assert Membership.objects.count() == 2


BAD = [
    # (description, old, new, snippet of the reported line, expected message part)
    ("syntax", "    seats: 2\n", "    seats: [2\n", None, "ugyldig YAML"),
    ("missing field", "    purpose: At styrke dialogen.\n", "", "  - version: 1",
     'feltet "purpose" mangler'),
    ("wrong type", "seats: 2", "seats: to", "seats: to",
     'feltet "seats" skal være et positivt heltal'),
    ("negative", "seats: 2", "seats: -1", "seats: -1",
     'feltet "seats" skal være et positivt heltal'),
    ("bad date", "adopted_on: 2022-09-28", "adopted_on: 28. september", "adopted_on",
     'feltet "adopted_on" skal være en dato'),
    ("unknown choice", "kind: assembly", "kind: politikere", "kind: politikere",
     'feltet "kind" skal være en af: assembly, organisation'),
    ("unknown key", "    purpose: At", "    formaal: x\n    purpose: At", "formaal",
     'feltet "formaal" er ukendt'),
    ("unknown seat group", "seat_group: politikere", "seat_group: borgmester",
     "seat_group: borgmester", 'feltet "seat_group" henviser til en ukendt pladsgruppe'),
    ("unknown organisation", "organisations: [roede-kors]", "organisations: [blaa-kors]",
     "organisations: [blaa-kors]", 'feltet "organisations" henviser til en ukendt organisation'),
    ("chair not among the assembly members", "seat_group: politikere\n        role: chair",
     "seat_group: politikere\n      - name: Sofie Opdigtsen\n        seat_group: roede-kors\n"
     "        nominated_by: roede-kors\n        role: chair", "role: chair",
     'feltet "role": Formanden udpeges blandt medlemmerne fra regionsrådet'),
    ("vice-chair among the assembly members", "nominated_by: roede-kors\n        role: vice_chair",
     "nominated_by: roede-kors\n      - name: Sofie Opdigtsen\n        seat_group: politikere\n"
     "        role: vice_chair", "role: vice_chair", 'feltet "role": Næstformanden vælges'),
    ("bad slug", "slug: eksempel", "slug: Eksempel Råd", "slug: Eksempel Råd",
     'feltet "slug" skal være en slug'),
    ("bad decimal", "    term_basis: election_period\n",
     "    term_basis: election_period\n    yearly_budget: mange penge\n", "yearly_budget",
     'feltet "yearly_budget" skal være et tal'),
]


@pytest.mark.parametrize(("old", "new", "snippet", "expected"),
                         [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_malformed_file_names_line_and_field_and_saves_nothing(db, tmp_path, old, new, snippet,
                                                              expected):
    from udsatteraad.councils.models import Authority

    assert old in MINI
    text = MINI.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(LoadError) as e:
        load_council_file(path)
    message = str(e.value)
    assert message.startswith(f"{path}, linje ")
    assert expected in message
    if snippet:
        assert f"linje {line_of(text, snippet)}:" in message
    assert Authority.objects.count() == 0


def test_over_filled_seat_names_the_member_line(db, tmp_path):
    from udsatteraad.councils.models import Authority, Membership

    text = MINI + ("      - name: Sofie Opdigtsen\n        seat_group: roede-kors\n"
                   "        nominated_by: roede-kors\n")
    path = write(tmp_path, text)
    with pytest.raises(LoadError) as e:
        load_council_file(path)
    assert f"linje {line_of(text, 'seat_group: roede-kors', 2)}:" in str(e.value)
    assert 'feltet "seat_group": Alle 1 pladser i »Røde Kors« er besat' in str(e.value)
    assert Authority.objects.count() == 0 and Membership.objects.count() == 0


def test_failed_reload_keeps_the_previous_state(db, tmp_path):
    from udsatteraad.councils.models import Council

    load_council_file(write(tmp_path, MINI))
    bad = MINI.replace("name: Udsatterådet i Region Eksempel", "name: Nyt navn").replace(
        "seat_group: politikere", "seat_group: ukendt")
    with pytest.raises(LoadError):
        load_council_file(write(tmp_path, bad))
    assert Council.objects.get(slug="eksempel").name == "Udsatterådet i Region Eksempel"


def test_command_fails_with_danish_message(db, tmp_path):
    text = MINI.replace("seats: 2", "seats: 0")
    path = write(tmp_path, text)
    line = line_of(text, "seats: 0")
    with pytest.raises(CommandError, match=f'linje {line}: feltet "seats" skal være et positivt'):
        call_command("load_council", str(path))
    with pytest.raises(CommandError, match="filen kan ikke læses"):
        call_command("load_council", str(tmp_path / "findes-ikke.yaml"))


@pytest.mark.parametrize(("raw", "expected"), [("12500.50", "12500.50"), ('"80000"', "80000"),
                                               ("7", "7")])
def test_decimal_fields_load_as_decimals(db, tmp_path, raw, expected):
    # Decimals take the "decimal" path of Reader.get, never the text cleaning of "str".
    from decimal import Decimal

    from udsatteraad.councils.models import TermsOfReference

    text = MINI.replace("    term_basis: election_period\n",
                        f"    term_basis: election_period\n    yearly_budget: {raw}\n", 1)
    load_council_file(write(tmp_path, text))
    assert TermsOfReference.objects.get().yearly_budget == Decimal(expected)
