"""The meeting and its minutes: attendance, decisions, minority statements, approval and
publication (capabilities.md section 3, "The meeting and its minutes").

Published minutes never change silently. Publishing stores a MinutesVersion with a snapshot
of the minutes; the public page renders the latest snapshot, so edits made after publication
stay invisible until the secretariat publishes them as a correction: a new version with a
note saying what was corrected.

Published minutes can be withdrawn (published by mistake, or naming a citizen): the meeting
goes back to approved minutes, so every public view (meeting page, PDF, feeds, OParl, search)
shows the agenda's items by title only (their text goes with the minutes, `public.withdrawn_q`),
and publishing again is a new version with a note.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from udsatteraad.councils.models import Membership, Person
from udsatteraad.policy import lifecycle
from udsatteraad.policy.lifecycle import Stage, Step
from udsatteraad.policy.permissions import can_approve_minutes
from udsatteraad.policy.projection import attendance_record, item_record
from udsatteraad.policy.public import follow_publication

from . import guarding
from .models import AgendaItem, Attachment, Attendance, Meeting, MinorityStatement, MinutesVersion

Status = Meeting.Status


class MinutesError(Exception):
    """A refused minutes action; the message is Danish and meant for the user."""


class StaleRevision(MinutesError):
    def __init__(self, item: AgendaItem):
        super().__init__(_(
            "Punktet er blevet ændret af en anden, mens du skrev. Din tekst er ikke gemt, men "
            "vist herunder sammen med den gemte tekst. Ret den til, og gem igen."))
        self.item = item


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.start)


def council_members(meeting: Meeting):
    """The memberships of the meeting's council on the meeting day (the attendance list).
    Substitutes hold no seat: they come on the list when called in (`rules.call_substitute`)."""
    return (
        Membership.objects.filter(council_id=meeting.council_id, is_substitute=False)
        .active_on(meeting_day(meeting))
        .select_related("person", "seat_group")
        .order_by("seat_group__position", "person__name")
    )


def minutes_people(meeting: Meeting):
    """Who may stand behind a minority statement: the members on the day and the
    substitutes called in for them."""
    return Person.objects.filter(
        Q(pk__in=council_members(meeting).values("person_id"))
        | Q(pk__in=meeting.attendance.exclude(substitute_for=None).values("person_id")))


def _editable(meeting_id: int) -> Meeting:
    """The meeting, freshly read and locked for this transaction: callers' copies may be
    stale (its status changes as the minutes move on)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if lifecycle.stage(meeting) not in lifecycle.MINUTES_WRITABLE:
        raise MinutesError(_("Mødet er aflyst, så der kan ikke skrives referat."))
    return meeting


def withdraw_approval_on_change(meeting: Meeting) -> bool:
    """An approval covers the text that was approved: a later change needs a new approval.
    Returns True when an approval was withdrawn. Published minutes keep their status; the
    change waits for a correction. So do withdrawn minutes (see is_withdrawn): the council
    approved them, and what is changed before they are published again is a correction with
    a note, as it would have been while they were public."""
    if not lifecycle.allows(meeting, Step.REOPEN_MINUTES):
        return False
    meeting.save(update_fields=lifecycle.advance(meeting, Step.REOPEN_MINUTES))
    return True


# Attendance -------------------------------------------------------------------------------


def record_attendance(*, meeting: Meeting, person: Person, status: str, note: str | None = None,
                      kind: str = Attendance.Kind.MEMBER) -> Attendance:
    """Record one person's attendance (the secretariat's register, or a member's own
    "Jeg kommer" / "Afbud"). A note of None leaves an existing note alone."""
    if status not in Attendance.Status.values:
        raise MinutesError(_("Vælg til stede, afbud eller fraværende."))
    with transaction.atomic():
        meeting = _editable(meeting.pk)
        row, created = Attendance.objects.get_or_create(
            meeting=meeting, person=person,
            defaults={"status": status, "kind": kind, "note": note or ""},
        )
        if not created and (row.status != status or (note is not None and row.note != note)):
            row.status = status
            if note is not None:
                row.note = note
            row.save(update_fields=["status", "note", "reported_at"])
            withdraw_approval_on_change(meeting)
        elif created:
            withdraw_approval_on_change(meeting)
        return row


def add_participant(*, meeting: Meeting, name: str, organisation: str = "",
                    kind: str = Attendance.Kind.GUEST) -> Attendance:
    """A guest or advisory-group participant without a profile."""
    name = name.strip()
    if not name:
        raise MinutesError(_("Skriv deltagerens navn."))
    if kind not in Attendance.Kind.values or kind == Attendance.Kind.MEMBER:
        raise MinutesError(_("Vælg gæst, faglig sparringsgruppe eller sekretariat."))
    with transaction.atomic():
        meeting = _editable(meeting.pk)
        # Under the meeting's lock: a double submit finds the row the first one added.
        if Attendance.objects.filter(meeting=meeting, person=None, name=name,
                                     organisation=organisation.strip(), kind=kind).exists():
            raise MinutesError(_("Deltageren er allerede på listen."))
        row = Attendance.objects.create(meeting=meeting, name=name,
                                        organisation=organisation.strip(), kind=kind,
                                        status=Attendance.Status.PRESENT)
        withdraw_approval_on_change(meeting)
        return row


def remove_participant(*, attendance: Attendance) -> None:
    with transaction.atomic():
        meeting = _editable(attendance.meeting_id)
        attendance.delete()
        withdraw_approval_on_change(meeting)


# Decisions and minority statements ---------------------------------------------------------


def set_decision(*, item: AgendaItem, decision: str, revision: int) -> AgendaItem:
    """Save an item's decision if nobody saved the item since `revision` was read (the same
    filtered-UPDATE claim as agenda.save_item, so of two concurrent saves exactly one wins).
    Raises StaleRevision with the current item otherwise, so the caller can show the typed
    text back next to the saved one."""
    with transaction.atomic():
        meeting = _editable(item.meeting_id)
        current = AgendaItem.objects.get(pk=item.pk)
        claimed = AgendaItem.objects.filter(pk=item.pk, revision=revision).update(
            revision=F("revision") + 1)
        if not claimed:
            raise StaleRevision(AgendaItem.objects.get(pk=item.pk))
        current.revision = revision + 1
        decision = decision.strip()
        if current.decision != decision:
            current.decision = decision
            current.save(update_fields=["decision", "modified"])  # also the history row
            withdraw_approval_on_change(meeting)
        if decision and current.approves_minutes_of_id:
            # "Godkendelse af referat fra mødet den ...": the council's decision on the item
            # approves the previous minutes (RulesOfProcedure.MinutesApproval.NEXT_MEETING).
            from .approval import approve_by_council

            approve_by_council(meeting_id=current.approves_minutes_of_id, quiet=True,
                               comment=_("Godkendt af rådet på mødet den %(date)s.") % {
                                   "date": date_format(timezone.localtime(meeting.start),
                                                       "j. F Y")})
        return current


def decision_digest(text: str) -> str:
    """A short digest of a decision as a form carries it (browsers post CRLF line breaks): the
    live minutes page sends the digest of the text it was loaded with, so a decision nobody
    touched is not saved over a newer one (views_live)."""
    normal = text.replace("\r\n", "\n").strip()
    return hashlib.sha256(normal.encode()).hexdigest()[:20]


def dissent_allowed(meeting: Meeting) -> bool:
    """Minority statements, unless the rules of procedure explicitly rule them out."""
    return meeting.council.rules().dissent_recorded is not False


def add_minority_statement(*, item: AgendaItem, text: str,
                           members: list[Person]) -> MinorityStatement:
    if not dissent_allowed(item.meeting):
        raise MinutesError(_("Rådets forretningsorden giver ikke mulighed for at føre "
                             "mindretalsudtalelser til referat."))
    text = text.strip()
    if not text:
        raise MinutesError(_("Skriv mindretallets udtalelse."))
    if not members:
        raise MinutesError(_("Vælg de medlemmer, der står bag udtalelsen."))
    with transaction.atomic():
        meeting = _editable(item.meeting_id)
        allowed = set(minutes_people(meeting).values_list("pk", flat=True))
        if any(p.pk not in allowed for p in members):
            raise MinutesError(_("Kun rådets medlemmer på mødedagen kan stå bag en "
                                 "mindretalsudtalelse."))
        # The meeting row is locked (_editable), so a double submit waits here and finds the
        # first: the same text from the same members is one statement, not two.
        wanted = {p.pk for p in members}
        for existing in MinorityStatement.objects.filter(item=item, text=text):
            if set(existing.members.values_list("pk", flat=True)) == wanted:
                raise MinutesError(_("Mindretalsudtalelsen er allerede tilføjet."))
        statement = MinorityStatement.objects.create(item=item, text=text)
        statement.members.set(members)
        withdraw_approval_on_change(meeting)
        return statement


def remove_minority_statement(*, statement: MinorityStatement) -> None:
    with transaction.atomic():
        meeting = _editable(statement.item.meeting_id)
        statement.delete()
        withdraw_approval_on_change(meeting)


# The minutes' states ---------------------------------------------------------------------


def mark_held(*, meeting: Meeting, acting_user=None) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check(meeting, Step.MARK_HELD)
        if meeting.start > timezone.now():
            raise MinutesError(_("Mødet er ikke begyndt endnu."))
        meeting.save(update_fields=lifecycle.advance(meeting, Step.MARK_HELD,
                                                     acting_user=acting_user))
        from . import rules

        if rules.uses_next_meeting(meeting) and (later := rules.next_planned(meeting)):
            rules.add_approval_item(meeting=later, previous=meeting)
    return meeting


def _check(meeting: Meeting, step: Step) -> None:
    """The life cycle's refusal as this module's error (the views show its message)."""
    try:
        lifecycle.check(meeting, step)
    except lifecycle.TransitionRefused as e:
        raise MinutesError(str(e)) from e


def can_be_approved(meeting: Meeting) -> bool:
    return (lifecycle.allows(meeting, Step.APPROVE_MINUTES)
            and meeting.items.exclude(decision="").exists())


def approve_minutes(*, meeting: Meeting, user) -> Meeting:
    """Approve the draft minutes: allowed for whoever the council's rules of procedure name
    (the chair by default); PermissionDenied for anyone else."""
    if not can_approve_minutes(user, meeting.council):
        raise PermissionDenied(_("Du må ikke godkende referatet for dette møde."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check(meeting, Step.APPROVE_MINUTES)
        if not meeting.items.exclude(decision="").exists():
            raise MinutesError(_("Referatet har ingen beslutninger endnu."))
        meeting.save(update_fields=lifecycle.advance(meeting, Step.APPROVE_MINUTES,
                                                     acting_user=user))
        return meeting


# Snapshots and publication -----------------------------------------------------------------


@translation.override("da")  # the published record is Danish, whoever publishes
def minutes_snapshot(meeting: Meeting) -> dict:
    """The minutes as published: meeting facts, attendance (names, no contact data) and
    every open item in full with its decision and minority statements; closed items by
    title only (rows built by the public projection, `policy.projection.item_record`).
    Keys are stable so consecutive snapshots can be compared."""
    items = (
        meeting.items.order_by("position", "number", "id")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("position", "id")),
            Prefetch("minority_statements",
                     queryset=MinorityStatement.objects.prefetch_related("members")),
        )
    )
    attendance = attendance_record(meeting, with_quorum=True)
    rows = [item_record(item, with_minutes=True, attachments=item.attachments.all(),
                        statements=item.minority_statements.all()) for item in items]
    return {
        "meeting": {
            "title": meeting.title, "council": meeting.council.name,
            "kind": meeting.kind, "kind_label": meeting.get_kind_display(),
            "start": meeting.start.isoformat(),
            "end": meeting.end.isoformat() if meeting.end else None,
            "place": meeting.place,
        },
        "approved_at": (meeting.minutes_approved_at.isoformat()
                        if meeting.minutes_approved_at else None),
        "attendance": attendance,
        "items": rows,
    }


def is_withdrawn(meeting: Meeting) -> bool:
    """Minutes that were published and then withdrawn. The status is checked as well: a
    reload that moves the meeting back (to held, say) leaves the withdrawal fields behind."""
    return lifecycle.stage(meeting) == Stage.MINUTES_WITHDRAWN


def publish_minutes(*, meeting: Meeting, user, change_note: str = "") -> MinutesVersion:
    """First publication: approved minutes become version 1. After that every publication
    is a correction: it needs a note and creates the next version. Publishing withdrawn
    minutes again is such a publication too, allowed without changes (the withdrawal may
    itself have been the mistake)."""
    change_note = change_note.strip()
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("council", "venue")
            .get(pk=meeting.pk)
        )
        latest = meeting.minutes_versions.order_by("-number").first()
        now = timezone.now()
        current = lifecycle.stage(meeting)
        step = Step.CORRECT_MINUTES if current == Stage.MINUTES_PUBLISHED else Step.PUBLISH_MINUTES
        _check(meeting, step)
        if latest is not None:
            if not change_note:
                if current == Stage.MINUTES_WITHDRAWN:
                    raise MinutesError(_("Skriv en note om, hvad der er rettet, før det "
                                         "tilbagekaldte referat offentliggøres igen. Noten "
                                         "vises på den offentlige side."))
                raise MinutesError(_("Skriv en note om, hvad der er rettet. Rettelser i et "
                                     "offentliggjort referat vises med en note."))
        snapshot = minutes_snapshot(meeting)
        if (latest is not None and meeting.status == Status.MINUTES_PUBLISHED
                and snapshot_changes(latest.snapshot, snapshot) == []):
            raise MinutesError(_("Der er ingen ændringer i referatet siden seneste version."))
        # Personal data stops publication (guard.PublicationBlocked): the snapshot is what
        # the public will read, the note is shown with it, the agenda's texts come along.
        guarding.check([*guarding.agenda_texts(meeting), *guarding.snapshot_texts(snapshot),
                        (_("Note om rettelsen"), change_note)], council=meeting.council)
        version = MinutesVersion.objects.create(
            meeting=meeting, number=(latest.number + 1) if latest else 1, published_at=now,
            published_by=user, change_note=change_note, snapshot=snapshot,
        )
        if step == Step.PUBLISH_MINUTES:
            meeting.save(update_fields=lifecycle.advance(meeting, step, acting_user=user,
                                                         now=now))
        follow_publication(meeting)
        return version


def ensure_first_version(*, meeting: Meeting) -> MinutesVersion | None:
    """Minutes published outside the system (a loaded demo or imported meeting) get their
    version 1 from the loaded text; idempotent, so reloading adds no version."""
    if meeting.status != Status.MINUTES_PUBLISHED:
        return None
    with transaction.atomic():
        existing = meeting.minutes_versions.order_by("number").first()
        if existing is not None:
            return existing
        version = _first_version(meeting)
        follow_publication(meeting)
        return version


def _first_version(meeting: Meeting) -> MinutesVersion:
    """Version 1 from the live text: what the public page shows of published minutes that
    have no version yet."""
    published_at = meeting.minutes_published_at or meeting.end or meeting.start
    if meeting.minutes_published_at is None:
        meeting.minutes_published_at = published_at
        meeting.save(update_fields=["minutes_published_at"])
    return MinutesVersion.objects.create(
        meeting=meeting, number=1, published_at=published_at,
        snapshot=minutes_snapshot(meeting),
    )


# Withdrawal ------------------------------------------------------------------------------

# Long enough to explain, short enough to show on the public page.
WITHDRAWAL_REASON_LENGTH = 2000


def withdraw_minutes(*, meeting: Meeting, user, reason: str) -> Meeting:
    """Take published minutes off the public site, e.g. published by mistake or naming a
    citizen. The council's approval stands, so the meeting goes back to approved minutes:
    the public page shows the agenda without decisions (and a notice with the reason), the
    minutes PDF, the easy-read version, the feeds' entries and OParl's minutes are gone (they
    follow the status), and the search index drops the decisions. Who, when and why are
    kept on the meeting while it is withdrawn and in its history for good. The published
    versions are kept as the record; publishing again needs a note and becomes the next
    version."""
    reason = reason.strip()
    if not reason:
        raise MinutesError(_("Skriv, hvorfor referatet trækkes tilbage."))
    if len(reason) > WITHDRAWAL_REASON_LENGTH:
        raise MinutesError(_("Begrundelsen må højst være %(n)s tegn.")
                           % {"n": WITHDRAWAL_REASON_LENGTH})
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("council", "venue")
            .get(pk=meeting.pk)
        )
        _check(meeting, Step.WITHDRAW_MINUTES)
        if not meeting.minutes_versions.exists():
            # Minutes published outside the system (imported): keep what the public saw.
            _first_version(meeting)
        fields = lifecycle.advance(meeting, Step.WITHDRAW_MINUTES, acting_user=user)
        meeting.minutes_withdrawal_reason = reason
        meeting.save(update_fields=[*fields, "minutes_withdrawal_reason"])
        follow_publication(meeting, was_public=True)
    return meeting


def kept_withdrawn_warning(meeting: Meeting) -> str:
    """What an import or a reload reports when its file says the minutes are published but
    they are withdrawn here: the file is older than the withdrawal, so it does not undo it."""
    return _("Referatet til »%(title)s« blev trukket tilbage den %(date)s og er stadig trukket "
             "tilbage, selv om filen siger, at det er offentliggjort. Offentliggør det igen fra "
             "referatsiden med en note, når det er rettet.") % {
        "title": meeting.title,
        "date": date_format(timezone.localtime(meeting.minutes_withdrawn_at), "j. F Y"),
    }


# Comparing versions ----------------------------------------------------------------------

FIELD_LABELS = {
    "case_number": gettext_lazy("Sagsnummer"), "summary": gettext_lazy("Resumé"),
    "recommendations": gettext_lazy("Indstilling"), "decision": gettext_lazy("Beslutning"),
    "case_presentation": gettext_lazy("Sagsfremstilling"),
    "minority_statements": gettext_lazy("Mindretalsudtalelser"),
    "time": gettext_lazy("Tidspunkt"), "attachments": gettext_lazy("Bilag"),
}
ATTENDANCE_LABELS = (("present", gettext_lazy("Til stede")), ("apology", gettext_lazy("Afbud")),
                     ("absent", gettext_lazy("Fraværende")))
_WORDS = re.compile(r"\s+|[^\s]+")


def _field_text(row: dict, field: str) -> str:
    if field == "recommendations":
        return "\n".join(f"{n}. at {r}" for n, r in enumerate(row.get(field) or [], start=1))
    if field == "minority_statements":
        return "\n\n".join(f"{s['text']} ({', '.join(s['members'])})"
                           for s in row.get(field) or [])
    if field == "time":
        return "–".join(t for t in (row.get("start_time"), row.get("end_time")) if t)
    if field == "attachments":
        return "\n".join(a["title"] for a in row.get(field) or [])
    return row.get(field) or ""


def _marked(old: str, new: str) -> tuple[list, list]:
    """Word-level difflib comparison: (old segments, new segments), each segment a pair
    (changed, text) for the template to mark up as <del>/<ins>."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    old_parts: list = []
    new_parts: list = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        changed = op != "equal"
        if i2 > i1:
            old_parts.append((changed, "".join(a[i1:i2])))
        if j2 > j1:
            new_parts.append((changed, "".join(b[j1:j2])))
    return old_parts, new_parts


def snapshot_changes(old: dict, new: dict) -> list[dict]:
    """What changed from one snapshot to the next, per item and field."""
    changes: list[dict] = []

    def change(label: str, field_label: str, before: str, after: str,
               item_id: int | None = None) -> None:
        old_parts, new_parts = _marked(before, after)
        changes.append({"item": label, "item_id": item_id, "field": field_label,
                        "old": before, "new": after,
                        "old_parts": old_parts, "new_parts": new_parts})

    old_att, new_att = old.get("attendance") or {}, new.get("attendance") or {}
    for key, label in ATTENDANCE_LABELS:
        before, after = ", ".join(old_att.get(key, [])), ", ".join(new_att.get(key, []))
        if before != after:
            change(_("Fremmøde"), str(label), before, after)
    before = ", ".join(p["name"] for p in old_att.get("others", []))
    after = ", ".join(p["name"] for p in new_att.get("others", []))
    if before != after:
        change(_("Fremmøde"), _("Gæster og andre deltagere"), before, after)

    old_items = {row["id"]: row for row in old.get("items", [])}
    new_ids = {row["id"] for row in new.get("items", [])}
    for row in new.get("items", []):
        prev = old_items.get(row["id"])
        if prev is None:
            change(row["label"], _("Punktet er tilføjet"), "", row["label"], row["id"])
            continue
        if prev["label"] != row["label"]:
            change(row["label"], _("Titel"), prev["label"], row["label"], row["id"])
        if not (prev["is_public"] and row["is_public"]):
            if prev["is_public"] != row["is_public"]:
                change(row["label"], _("Åbent eller lukket punkt"),
                       _("Åbent") if prev["is_public"] else _("Lukket"),
                       _("Åbent") if row["is_public"] else _("Lukket"), row["id"])
            continue
        for field in ("case_number", "summary", "recommendations", "decision",
                      "case_presentation", "minority_statements", "time", "attachments"):
            before, after = _field_text(prev, field), _field_text(row, field)
            if before != after:
                change(row["label"], str(FIELD_LABELS[field]), before, after, row["id"])
    for item_id, prev in old_items.items():
        if item_id not in new_ids:
            change(prev["label"], _("Punktet er fjernet"), prev["label"], "", item_id)
    return changes
