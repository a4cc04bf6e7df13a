"""Who someone is in a council on a day: the roles, computed once per user, council and day.

A role comes from one of three facts:
- the platform administrator (`is_superuser`) serves every council;
- a secretary is linked to the council (`Secretary`);
- a member, chair or vice-chair holds a membership active on that day
  (`MembershipQuerySet.active_on`, the one definition of an active membership: a member whose
  term has ended holds no role, so gets no member pages, no invitations and no `/mine/` entry).

The roles are cached on the user object for the request, so a view's check and the action it
calls (`acting_user=request.user`) cost the queries once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils import timezone

from udsatteraad.councils.models import Council, Membership, Person


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARY = "secretary"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"


SECRETARIAT = frozenset({Role.ADMIN, Role.SECRETARY})
MEMBERSHIP = frozenset({Role.MEMBER, Role.CHAIR, Role.VICE_CHAIR})


@dataclass(frozen=True)
class Roles:
    """A user's roles in one council on one day, and the Person they act as (or None)."""

    council_id: int
    day: dt.date
    roles: frozenset[Role]
    person: Person | None

    def __contains__(self, role: object) -> bool:
        return role in self.roles

    def __bool__(self) -> bool:
        return bool(self.roles)

    @property
    def is_secretariat(self) -> bool:
        return bool(self.roles & SECRETARIAT)

    @property
    def is_member(self) -> bool:
        """A current member of the council (chair and vice-chair are members too), with a
        Person to act as."""
        return Role.MEMBER in self.roles and self.person is not None


_CACHE_ATTR = "_udsatteraad_roles"


def roles_in(user: Any, council: Council, on: dt.date | None = None) -> Roles:
    """The roles `user` holds in `council` on a day (today by default)."""
    day = on or timezone.localdate()
    if user is None or not user.is_authenticated:
        return Roles(council.pk, day, frozenset(), None)
    cache: dict[tuple[int, dt.date], Roles] = user.__dict__.setdefault(_CACHE_ATTR, {})
    key = (council.pk, day)
    if key in cache:
        return cache[key]
    roles: set[Role] = set()
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if council.secretaries.filter(user=user).exists():
        roles.add(Role.SECRETARY)
    person: Person | None = getattr(user, "person", None)
    if person is not None:
        for role in (Membership.objects.filter(council=council, person=person)
                     .active_on(day).values_list("role", flat=True)):
            roles.add(Role.MEMBER)
            if role == Membership.Role.CHAIR:
                roles.add(Role.CHAIR)
            elif role == Membership.Role.VICE_CHAIR:
                roles.add(Role.VICE_CHAIR)
    result = Roles(council.pk, day, frozenset(roles), person)
    cache[key] = result
    return result


def forget_roles(user: Any) -> None:
    """Drop the cached roles (after a change of membership or secretaries in the same request,
    and in tests that change them between requests on one user object)."""
    user.__dict__.pop(_CACHE_ATTR, None)


def serves_any_council(user: Any) -> bool:
    """Secretary of at least one council, or platform administrator."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or Council.objects.for_secretary(user).exists())


def member_councils(user: Any, on: dt.date | None = None):
    """Councils in which the user holds an active membership on a day."""
    day = on or timezone.localdate()
    if user is None or not user.is_authenticated:
        return Council.objects.none()
    return Council.objects.filter(
        pk__in=Membership.objects.filter(person__user=user).active_on(day).values("council_id")
    )
