"""Roles on a day (udsatteraad.policy.roles): one definition of an active membership, so a
member whose term has ended is a stranger: no roles, no invitations, no council on /mine/."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import add_extra_personas, login


def test_ended_term_member_has_no_roles(world):
    from udsatteraad.policy.roles import roles_in

    add_extra_personas(world)
    assert roles_in(world.ended_member, world.council).roles == set()
    # The same person held the role while the term ran.
    assert roles_in(world.ended_member, world.council, on=dt.date(2024, 6, 1)).roles != set()
    # A current member keeps it (the fixture is not simply empty).
    assert roles_in(world.member, world.council).roles != set()


def test_ended_term_member_is_not_invited(world):
    from udsatteraad.meetings.models import Meeting
    from udsatteraad.meetings.publishing import invitation_recipients

    add_extra_personas(world)
    meeting = Meeting.objects.create(council=world.council, title="Møde",
                                     start=timezone.now() + dt.timedelta(days=14))
    invited = {p.pk for p in invitation_recipients(meeting)}
    assert world.member.person.pk in invited
    assert world.ended_member.person.pk not in invited


def test_ended_term_member_sees_no_council_on_mine(world, client):
    add_extra_personas(world)
    page = login(client, world.ended_member).get(reverse("accounts:mine"))
    assert page.status_code == 200
    assert world.council.name not in page.content.decode()
    current = login(client, world.member).get(reverse("accounts:mine"))
    assert world.council.name in current.content.decode()


START = dt.date(2026, 1, 1)
TERM_ENDS = {"term ends late": dt.date(2029, 12, 31), "term ended early": dt.date(2026, 3, 31)}
OWN_ENDS = {"no own end": None, "own end": dt.date(2026, 6, 30)}
DAYS = {"before start": dt.date(2025, 12, 31), "at start": START,
        "at term end (early)": dt.date(2026, 3, 31),
        "day after early term end": dt.date(2026, 4, 1),
        "at own end": dt.date(2026, 6, 30), "after own end": dt.date(2026, 7, 1),
        "at late term end": dt.date(2029, 12, 31), "after late term end": dt.date(2030, 1, 1)}
GRID = list(itertools.product(TERM_ENDS, OWN_ENDS, DAYS))


@pytest.mark.parametrize(("term_end", "own_end", "day"), GRID)
def test_queryset_and_row_agree(world, term_end, own_end, day):
    from udsatteraad.councils.models import Membership, Person, Term

    term = Term.objects.create(council=world.other_council, name="Grid", start=START,
                               end=TERM_ENDS[term_end])
    person = Person.objects.create(name="Gitter Gerda")
    group = world.other_council.terms_of_reference.get().seat_groups.get()
    membership = Membership.objects.create(council=world.other_council, person=person,
                                           seat_group=group, term=term, start=START,
                                           end=OWN_ENDS[own_end])
    on = DAYS[day]
    in_queryset = Membership.objects.filter(pk=membership.pk).active_on(on).exists()
    assert in_queryset == membership.is_active_on(on)
    # And both follow the rule: begun, and not past its own end or, without one, the term's.
    assert in_queryset == (START <= on <= (OWN_ENDS[own_end] or TERM_ENDS[term_end]))
