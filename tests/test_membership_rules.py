"""The terms of reference as rules (councils/rules.py), through Membership.full_clean().

The test world's council is Midtjylland-like: 2 assembly seats (the chair holds one), one seat
each for Røde Kors (the member holds it) and Blå Kors, one user seat; chair appointed among the
assembly's members, vice-chair elected among the others, no substitutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

D = dt.date


def person(name: str):
    from udsatteraad.councils.models import Person

    return Person.objects.create(name=name)


def membership(world, group, name: str = "Sofie Opdigtsen", **extra):
    from udsatteraad.councils.models import Membership

    values = {"council": world.council, "person": person(name), "seat_group": group,
              "term": world.term, "start": world.term.start}
    values.update(extra)
    return Membership(**values)


def errors(m) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        m.full_clean()
    return e.value.message_dict


def test_free_seat_is_accepted(world):
    m = membership(world, world.assembly_group)
    m.full_clean()
    m.save()
    assert errors(membership(world, world.assembly_group, "Bent Fiktivsen")) == {
        "seat_group": ["Alle 2 pladser i »Udpeget af regionsrådet« er besat i perioden. "
                       "Afslut et medlemskab eller vælg en anden plads."]}


def test_mid_term_replacement_does_not_over_fill(world):
    held = world.member_membership
    held.end, held.end_reason = D(2027, 6, 30), "resigned"
    held.full_clean()
    held.save()
    replacement = membership(world, world.red_cross_group, nominated_by=world.red_cross,
                             start=D(2027, 7, 1), replaces=held)
    replacement.full_clean()
    overlapping = membership(world, world.red_cross_group, "Bent Fiktivsen",
                             nominated_by=world.red_cross, start=D(2027, 6, 30))
    assert "seat_group" in errors(overlapping)


def test_early_end_needs_a_reason(world):
    held = world.member_membership
    held.end = D(2027, 6, 30)
    assert errors(held) == {"end_reason": [
        "Angiv årsagen til, at medlemskabet ophører før periodens slut."]}


def test_chair_must_come_from_the_assembly(world):
    world.chair_membership.role = "member"
    world.chair_membership.save()
    m = membership(world, world.blue_cross_group, nominated_by=world.blue_cross, role="chair")
    assert errors(m) == {"role": ["Formanden udpeges blandt medlemmerne fra regionsrådet "
                                  "(kommissoriet)."]}
    membership(world, world.assembly_group, role="chair").full_clean()


def test_only_one_chair_at_a_time(world):
    m = membership(world, world.assembly_group, role="chair")
    assert errors(m)["role"] == ["Rådet har allerede en formand i perioden: "
                                 "Formand Frida Fiktiv."]


def test_vice_chair_elected_among_the_others(world):
    m = membership(world, world.assembly_group, role="vice_chair")
    assert "ikke blandt politikerne" in errors(m)["role"][0]
    membership(world, world.blue_cross_group, nominated_by=world.blue_cross,
               role="vice_chair").full_clean()


def test_vice_chair_none_rule(world):
    world.tor.vice_chair_rule = "none"
    world.tor.save()
    m = membership(world, world.blue_cross_group, nominated_by=world.blue_cross,
                   role="vice_chair")
    assert errors(m) == {"role": ["Kommissoriet har ingen næstformand."]}


def test_substitutes_refused(world):
    m = membership(world, world.blue_cross_group, nominated_by=world.blue_cross,
                   is_substitute=True)
    assert errors(m) == {"is_substitute": ["Kommissoriet giver ikke mulighed for suppleanter."]}


def test_membership_outside_its_term(world):
    early = membership(world, world.user_group, start=D(2025, 12, 31))
    assert "start" in errors(early)
    late = membership(world, world.user_group, end=D(2030, 1, 1), end_reason="other")
    assert errors(late)["end"] == [
        "Medlemskabet kan ikke vare længere end perioden (slut 31.12.2029)."]
    backwards = membership(world, world.user_group, start=D(2027, 1, 1), end=D(2026, 6, 1),
                           end_reason="other")
    assert "Slutdatoen skal ligge efter startdatoen." in errors(backwards)["end"]


def test_one_person_holds_one_seat_at_a_time(world):
    from udsatteraad.councils.models import Membership

    m = Membership(council=world.council, person=world.member_membership.person,
                   seat_group=world.user_group, term=world.term, start=D(2027, 1, 1))
    assert errors(m)["person"][0].startswith("Medlem Mads Påhit er allerede medlem af rådet")
    # After the first seat ends, the same person may take another.
    held = world.member_membership
    held.end, held.end_reason = D(2026, 12, 31), "other"
    held.save()
    m.full_clean()


def test_organisation_seat_needs_its_own_nominating_organisation(world):
    missing = membership(world, world.blue_cross_group)
    assert errors(missing) == {"nominated_by": [
        "Angiv den organisation, der har indstillet medlemmet."]}
    wrong = membership(world, world.blue_cross_group, nominated_by=world.red_cross)
    assert errors(wrong) == {"nominated_by": ["Pladsen besættes efter indstilling fra Blå Kors."]}
    membership(world, world.blue_cross_group, nominated_by=world.blue_cross).full_clean()


def test_seat_and_term_of_another_council(world):
    from udsatteraad.councils.models import Term

    other_term = Term.objects.get(council=world.other_council)
    m = membership(world, world.user_group, term=other_term)
    assert errors(m)["term"] == ["Perioden hører ikke til dette råd."]
