"""What hearings wait for whom (issue 11, for the task lists of issue 16)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from udsatteraad.hearings import actions
from udsatteraad.hearings.pending import approvals_for_person, pending_for, pending_for_person
from udsatteraad.hearings.testing import hearing_in


def test_pending_for_the_secretariat(world):
    today = timezone.localdate()
    kw = {"council": world.council, "secretary": world.secretary, "chair": world.chair}
    far = hearing_in("commenting", title="Langt ude", deadline=today + dt.timedelta(days=30),
                     **kw)
    near = hearing_in("commenting", title="Snart", deadline=today + dt.timedelta(days=3), **kw)
    approved = hearing_in("approved", title="Klar til afsendelse", **kw)
    assert set(pending_for(world.council)) == {near, approved}
    assert far not in pending_for(world.council)


def test_pending_for_a_member(world):
    kw = {"council": world.council, "secretary": world.secretary, "chair": world.chair}
    first = hearing_in("commenting", title="Første", **kw)
    second = hearing_in("commenting", title="Anden", **kw)
    actions.add_comment(hearing=first, acting_user=world.member, text="Kommentar.")
    assert list(pending_for_person(world.member)) == [second]
    assert set(pending_for_person(world.chair)) == {first, second}
    assert not pending_for_person(world.secretary).exists()


def test_approvals_for_the_chair_only(world):
    hearing = hearing_in("awaiting_approval", council=world.council,
                         secretary=world.secretary, chair=world.chair)
    assert approvals_for_person(world.chair) == [hearing]
    assert approvals_for_person(world.member) == []
