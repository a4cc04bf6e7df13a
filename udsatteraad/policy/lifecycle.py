"""A meeting's life cycle: its stages and the steps between them, in one place.

    planned --publish_agenda--> agenda_published --mark_held--> held
    planned --mark_held--> held            (a meeting held without a published agenda)
    held --approve_minutes--> minutes_approved --publish_minutes--> minutes_published
    minutes_approved --reopen_minutes--> held   (a change after approval needs a new approval)
    minutes_published --correct_minutes--> minutes_published   (a new version with a note)
    minutes_published --withdraw_minutes--> minutes_withdrawn --publish_minutes--> published
    planned | agenda_published --cancel--> cancelled

"Minutes withdrawn" is stored as approved minutes with `minutes_withdrawn_at` set (the
council's approval stands); `stage()` tells the two apart. Every action that moves a meeting
calls `advance()` on the row it has locked, inside its transaction; `advance()` refuses a step
the current stage does not allow, with a Danish message, so a double submit has no second
effect.

What the public sees of each stage is in `public.py`: agenda_published and later stages are
public; a cancelled meeting stays public as cancelled once its agenda was published.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.meetings.models import Meeting

Status = Meeting.Status


class Stage(StrEnum):
    PLANNED = "planned"
    AGENDA_PUBLISHED = "agenda_published"
    HELD = "held"
    MINUTES_APPROVED = "minutes_approved"
    MINUTES_PUBLISHED = "minutes_published"
    MINUTES_WITHDRAWN = "minutes_withdrawn"
    CANCELLED = "cancelled"


class Step(StrEnum):
    PUBLISH_AGENDA = "publish_agenda"
    MARK_HELD = "mark_held"
    APPROVE_MINUTES = "approve_minutes"
    REOPEN_MINUTES = "reopen_minutes"
    PUBLISH_MINUTES = "publish_minutes"
    CORRECT_MINUTES = "correct_minutes"
    WITHDRAW_MINUTES = "withdraw_minutes"
    CANCEL = "cancel"


# step -> (the stages it starts from, the stage it leads to)
TRANSITIONS: dict[Step, tuple[frozenset[Stage], Stage]] = {
    Step.PUBLISH_AGENDA: (frozenset({Stage.PLANNED}), Stage.AGENDA_PUBLISHED),
    Step.MARK_HELD: (frozenset({Stage.PLANNED, Stage.AGENDA_PUBLISHED}), Stage.HELD),
    Step.APPROVE_MINUTES: (frozenset({Stage.HELD}), Stage.MINUTES_APPROVED),
    Step.REOPEN_MINUTES: (frozenset({Stage.MINUTES_APPROVED}), Stage.HELD),
    Step.PUBLISH_MINUTES: (frozenset({Stage.MINUTES_APPROVED, Stage.MINUTES_WITHDRAWN}),
                           Stage.MINUTES_PUBLISHED),
    Step.CORRECT_MINUTES: (frozenset({Stage.MINUTES_PUBLISHED}), Stage.MINUTES_PUBLISHED),
    Step.WITHDRAW_MINUTES: (frozenset({Stage.MINUTES_PUBLISHED}), Stage.MINUTES_WITHDRAWN),
    Step.CANCEL: (frozenset({Stage.PLANNED, Stage.AGENDA_PUBLISHED}), Stage.CANCELLED),
}

# The stage each status means (withdrawn minutes share the approved status).
_STATUS_STAGE = {
    Status.PLANNED: Stage.PLANNED,
    Status.AGENDA_PUBLISHED: Stage.AGENDA_PUBLISHED,
    Status.HELD: Stage.HELD,
    Status.MINUTES_APPROVED: Stage.MINUTES_APPROVED,
    Status.MINUTES_PUBLISHED: Stage.MINUTES_PUBLISHED,
    Status.CANCELLED: Stage.CANCELLED,
}
_STAGE_STATUS = {
    Stage.PLANNED: Status.PLANNED,
    Stage.AGENDA_PUBLISHED: Status.AGENDA_PUBLISHED,
    Stage.HELD: Status.HELD,
    Stage.MINUTES_APPROVED: Status.MINUTES_APPROVED,
    Stage.MINUTES_PUBLISHED: Status.MINUTES_PUBLISHED,
    Stage.MINUTES_WITHDRAWN: Status.MINUTES_APPROVED,
    Stage.CANCELLED: Status.CANCELLED,
}

# Stages in which the minutes (attendance, decisions, minority statements) can be written.
MINUTES_WRITABLE = frozenset(Stage) - {Stage.CANCELLED}
# Stages in which items can be added, moved and members can propose items.
AGENDA_OPEN = frozenset({Stage.PLANNED})
# Stages in which members report attendance themselves.
ATTENDANCE_OPEN = frozenset({Stage.PLANNED, Stage.AGENDA_PUBLISHED})


class TransitionRefused(Exception):
    """The meeting's stage does not allow the step; the message is Danish, for the user."""


def stage(meeting: Meeting) -> Stage:
    if meeting.status == Status.MINUTES_APPROVED and meeting.minutes_withdrawn_at is not None:
        return Stage.MINUTES_WITHDRAWN
    return _STATUS_STAGE[Status(meeting.status)]


def allows(meeting: Meeting, step: Step) -> bool:
    return stage(meeting) in TRANSITIONS[step][0]


def _refusal(step: Step, current: Stage) -> str:
    if current == Stage.CANCELLED:
        return _("Mødet er aflyst.")
    messages = {
        Step.PUBLISH_AGENDA: _("Dagsordenen er allerede offentliggjort."),
        Step.MARK_HELD: _("Mødet er allerede afholdt eller aflyst."),
        Step.APPROVE_MINUTES: _("Kun referatet fra et afholdt møde, der ikke er godkendt, "
                                "kan godkendes."),
        Step.REOPEN_MINUTES: _("Referatet er ikke godkendt."),
        Step.PUBLISH_MINUTES: _("Referatet skal godkendes, før det kan offentliggøres."),
        Step.CORRECT_MINUTES: _("Kun et offentliggjort referat kan rettes."),
        Step.WITHDRAW_MINUTES: _("Kun et offentliggjort referat kan trækkes tilbage."),
        Step.CANCEL: _("Et møde, der er afholdt, kan ikke aflyses."),
    }
    return messages[step]


def check(meeting: Meeting, step: Step) -> None:
    current = stage(meeting)
    if current not in TRANSITIONS[step][0]:
        raise TransitionRefused(_refusal(step, current))


def advance(meeting: Meeting, step: Step, *, acting_user: Any = None,
            now: dt.datetime | None = None) -> list[str]:
    """Move a locked meeting row one step: checks the stage, sets the status and the step's
    own fields, and returns the fields changed (for `save(update_fields=...)`, which the
    caller does inside its transaction, with whatever else it changes)."""
    check(meeting, step)
    now = now or timezone.now()
    target = TRANSITIONS[step][1]
    meeting.status = _STAGE_STATUS[target]
    fields = ["status", "modified"]
    if step == Step.PUBLISH_AGENDA:
        meeting.agenda_published_at = now
        fields.append("agenda_published_at")
    elif step == Step.APPROVE_MINUTES:
        meeting.minutes_approved_at, meeting.minutes_approved_by = now, acting_user
        fields += ["minutes_approved_at", "minutes_approved_by"]
    elif step == Step.REOPEN_MINUTES:
        meeting.minutes_approved_at, meeting.minutes_approved_by = None, None
        fields += ["minutes_approved_at", "minutes_approved_by"]
    elif step == Step.PUBLISH_MINUTES:
        if meeting.minutes_published_at is None:
            meeting.minutes_published_at = now
            fields.append("minutes_published_at")
        # Public again: the withdrawal is over. Its record stays in the history.
        meeting.minutes_withdrawn_at = meeting.minutes_withdrawn_by = None
        meeting.minutes_withdrawal_reason = ""
        fields += ["minutes_withdrawn_at", "minutes_withdrawn_by", "minutes_withdrawal_reason"]
    elif step == Step.WITHDRAW_MINUTES:
        meeting.minutes_withdrawn_at, meeting.minutes_withdrawn_by = now, acting_user
        # The easy-read version retells the withdrawn minutes: it is published anew later.
        meeting.easy_read_published_at = None
        fields += ["minutes_withdrawn_at", "minutes_withdrawn_by", "easy_read_published_at"]
    elif step == Step.CANCEL:
        meeting.cancelled_at = now
        fields.append("cancelled_at")
    if acting_user is not None:
        # django-simple-history reads the acting user from this attribute on save.
        meeting._history_user = acting_user  # type: ignore[attr-defined]
    return fields
