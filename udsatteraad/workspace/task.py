"""A task: something waiting for someone (the registry is `tasks.py`; providers import this
module, which imports no app)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


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


def quoting(template: str, values: dict[str, object], *, danish: tuple[str, ...] = ("title",)
            ) -> str:
    """`template % values` for a task title that quotes Danish content (the `danish` keys: a
    meeting's or hearing's title, a seat's or organisation's name). In another interface
    language those parts are marked `<span lang="da">` (issue 16) and the rest escaped; in
    Danish a plain string, as before."""
    if translation.get_language() == "da":
        return template % values
    marked = {k: format_html('<span lang="da">{}</span>', v) if k in danish and v
              else conditional_escape(v) if isinstance(v, str) else v
              for k, v in values.items()}
    escaped: SafeString = conditional_escape(template)
    return mark_safe(escaped % marked)  # noqa: S308 - escaped template, escaped parts
