"""The four seed councils, loaded from demo/councils/*.yaml, have the composition their terms
of reference describe, every seat filled in the current term with fictitious persons."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from udsatteraad.lib.paths import SEEDS_DIR

DEMO = Path(settings.BASE_DIR) / "demo" / "councils"


def real_name_hashes(kind: str) -> set[str]:
    """Seed 001 names the real members; the repository keeps only hashes of their names."""
    lines = (SEEDS_DIR / "001_names.sha256").read_text(encoding="utf-8").splitlines()
    return {line.split()[1] for line in lines if line.startswith(kind + " ")}


def name_hash(text: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", text.casefold()).encode()).hexdigest()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Load the four files once for the module, and roll them back afterwards."""
    from udsatteraad.councils.loader import load_council_file

    with django_db_blocker.unblock(), transaction.atomic():
        results = {p.stem: load_council_file(p) for p in sorted(DEMO.glob("*.yaml"))}
        yield results
        transaction.set_rollback(True)


@pytest.fixture
def councils(seeded, db):
    from udsatteraad.councils.models import Council

    return {c.slug: c for c in Council.objects.all()}


def groups(council):
    tor = council.current_terms()
    return list(tor.seat_groups.prefetch_related("organisations").select_related("venue"))


def org_names(group) -> set[str]:
    return {o.name for o in group.organisations.all()}


def test_four_councils(seeded, councils):
    assert set(councils) == {"region-midtjylland", "region-hovedstaden", "ishoej", "randers"}
    assert {slug: r.seats for slug, r in seeded.items()} == {
        "region-midtjylland": 14, "region-hovedstaden": 10, "ishoej": 10, "randers": 9}


def test_region_midtjylland(councils):
    council = councils["region-midtjylland"]
    tor = council.current_terms()
    assert (tor.adopted_on, tor.adjusted_on) == (dt.date(2022, 9, 28), dt.date(2022, 12, 21))
    assert (tor.meetings_min, tor.meetings_max, tor.extraordinary_request_members) == (2, 4, 3)
    assert tor.chair_rule == "assembly_among_assembly"
    assert tor.vice_chair_rule == "elected_among_others"
    assert not tor.substitutes_allowed and tor.personal_members_allowed
    assert tor.term_basis == "election_period"
    assert "befordringsgodtgørelse" in tor.travel_allowance
    assert "Hvert andet år" in tor.status_report and "slutningen af valgperioden" in tor.evaluation
    assert "beslutningsreferat" in tor.minutes_rule
    gs = groups(council)
    assert [(g.kind, g.seats) for g in gs if g.kind == "assembly"] == [("assembly", 4)]
    orgs = [g for g in gs if g.kind == "organisation"]
    assert len(orgs) == 10 and all(g.seats == 1 and len(org_names(g)) == 1 for g in orgs)
    assert set().union(*(org_names(g) for g in orgs)) == {
        "Røde Kors", "Blå Kors", "KFUKs sociale arbejde", "SAND – De hjemløses landsorganisation",
        "Kirkens Korshær", "Foreningen Social Sundhed", "Center for seksuelt misbrugte",
        "Ungdommens Røde Kors", "Bedre Psykiatri", "Den Sociale Rets Hjælp"}
    assert tor.seat_count == 14


def test_region_hovedstaden(councils):
    tor = councils["region-hovedstaden"].current_terms()
    assert (tor.meetings_min, tor.meetings_max, tor.extraordinary_request_members) == (4, 4, 3)
    assert tor.chair_rule == "elected" and not tor.substitutes_allowed
    assert (tor.term_basis, tor.trial_years) == ("fixed_trial", 2)
    gs = groups(councils["region-hovedstaden"])
    assert len(gs) == 10 and all(g.kind == "organisation" and g.seats == 1 for g in gs)
    assert set().union(*(org_names(g) for g in gs)) == {
        "Reden København (KFUK)", "SIND", "WeShelter", "Omsorgscenter Thorsgade (Røde Kors)",
        "Børns Vilkår", "Gadejuristen", "Socialsygeplejerskerne", "Sociolancen",
        "Kompetencecenter for Dobbeltdiagnoser i Region Hovedstadens Psykiatri",
        "Den Sociale Virksomhed, Region Hovedstaden"}


def test_ishoej(councils):
    council = councils["ishoej"]
    tor = council.current_terms()
    assert (tor.meetings_min, tor.meetings_max, tor.after_working_hours) == (4, 4, True)
    assert tor.chair_rule == "elected" and tor.vice_chair_rule == "elected"
    assert tor.per_diem_rule == "non_assembly" and tor.yearly_budget == 25000
    assert tor.target_groups.count() == 6 and tor.focus_areas.count() == 7
    gs = groups(council)
    kinds = Counter()
    for g in gs:
        kinds[g.kind] += g.seats
    assert kinds == {"assembly": 2, "user": 2, "organisation": 2, "staff": 3, "management": 1}
    assert {n for g in gs for n in org_names(g)} == {"SIND", "Lænken"}
    assert {v.name for v in council.authority.venues.all()} == {
        "café Vildtbanehus", "Syrenskuret", "Kløverengen"}
    assert "lettilgængelig tekst" in tor.minutes_rule


def test_randers(councils):
    council = councils["randers"]
    tor = council.current_terms()
    assert not tor.substitutes_allowed and tor.term_basis == "election_period"
    assert "bosiddende eller have virke i Randers Kommune" in tor.eligibility
    gs = groups(council)
    users = [g for g in gs if g.kind == "user"]
    assert sorted((g.venue.name, g.venue.kind, g.seats) for g in users) == [
        ("Cafe Rusfri", "drop_in", 1), ("Perron 4", "drop_in", 1),
        ("Psykiatriens Hus", "drop_in", 1), ("Slotsgården", "drop_in", 1)]
    orgs = {g.name: (g.seats, org_names(g)) for g in gs if g.kind == "organisation"}
    assert orgs == {
        "Psykiatri": (2, {"Sind", "Bedre Psykiatri"}),
        "Boligsocial": (1, {"Helhedsplanen for Nordbyen"}),
        "Kontanthjælp/førtidspension": (1, {"Livtagerne", "Blå Kors", "SAND"}),
        "Forsorg/Hjemløse": (1, {"Kirkens Korshær", "KFUM socialt arbejde"}),
    }
    assert tor.seat_count == 9
    assert list(council.terms.values_list("start", "end")) == [
        (dt.date(2026, 1, 1), dt.date(2029, 12, 31)), (dt.date(2018, 1, 1), dt.date(2021, 12, 31))]


def test_every_seat_filled_and_chairs_by_the_rules(councils):
    from udsatteraad.councils.models import Membership

    for council in councils.values():
        term = council.terms.get(name="2026-2029")
        active = Membership.objects.filter(council=council, term=term).active_on(term.start)
        filled = Counter(active.values_list("seat_group_id", flat=True))
        for g in groups(council):
            assert filled[g.pk] == g.seats, (council.slug, g.name)
        chairs = [m for m in active if m.role == "chair"]
        vices = [m for m in active if m.role == "vice_chair"]
        assert len(chairs) == 1 and len(vices) == 1, council.slug
        assert all(m.person.email.endswith(".example") for m in active)
    midt = councils["region-midtjylland"]
    chair = midt.memberships.get(role="chair")
    vice = midt.memberships.get(role="vice_chair")
    assert chair.seat_group.kind == "assembly" and vice.seat_group.kind != "assembly"


def test_no_real_names_from_seed_001(councils):
    from udsatteraad.councils.models import Person

    real = real_name_hashes("name")
    assert len(real) == 10
    names = set(Person.objects.values_list("name", flat=True))
    assert len(names) == 43
    assert not {name_hash(name) for name in names} & real
    # Any run of up to four words in the files (the longest real name has four).
    words = re.findall(r"[^\W\d_]+", " ".join(p.read_text(encoding="utf-8")
                                             for p in DEMO.glob("*.yaml")))
    runs = {name_hash(" ".join(words[i:i + n])) for n in range(1, 5)
            for i in range(len(words) - n + 1)}
    assert len(runs) > 1000
    assert not runs & real


def test_vocabulary_slugs_keep_danish_letters(db):
    """Target groups and focus areas get readable slugs: æ, ø, å become ae, oe, aa."""
    from django.core.management import call_command

    from udsatteraad.councils.models import FocusArea, TargetGroup

    call_command("load_council", "demo/councils/ishoej.yaml", verbosity=0)
    assert TargetGroup.objects.get(name="Hjemløse").slug == "hjemloese"
    assert FocusArea.objects.get(name="Hjemløshed").slug == "hjemloeshed"
