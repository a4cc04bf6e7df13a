"""What needs doing, most urgent first: a small registry of task providers.

Each app that has something waiting for someone adds a provider to one of the lists below
with one line: a function of a council (the secretariat's work for it) or of a user (what
waits for that person as chair or member), returning `Task`s. The secretariat's start page
per council shows `for_council`, /mine/ shows `for_person`, and the navigation shows counts.

    COUNCIL_PROVIDERS = [meeting_tasks.pending_for, inquiry_tasks.pending_for]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from udsatteraad.meetings import tasks as meeting_tasks

from . import providers
from .task import Task, Urgency, urgency_for

__all__ = ["Task", "Urgency", "urgency_for", "for_council", "for_person", "secretariat_count",
           "secretariat_tasks"]


_CACHE = "_udsatteraad_tasks"
_SECRETARIAT_CACHE = "_udsatteraad_secretariat_tasks"


def _sorted(tasks: Iterable[Task]) -> list[Task]:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(tasks, key=lambda t: (-t.urgency, t.due or far, t.title))


def per_council(provider: Callable[[Any], Iterable[Task]]
                ) -> Callable[[Iterable[Any]], Iterable[Task]]:
    """A provider of one council's tasks (`pending_for(council)`) as a provider of several:
    simple, but a query set per council; a provider may do better itself."""
    return lambda councils: [t for council in councils for t in provider(council)]


# The registries: one line per provider. A council provider takes a list of councils (the
# navigation counts the tasks of every council a secretary serves); wrap a provider of one
# council in per_council(). Read on each call, so a test may extend them.
COUNCIL_PROVIDERS: list[Callable[[Iterable[Any]], Iterable[Task]]] = [
    meeting_tasks.pending_for_councils,
    providers.inquiry_tasks,
    providers.hearing_tasks,
    providers.easy_read_tasks,
    providers.import_review_tasks,
    providers.plan_duty_tasks,
    providers.term_change_tasks,
    providers.money_tasks,
]
PERSON_PROVIDERS: list[Callable[[Any], Iterable[Task]]] = [
    meeting_tasks.pending_for_person,
    providers.hearing_person_tasks,
    providers.money_person_tasks,
]


def for_councils(councils: Iterable[Any]) -> list[Task]:
    """The secretariat's tasks for these councils, most urgent first."""
    return _sorted(t for provider in COUNCIL_PROVIDERS for t in provider(councils))


def for_council(council: Any, *, user: Any = None) -> list[Task]:
    """One council's tasks. Given the user looking (the secretariat's start page), and when
    this is the only council they are a secretary of, the list is the navigation's count's
    list: worked out once a request (`secretariat_tasks`), not twice."""
    from udsatteraad.councils.models import Council

    if user is not None and user.is_authenticated:
        cached = user.__dict__.get(_SECRETARIAT_CACHE)
        if cached is not None and isinstance(cached[0], list):
            councils = cached[0]
        else:
            # Two rows are enough to tell "only this one" (the providers' limits apply to the
            # whole list, so another council's tasks could crowd this one's out).
            councils = list(Council.objects.filter(secretaries__user=user)
                            .values_list("pk", flat=True)[:2])
        if councils == [council.pk]:
            return _secretariat(user, councils)[1]
    return for_councils([council])


def for_person(user: Any) -> list[Task]:
    """What waits for a chair or member, in all their councils, most urgent first."""
    if user is None or not user.is_authenticated:
        return []
    # Once a request: the page and the navigation's count both ask.
    cached = user.__dict__.get(_CACHE)
    if cached is None:
        cached = user.__dict__[_CACHE] = _sorted(
            t for provider in PERSON_PROVIDERS for t in provider(user))
    return cached


def secretariat_count(user: Any) -> int:
    """The secretariat's tasks over the councils the user is a secretary of (not every council
    an administrator could open: that is not their work list)."""

    if user is None or not user.is_authenticated:
        return 0
    return len(secretariat_tasks(user))


def secretariat_tasks(user: Any) -> list[Task]:
    """The tasks of every council the user is a secretary of, once a request (the navigation's
    count; the start page's list when the user serves one council)."""
    from udsatteraad.councils.models import Council

    if user is None or not user.is_authenticated:
        return []
    # A subquery, not a list: the same few queries for any number of councils.
    return _secretariat(user, Council.objects.filter(secretaries__user=user))[1]


def _secretariat(user: Any, councils: Any) -> tuple[Any, list[Task]]:
    cached = user.__dict__.get(_SECRETARIAT_CACHE)
    if cached is None:
        cached = user.__dict__[_SECRETARIAT_CACHE] = (councils, for_councils(councils))
    return cached
