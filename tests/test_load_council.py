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


# --- #12: the rules real councils have --------------------------------------------------------

RULES = """\
rules_of_procedure:
  source: https://www.example.dk/forretningsorden
  proposal_deadline_days: 10
  agenda_notice_days: 5
  notice_enforcement: refuse
  working_hours_end: "15:30"
  urgent_items: chair_or_members
  urgent_items_share: "1/3"
  quorum: "1/2"
  quorum_strict: true
  quorum_includes_chair: true
  decision_rule: consensus_then_majority
  chair_casting_vote: true
  dissent_recorded: true
  openness: closed_with_guests
  guests_text: Rådet kan invitere gæster.
  confidentiality: Medlemmerne har tavshedspligt.
  spokesperson: chairmanship
  minutes_approval: written
  minutes_written_days: 8
  minutes_sent_within_days: 14
  hearing_response_approval: meeting
  hearing_reminder_days: 3
  opening_items: [Godkendelse af dagsorden]
  closing_items: [Eventuelt]
  text: Forretningsordenens tekst.
"""

TOR_RULES = """\
    term_basis: election_period
    adopted_by: Socialudvalget
    source: https://www.example.dk/kommissorium
    term_years: 4
    serve_until_successor: true
    max_consecutive_terms: 2
    min_share_kind: user
    min_share: "1/3"
    min_share_strict: true
    evaluation_when: after_years
    evaluation_after_years: 2
    status_report_every_years: 1
    status_report_to: Socialudvalget
    dialogue_meetings_per_year: 1
    user_group_meetings_per_term: 2
    user_group_meetings_per_year: 1
    hearings_only_when_asked: true
    eligibility_min_age: 18
    eligibility_area: residence
    eligibility_area_name: Region Eksempel
    travel_allowance_rule: non_assembly
"""


def test_every_new_rule_loads_and_reloads_unchanged(db, tmp_path):
    from fractions import Fraction

    from udsatteraad.councils.models import Council

    text = MINI.replace("    term_basis: election_period\n", TOR_RULES) + RULES
    first = load_council_file(write(tmp_path, text))
    council = Council.objects.get(slug="eksempel")
    tor = council.current_terms()
    assert (tor.term_years, tor.serve_until_successor, tor.max_consecutive_terms) == (4, True, 2)
    assert (tor.min_share_kind, tor.min_share_numerator, tor.min_share_denominator,
            tor.min_share_strict) == ("user", 1, 3, True)
    assert (tor.evaluation_when, tor.evaluation_after_years) == ("after_years", 2)
    assert (tor.status_report_every_years, tor.status_report_to) == (1, "Socialudvalget")
    assert (tor.dialogue_meetings_per_year, tor.user_group_meetings_per_term,
            tor.user_group_meetings_per_year) == (1, 2, 1)
    assert tor.hearings_only_when_asked is True
    assert (tor.eligibility_min_age, tor.eligibility_area, tor.eligibility_area_name) == (
        18, "residence", "Region Eksempel")
    assert tor.travel_allowance_rule == "non_assembly"
    assert tor.source == "https://www.example.dk/kommissorium"
    rules = council.rules_of_procedure
    assert (rules.proposal_deadline_days, rules.agenda_notice_days) == (10, 5)
    assert rules.notice_enforcement == "refuse"
    assert rules.working_hours_end.isoformat() == "15:30:00"
    assert (rules.urgent_items, rules.urgent_items_share) == ("chair_or_members", Fraction(1, 3))
    assert (rules.quorum, rules.quorum_strict, rules.quorum_includes_chair) == (
        Fraction(1, 2), True, True)
    assert rules.is_quorate(3, 6) is False and rules.is_quorate(4, 6) is True
    assert (rules.decision_rule, rules.chair_casting_vote, rules.dissent_recorded) == (
        "consensus_then_majority", True, True)
    assert (rules.openness, rules.spokesperson) == ("closed_with_guests", "chairmanship")
    assert (rules.minutes_approval, rules.minutes_written_days,
            rules.minutes_sent_within_days) == ("written", 8, 14)
    assert (rules.hearing_response_approval, rules.hearing_reminder_days) == ("meeting", 3)
    assert (rules.opening_items, rules.closing_items) == (["Godkendelse af dagsorden"],
                                                          ["Eventuelt"])
    assert rules.source == "https://www.example.dk/forretningsorden"
    assert first.stats.created["forretningsorden"] == 1
    assert load_council_file(write(tmp_path, text)).stats.changes == 0


def test_changed_rule_of_procedure_updates_with_history(db, tmp_path):
    from udsatteraad.councils.models import RulesOfProcedure

    load_council_file(write(tmp_path, MINI + RULES))
    result = load_council_file(write(tmp_path, MINI + RULES.replace('quorum: "1/2"',
                                                                    'quorum: "2/3"')))
    assert result.stats.updated == {"forretningsorden": 1}
    rules = RulesOfProcedure.objects.get()
    assert (rules.quorum_numerator, rules.quorum_denominator) == (2, 3)
    assert rules.history.count() == 2


def test_rules_left_out_are_not_invented(db, tmp_path):
    """Only what the file says: no meetings a year, chair rule or term basis, no yes/no rule, and
    no rules of procedure at all without the section."""
    from udsatteraad.councils.models import RulesOfProcedure, TermsOfReference

    text = (MINI.replace("    meetings_min: 2\n    meetings_max: 4\n", "")
            .replace("    chair_rule: assembly_among_assembly\n", "")
            .replace("    vice_chair_rule: elected_among_others\n", "")
            .replace("    term_basis: election_period\n", "")
            .replace("        role: chair\n", "").replace("        role: vice_chair\n", ""))
    load_council_file(write(tmp_path, text))
    tor = TermsOfReference.objects.get()
    assert (tor.meetings_min, tor.meetings_max) == (None, None)
    assert (tor.chair_rule, tor.vice_chair_rule, tor.term_basis) == ("", "", "")
    assert tor.serve_until_successor is None and tor.hearings_only_when_asked is None
    assert not RulesOfProcedure.objects.exists()
    # A partial section: the rules it leaves out stay unstated (None / "").
    load_council_file(write(tmp_path, text + 'rules_of_procedure:\n  quorum: "1/2"\n'))
    rules = RulesOfProcedure.objects.get()
    assert (rules.decision_rule, rules.openness, rules.chair_casting_vote) == ("", "", None)


def test_undated_terms_of_reference_load(db, tmp_path):
    from udsatteraad.councils.models import Membership, TermsOfReference

    load_council_file(write(tmp_path, MINI.replace("    adopted_on: 2022-09-28\n", "")))
    assert TermsOfReference.objects.get().adopted_on is None
    assert Membership.objects.count() == 2


def test_seat_range(db, tmp_path):
    from udsatteraad.councils.models import SeatGroup

    load_council_file(write(tmp_path, MINI.replace("seats: 2", "seats: 1-3")))
    group = SeatGroup.objects.get(name="Udpeget af regionsrådet")
    assert (group.seats_min, group.seats) == (1, 3)


SUBSTITUTES = MINI.replace(
    "    term_basis: election_period\n",
    "    term_basis: election_period\n    substitutes_allowed: true\n").replace(
    "        organisations: [roede-kors]\n",
    "        organisations: [roede-kors]\n        substitutes: personal\n"
    "        appointed_by: organisation\n        appointed_by_name: Røde Kors\n") + (
    "      - name: Dorte Stedfortræder\n        seat_group: roede-kors\n"
    "        nominated_by: roede-kors\n        substitute: true\n"
    "        deputy_for: Mads Påhitsen\n        eligibility_confirmed: [age]\n")


def test_personal_deputy_takes_no_seat(db, tmp_path):
    from udsatteraad.councils.models import Membership, SeatGroup

    result = load_council_file(write(tmp_path, SUBSTITUTES))
    assert result.memberships == 3
    group = SeatGroup.objects.get(name="Røde Kors")
    assert (group.substitutes, group.appointed_by, group.appointed_by_name) == (
        "personal", "organisation", "Røde Kors")
    deputy = Membership.objects.get(person__name="Dorte Stedfortræder")
    assert deputy.is_substitute and deputy.deputy_for.person.name == "Mads Påhitsen"
    assert deputy.eligibility_confirmed == ["age"]
    assert load_council_file(write(tmp_path, SUBSTITUTES)).stats.changes == 0


NEW_BAD = [
    ("range the wrong way", "seats: 2", "seats: 3-1", "seats: 3-1",
     'feltet "seats" skal være et positivt heltal eller et interval'),
    ("share above the whole", "    term_basis: election_period\n",
     '    term_basis: election_period\n    min_share_kind: user\n    min_share: "3/2"\n',
     "min_share:", 'feltet "min_share" skal være en brøk'),
    ("share without its kind", "    term_basis: election_period\n",
     '    term_basis: election_period\n    min_share: "1/3"\n', "min_share:",
     'feltet "min_share" kræver min_share_kind'),
    ("written approval without days", "terms_of_reference:",
     "rules_of_procedure:\n  minutes_approval: written\nterms_of_reference:",
     "minutes_approval: written", 'feltet "minutes_written_days": Angiv fristen'),
    ("deputy for nobody", "deputy_for: Mads Påhitsen", "deputy_for: Ingen Ingensen",
     "deputy_for: Ingen", 'feltet "deputy_for" nævner "Ingen Ingensen"'),
    ("roster substitute named as a deputy", "substitutes: personal", "substitutes: roster",
     "deputy_for: Mads", 'feltet "deputy_for"'),
    ("unknown eligibility code", "eligibility_confirmed: [age]",
     "eligibility_confirmed: [age, bopæl]", "[age, bopæl]",
     'feltet "eligibility_confirmed" skal være en af: age, area, service_user (ikke "bopæl")'),
    ("agenda notice over a year", "terms_of_reference:",
     "rules_of_procedure:\n  agenda_notice_days: 400\nterms_of_reference:",
     "agenda_notice_days", 'feltet "agenda_notice_days"'),
]


@pytest.mark.parametrize(("old", "new", "snippet", "expected"), [b[1:] for b in NEW_BAD],
                         ids=[b[0] for b in NEW_BAD])
def test_new_fields_errors_name_line_and_field(db, tmp_path, old, new, snippet, expected):
    from udsatteraad.councils.models import Authority

    assert old in SUBSTITUTES
    text = SUBSTITUTES.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(LoadError) as e:
        load_council_file(path)
    message = str(e.value)
    assert f"linje {line_of(text, snippet)}:" in message, message
    assert expected in message, message
    assert Authority.objects.count() == 0
