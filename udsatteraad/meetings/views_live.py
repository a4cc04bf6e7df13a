"""The live minutes page's writes (issue 16): one form for the whole page, so a save never
throws away what was typed elsewhere on it, and an autosave of one field at a time (htmx),
plus the approval loop's two actions.

No typed text is lost: the save-everything view saves each field that changed, every field on
its own, and shows the page again with the typed text wherever a save was refused (another
person saved that decision meanwhile: the optimistic revision of `minutes.set_decision`), next
to the text that was saved. A decision the person did not touch is left alone: the form
carries a digest of the text it was loaded with (`item-N-base`), so someone else's newer
text is not overwritten by a stale copy nor reported as a conflict.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Person
from udsatteraad.policy.access import (
    access_attendance,
    access_called_substitute,
    access_council,
    access_meeting,
    access_member_meeting,
    access_minority_statement,
    login_required_2fa,
    posted_id,
)

from . import approval, minutes, rules
from .models import AgendaItem, Attendance, Meeting
from .views_minutes import (
    MinorityForm,
    ParticipantForm,
    _member_page,
    _minutes_response,
    _page,
)

digest = minutes.decision_digest


def _saved_at() -> str:
    return _("Gemt kl. %(time)s") % {"time": time_format(timezone.localtime(), "H.i")}


# The revisions this session wrote last, per item: an autosave still carrying the revision
# from before this page's own previous autosave (sent while that one was under way) is not
# "someone else's change".
_OWN = "live_minutes_revisions"


def _save_decision(item: AgendaItem, data, session=None) -> dict | None:
    """Save one posted decision if it changed. None when saved or untouched; otherwise what
    the page shows: the refusal, the saved text, and the typed text with the new revision."""
    prefix = f"item-{item.pk}"
    if f"{prefix}-decision" not in data:
        return None
    typed = data.get(f"{prefix}-decision", "")
    if data.get(f"{prefix}-base") == digest(typed):
        return None  # untouched since it was loaded or last saved
    try:
        revision = int(data.get(f"{prefix}-revision", ""))
    except ValueError:
        revision = 0
    own = session.get(_OWN, {}) if session is not None else {}
    if own.get(str(item.pk)) == [revision, item.revision]:
        revision = item.revision  # this page's own previous save, still on its way back
    try:
        saved = minutes.set_decision(item=item, decision=typed, revision=revision)
    except minutes.StaleRevision as e:
        if digest(e.item.decision) == digest(typed):
            # The same text is saved already (this page's autosave, fired as the field lost
            # focus to the save button, got there first): nothing to lose, nothing to report.
            return None
        # The typed text stays; the revision moves on, so saving again is a deliberate choice.
        return {"message": str(e), "saved": e.item.decision, "typed": typed,
                "revision": e.item.revision}
    if session is not None:
        session[_OWN] = {**own, str(item.pk): [revision, saved.revision]}
    return None


def _save_attendance(meeting: Meeting, data, only: int | None = None) -> None:
    people = {m.person_id: m.person for m in minutes.council_members(meeting)}
    for person_id, person in people.items():
        if only is not None and person_id != only:
            continue
        status = data.get(f"status-{person_id}")
        if not status:
            continue
        if status not in Attendance.Status.values:
            raise minutes.MinutesError(_("Vælg til stede, afbud eller fraværende."))
        minutes.record_attendance(meeting=meeting, person=person, status=status)


def _substitutes(meeting: Meeting, data) -> None:
    """The attendance section's substitute buttons: call one in for an absent member, or
    take a called-in substitute off the list."""
    if data.get("call_substitute"):
        absent_id = posted_id(data.get("call_substitute"))
        absent = Person.objects.filter(pk=absent_id).first()
        substitute = Person.objects.filter(
            pk=posted_id(data.get(f"substitute-{absent_id}"))).first()
        if absent is None or substitute is None:
            raise rules.RuleRefused(_("Vælg den suppleant, der skal indkaldes."))
        rules.call_substitute(meeting=meeting, absent=absent, substitute=substitute)
    if data.get("remove_substitute"):
        rules.remove_substitute(attendance=access_called_substitute(
            meeting, posted_id(data.get("remove_substitute"))))


@login_required_2fa
def minutes_save(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """The whole minutes page in one form (works without JavaScript): attendance, every
    decision, a new guest and minority statements that were typed, then the button's own
    action (remove a guest or a statement)."""
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    data = request.POST
    people = minutes.minutes_people(meeting)
    stale: dict[int, dict] = {}
    minority_forms: dict[int, MinorityForm] = {}
    participant_form = None
    error = None
    try:
        _save_attendance(meeting, data)
        for item in meeting.items.all():
            conflict = _save_decision(item, data, request.session)
            if conflict:
                stale[item.pk] = conflict
            form = MinorityForm(data, prefix=f"minority-{item.pk}", people=people)
            wanted = data.get("add_minority") == str(item.pk)
            if wanted or data.get(f"minority-{item.pk}-text", "").strip():
                if form.is_valid():
                    minutes.add_minority_statement(
                        item=item, text=form.cleaned_data["text"],
                        members=list(form.cleaned_data["members"]))
                else:
                    minority_forms[item.pk] = form
        if data.get("add_participant") or data.get("guest-name", "").strip():
            guest = ParticipantForm(data, prefix="guest")
            if guest.is_valid():
                minutes.add_participant(meeting=meeting, **guest.cleaned_data)
            else:
                participant_form = guest
        if data.get("remove_participant"):
            minutes.remove_participant(attendance=access_attendance(
                meeting, posted_id(data.get("remove_participant"))))
        if data.get("remove_statement"):
            minutes.remove_minority_statement(statement=access_minority_statement(
                meeting, posted_id(data.get("remove_statement"))))
        _substitutes(meeting, data)
    except (minutes.MinutesError, rules.RuleRefused) as e:
        error = str(e)
    if not (stale or minority_forms or participant_form or error):
        messages.success(request, _("Referatet er gemt.") + " " + _saved_at() + ".")
        return redirect(_page(council, meeting))
    meeting.refresh_from_db()
    status = 409 if stale else 400
    return _minutes_response(request, council, meeting, {
        "status": status, "error": error, "stale": stale, "minority_forms": minority_forms,
        "participant_form": participant_form})


_FIELD = re.compile(r"^(?:item-(?P<item>\d+)-decision|status-(?P<person>\d+))$")


@login_required_2fa
def minutes_autosave(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """htmx: save the one field named in `field` as it changes; answers the field's state as
    an HTML fragment ("Gemt kl. 17.42", or the conflict with the saved text)."""
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    match = _FIELD.match(request.POST.get("field", ""))
    if not match:
        return HttpResponseBadRequest(_("Ukendt felt."))
    ctx: dict = {"saved_at": None, "error": None}
    if match["person"]:
        try:
            _save_attendance(meeting, request.POST, only=int(match["person"]))
            ctx["saved_at"] = _saved_at()
        except minutes.MinutesError as e:
            ctx["error"] = str(e)
        return render(request, "meetings/minutes/_saved.html", ctx)
    item = meeting.items.filter(pk=int(match["item"])).first()
    if item is None:
        return HttpResponseBadRequest(_("Ukendt felt."))
    typed = request.POST.get(f"item-{item.pk}-decision", "")
    conflict = None
    try:
        conflict = _save_decision(item, request.POST, request.session)
    except minutes.MinutesError as e:
        ctx["error"] = str(e)
    item.refresh_from_db()
    if conflict:
        # Their text stays in the field; the next change saves it over the other one's.
        ctx.update({"stale": conflict, "base": digest(conflict["saved"]),
                    "revision": conflict["revision"]})
    elif ctx["error"]:
        ctx.update({"stale": None, "base": request.POST.get(f"item-{item.pk}-base", ""),
                    "revision": item.revision})
    else:
        ctx.update({"stale": None, "base": digest(typed), "revision": item.revision,
                    "saved_at": _saved_at()})
    ctx["item"] = item
    return render(request, "meetings/minutes/_decision_state.html", ctx)


# The approval loop -------------------------------------------------------------------------


@login_required_2fa
def minutes_request_approval(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        approval.request_approval(meeting=meeting, user=request.user)
    except minutes.MinutesError as e:
        return _minutes_response(request, council, meeting, {"status": 400, "error": str(e)})
    messages.success(request, _("Referatet er sendt til godkendelse."))
    return redirect(_page(council, meeting))


@login_required_2fa
def member_send_back(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The approver sends the minutes back with a comment (from the member's meeting page)."""
    meeting, roles = access_member_meeting(request, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    comment = request.POST.get("comment", "")
    try:
        if approval.open_round(meeting) is not None:
            # A written round: the member's objection (it goes to the secretariat).
            approval.answer_round(meeting=meeting, user=request.user, approved=False,
                                  comment=comment)
            messages.success(request, _("Din indsigelse er sendt til sekretariatet, som "
                                        "tager stilling til den."))
            return redirect("meetings:member-meeting", meeting.pk)
        approval.send_back(meeting=meeting, user=request.user, comment=comment)
    except minutes.MinutesError as e:
        return _member_page(request, meeting, roles, error=str(e), comment=comment)
    messages.success(request, _("Referatet er sendt tilbage til sekretariatet med din "
                                "kommentar."))
    return redirect("meetings:member-meeting", meeting.pk)
