"""Council rules about who sits (issue #12, councils/rules.py): substitutes that take no seat
(roster and personal deputies), seat ranges, minimum shares, appointing bodies, chair rules,
terms and eligibility; through the models and through the secretariat's screens."""

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
    if group.kind == "organisation":
        values["nominated_by"] = group.organisations.first()
    values.update(extra)
    return Membership(**values)


def errors(m) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        m.full_clean()
    return e.value.message_dict


def allow_substitutes(world, group, mode: str, limit: int | None = None) -> None:
    world.tor.substitutes_allowed = True
    world.tor.save()
    group.substitutes, group.substitutes_max = mode, limit
    group.save()


# Substitutes ---------------------------------------------------------------------------------


def test_substitute_takes_no_seat(world):
    """The Red Cross seat is full; its substitute is accepted all the same."""
    allow_substitutes(world, world.red_cross_group, "roster")
    sub = membership(world, world.red_cross_group, is_substitute=True, substitute_rank=1)
    sub.full_clean()
    sub.save()
    # ...and a substitute does not block the seat for an ordinary member either.
    world.member_membership.delete()
    membership(world, world.red_cross_group, "Bent Fiktivsen").full_clean()


def test_substitutes_refused_by_the_terms(world):
    m = membership(world, world.blue_cross_group, is_substitute=True)
    assert errors(m) == {"is_substitute": ["Kommissoriet giver ikke mulighed for suppleanter."]}


def test_seat_group_without_substitutes(world):
    allow_substitutes(world, world.user_group, "none")
    m = membership(world, world.user_group, is_substitute=True)
    assert errors(m) == {"is_substitute": [
        "Pladsgruppen »Brugerrepræsentant, Café Test« har ingen suppleanter."]}


def test_roster_limit_and_ranks(world):
    allow_substitutes(world, world.assembly_group, "roster", limit=2)
    membership(world, world.assembly_group, "Sup Et", is_substitute=True,
               substitute_rank=1).save()
    same_rank = membership(world, world.assembly_group, "Sup To", is_substitute=True,
                           substitute_rank=1)
    assert errors(same_rank) == {"substitute_rank": [
        "Sup Et er allerede 1. suppleant i »Udpeget af regionsrådet«."]}
    membership(world, world.assembly_group, "Sup To", is_substitute=True,
               substitute_rank=2).save()
    third = membership(world, world.assembly_group, "Sup Tre", is_substitute=True,
                       substitute_rank=3)
    assert errors(third) == {"is_substitute": [
        "»Udpeget af regionsrådet« har højst 2 suppleanter ad gangen, og de er udpeget i "
        "perioden."]}


def test_roster_substitute_is_not_personal(world):
    allow_substitutes(world, world.red_cross_group, "roster")
    m = membership(world, world.red_cross_group, is_substitute=True,
                   deputy_for=world.member_membership)
    assert "deputy_for" in errors(m)


def test_personal_deputy(world):
    allow_substitutes(world, world.red_cross_group, "personal")
    missing = membership(world, world.red_cross_group, is_substitute=True)
    assert errors(missing) == {"deputy_for": [
        "Angiv det medlem, suppleanten er personlig suppleant for."]}
    wrong_group = membership(world, world.red_cross_group, is_substitute=True,
                             deputy_for=world.chair_membership)
    assert errors(wrong_group) == {"deputy_for": [
        "Suppleanten skal være personlig suppleant for et medlem af »Røde Kors« i samme "
        "periode."]}
    deputy = membership(world, world.red_cross_group, "Dorte Stedfortræder", is_substitute=True,
                        deputy_for=world.member_membership)
    deputy.full_clean()
    deputy.save()
    second = membership(world, world.red_cross_group, "Bent Fiktivsen", is_substitute=True,
                        deputy_for=world.member_membership)
    assert errors(second) == {"deputy_for": [
        "Medlem Mads Påhit har allerede en personlig suppleant: Dorte Stedfortræder."]}


def test_deputy_of_a_substitute_is_refused(world):
    allow_substitutes(world, world.red_cross_group, "personal")
    deputy = membership(world, world.red_cross_group, "Dorte Stedfortræder", is_substitute=True,
                        deputy_for=world.member_membership)
    deputy.save()
    m = membership(world, world.red_cross_group, is_substitute=True, deputy_for=deputy)
    assert "deputy_for" in errors(m)


def test_ordinary_member_has_no_deputy_fields(world):
    m = membership(world, world.user_group, substitute_rank=1,
                   deputy_for=world.member_membership)
    assert set(errors(m)) == {"substitute_rank", "deputy_for"}


def test_substitute_cannot_chair(world):
    allow_substitutes(world, world.assembly_group, "roster")
    world.chair_membership.delete()
    m = membership(world, world.assembly_group, is_substitute=True, role="chair")
    assert errors(m) == {"role": ["En suppleant kan ikke være formand eller næstformand."]}
