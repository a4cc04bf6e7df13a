"""Real Danish councils' terms of reference and rules of procedure as council files
(demo/councils/real/, sources named in each file): every file loads, idempotently, and the rules
that are theirs come through; their public pages show no placeholder."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from django.conf import settings

REAL = Path(settings.BASE_DIR) / "demo" / "councils" / "real"
FILES = sorted(REAL.glob("*.yaml"))


def load(slug: str):
    from udsatteraad.councils.loader import load_council_file
    from udsatteraad.councils.models import Council

    load_council_file(REAL / f"{slug}.yaml")
    return Council.objects.get(slug=slug)


def test_at_least_ten_real_councils_with_sources():
    assert len(FILES) >= 10
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../../../docs/council-file"), path
        assert "source: https://" in text, path


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_real_file_loads_twice_without_changes(db, path):
    from udsatteraad.councils.loader import load_council_file

    first = load_council_file(path)
    assert first.council.slug == path.stem
    assert first.council.terms_of_reference.get().source.startswith("https://")
    assert load_council_file(path).stats.changes == 0


def test_all_real_councils_load_side_by_side(db):
    """Councils of one authority (Aalborg, Nyborg) share it without undoing each other."""
    from udsatteraad.councils.loader import load_council_file
    from udsatteraad.councils.models import Authority, Council

    for path in FILES:
        load_council_file(path)
    assert Council.objects.count() == len(FILES)
    aalborg = Authority.objects.get(slug="aalborg")
    assert set(aalborg.councils.values_list("slug", flat=True)) == {
        "aalborg-udsatteraad", "aalborg-aeldreraad"}
    assert set(aalborg.committees.values_list("name", flat=True)) >= {
        "Familie- og Socialudvalget", "Senior- og Omsorgsudvalget"}


# The rules that are theirs -------------------------------------------------------------------


def test_aalborg_has_no_chair_and_a_roster_of_18_substitutes(db):
    from udsatteraad.councils.models import RulesOfProcedure

    council = load("aalborg-udsatteraad")
    tor = council.current_terms()
    assert (tor.chair_rule, tor.vice_chair_rule) == ("none", "none")
    assert tor.adopted_on == dt.date(2017, 5, 15)
    assert tor.adopted_by == "Familie- og Socialudvalget"
    assert tor.hearings_only_when_asked is True
    assert tor.term_basis == "election_period" and tor.eligibility_min_age == 18
    (group,) = tor.seat_groups.all()
    assert (group.kind, group.seats, group.substitutes, group.substitutes_max) == (
        "user", 18, "roster", 18)
    assert tor.substitutes_allowed is True
    # The document states no procedure: no rules of procedure are made up for it.
    assert not RulesOfProcedure.objects.filter(council=council).exists()


def test_aalborg_substitutes_take_no_seat(db, tmp_path):
    """All 18 seats taken and a first substitute on top: the substitute takes no seat."""
    from udsatteraad.councils.loader import load_council_file
    from udsatteraad.councils.models import Membership

    members = "".join(
        f"      - name: Opdigtet Medlem {i}\n        seat_group: udsatte-borgere\n"
        for i in range(1, 19))
    members += ("      - name: Opdigtet Suppleant\n        seat_group: udsatte-borgere\n"
                "        substitute: true\n        substitute_rank: 1\n")
    text = (REAL / "aalborg-udsatteraad.yaml").read_text(encoding="utf-8") + (
        "\nterms:\n  - name: 2022-2025\n    start: 2022-01-01\n    end: 2025-12-31\n"
        "    members:\n" + members)
    path = tmp_path / "aalborg-udsatteraad.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_council_file(path)
    assert result.memberships == 19
    substitute = Membership.objects.get(person__name="Opdigtet Suppleant")
    assert substitute.is_substitute and substitute.substitute_rank == 1


def test_stevns_written_approval_personal_deputies_and_travel(db):
    council = load("stevns-udsatteraad")
    tor = council.current_terms()
    assert tor.adopted_on == dt.date(2019, 3, 28)
    assert (tor.meetings_min, tor.meetings_max, tor.extraordinary_request_members) == (4, 4, 2)
    assert tor.travel_allowance_rule == "non_assembly"
    assert {g.substitutes for g in tor.seat_groups.all()} == {"personal"}
    ssu = tor.seat_groups.get(name="Kommunalpolitiker udpeget af udvalget for Social og Sundhed")
    assert (ssu.appointed_by, ssu.appointed_by_name) == ("committee", "Social og Sundhed (SSU)")
    rules = council.rules_of_procedure
    assert (rules.minutes_approval, rules.minutes_written_days) == ("written", 8)
    assert rules.agenda_notice_days == 8
    assert rules.openness == "closed_with_guests" and rules.dissent_recorded is True
    assert rules.source.endswith("forretningsorden-for-stevns-udsatteraad")
    assert set(council.advises.values_list("name", flat=True)) == {
        "Kommunalbestyrelsen", "Social- og Sundhedsudvalget",
        "Arbejdsmarked-, Erhverv- og Turismeudvalget"}


def test_nyborg_quorum_urgent_items_and_minutes_at_the_end_of_the_meeting(db):
    council = load("nyborg-udsatteraad")
    tor = council.current_terms()
    assert tor.adopted_on is None  # the document is not dated
    assert (tor.status_report_every_years, tor.status_report_to) == (
        1, "Social- og Familieudvalget")
    rules = council.rules_of_procedure
    assert rules.quorum == Fraction(1, 2) and rules.quorum_strict is False
    assert rules.is_quorate(6, 12) is True and rules.is_quorate(5, 12) is False
    assert (rules.urgent_items, rules.urgent_items_share) == ("chair_or_members", Fraction(1, 3))
    assert (rules.agenda_notice_days, rules.proposal_deadline_days) == (5, 10)
    assert rules.minutes_approval == "end_of_meeting"
    assert (rules.decision_rule, rules.chair_casting_vote) == ("majority", True)


def test_gladsaxe_two_year_terms_quorum_and_substitutes(db):
    council = load("gladsaxe-udsatteraad")
    tor = council.current_terms()
    assert (tor.term_basis, tor.term_years, tor.meetings_min, tor.meetings_max) == (
        "fixed_years", 2, 4, None)
    assert {(g.kind, g.seats, g.appointed_by) for g in tor.seat_groups.all()} == {
        ("user", 7, "committee"), ("staff", 3, "committee")}
    assert tor.seat_count == 10
    rules = council.rules_of_procedure
    assert rules.quorum == Fraction(1, 2) and rules.openness == "closed"
    assert "tavshedspligt" in rules.confidentiality.lower()  # a rule stated, in our words


def test_region_sjaelland_seats_filled_from_other_councils(db):
    council = load("region-sjaelland-udsatteraad")
    assert council.authority.kind == "region"
    tor = council.current_terms()
    other = tor.seat_groups.get(appointed_by="other_council")
    assert other.seats == 5
    assert (tor.meetings_min, tor.meetings_max) == (2, 2)


def test_frederiksberg_personal_deputies_and_serving_until_successors(db):
    council = load("frederiksberg-handicapraad")
    tor = council.current_terms()
    assert tor.serve_until_successor is True and tor.term_basis == "election_period"
    assert tor.seat_count == 12
    assert [g.seats for g in tor.seat_groups.all()] == [3, 3, 5, 1]
    assert {g.substitutes for g in tor.seat_groups.all()} == {"personal"}
    assert (tor.chair_rule, tor.vice_chair_rule) == ("elected", "elected")


def test_viborg_meetings_range_and_closed_meetings_with_guests(db):
    council = load("viborg-udsatteraad")
    tor = council.current_terms()
    assert (tor.meetings_min, tor.meetings_max) == (2, 4)
    assert council.rules_of_procedure.openness == "closed_with_guests"


def test_aalborg_elderly_council_meetings_and_dialogue(db):
    council = load("aalborg-aeldreraad")
    tor = council.current_terms()
    assert (tor.meetings_min, tor.extraordinary_request_members) == (11, 7)
    assert tor.dialogue_meetings_per_year == 2
    assert "tavshedspligt" in council.rules_of_procedure.confidentiality


def test_rodovre_and_middelfart_obligations(db):
    rodovre = load("rodovre-udsatteraad").current_terms()
    assert rodovre.dialogue_meetings_per_year == 1
    assert set(rodovre.target_groups.values_list("name", flat=True)) >= {"Hjemløshed",
                                                                           "Fattigdom"}
    middelfart = load("middelfart-udsatteraad").current_terms()
    assert (middelfart.term_basis, middelfart.term_years) == ("fixed_years", 2)
    assert middelfart.status_report_every_years == 1


def test_kolding_residence_rule_and_committee_seats(db):
    tor = load("kolding-udsatteraad").current_terms()
    assert (tor.eligibility_area, tor.eligibility_area_name) == ("residence", "Kolding Kommune")
    assert tor.serve_until_successor is True
    (group,) = tor.seat_groups.all()
    assert (group.seats, group.appointed_by_name) == (2, "Social og Arbejdsmarked")


def test_vejle_minimum_share_of_user_representatives(db):
    tor = load("vejle-udsatteraad").current_terms()
    assert (tor.min_share_kind, tor.min_share_numerator, tor.min_share_denominator,
            tor.min_share_strict) == ("user", 1, 3, True)
    assert tor.serve_until_successor is True and tor.substitutes_allowed is True


def test_nyborg_disability_council_composition(db):
    council = load("nyborg-handicapraad")
    tor = council.current_terms()
    assert tor.seat_count == 10
    assert (tor.meetings_min, tor.extraordinary_request_members) == (4, 2)
    assert council.rules_of_procedure.openness == "closed"


# The public pages ----------------------------------------------------------------------------

PLACEHOLDERS = ["None", "0 til 0", "0 til 12", "ikke angivet", "Ikke angivet"]


# Until the public council page is rewritten (branch wp-rmem, issue #12) it prints "til None"
# or fails on a council without a number of meetings. Strict: once that page is merged these
# pass, and the marks must go (the lead removes them at merge).
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_public_page_shows_no_placeholder(db, anon, path):
    from udsatteraad.councils.loader import load_council_file

    council = load_council_file(path).council
    response = anon.get(council.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert council.name in html
    for placeholder in PLACEHOLDERS:
        assert placeholder not in html, (placeholder, path.stem)


def test_load_demo_with_real_councils(db):
    import io

    from django.core.management import call_command

    from udsatteraad.councils.models import Council

    out = io.StringIO()
    call_command("load_demo", "--real", stdout=out)
    assert f"uden medlemmer): {len(FILES)} råd" in out.getvalue()
    assert set(Council.objects.values_list("slug", flat=True)) >= {p.stem for p in FILES} | {
        "randers", "ishoej", "region-midtjylland", "region-hovedstaden"}
