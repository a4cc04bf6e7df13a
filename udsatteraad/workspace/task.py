"""A task: something waiting for someone (the registry is `tasks.py`; providers import this
module, which imports no app)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from django.utils import timezone


class Urgency(IntEnum):
    LOW = 1  # waiting for others, or no deadline
    NORMAL = 2
    HIGH = 3  # a deadline within days, or something sent back
    OVERDUE = 4  # the deadline has passed


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    due: dt.datetime | None = None
    urgency: Urgency = Urgency.NORMAL
    council: str = ""
    kind: str = ""  # e.g. "proposals", "minutes_to_approve"; for tests and styling

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.now()


def urgency_for(due: dt.datetime | None, *, soon: dt.timedelta = dt.timedelta(days=3)
                ) -> Urgency:
    """The usual scale for a deadline: passed, within `soon`, or later."""
    if due is None:
        return Urgency.NORMAL
    now = timezone.now()
    if due < now:
        return Urgency.OVERDUE
    return Urgency.HIGH if due - now <= soon else Urgency.NORMAL
