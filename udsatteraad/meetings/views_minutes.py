"""The minutes: the secretariat's minutes page and publication, and the member's meeting page
(agenda, "Jeg kommer" / "Afbud", approval of the minutes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from udsatteraad.councils.models import Person
from udsatteraad.lib.formfields import ModelMultipleChoiceField
from udsatteraad.policy import lifecycle
from udsatteraad.policy.access import (
    access_agenda_item,
    access_attendance,
    access_council,
    access_meeting,
    access_member_meeting,
    access_minority_statement,
    login_required_2fa,
    posted_id,
)
from udsatteraad.policy.guard import PublicationBlocked
from udsatteraad.policy.permissions import (
    can_answer_minutes_round,
    can_approve_minutes,
    can_convene_extraordinary,
    can_manage_council,
    can_report_attendance,
    can_request_extraordinary,
)
from udsatteraad.policy.public import is_public_meeting
from udsatteraad.policy.roles import roles_in

from . import approval, guarding, minutes, rules
from .models import Attachment, Attendance, Meeting, MinorityStatement

Status = Meeting.Status


# Object access for this module's rows (to move to policy/access.py) ----------------------


# Forms -----------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    decision = forms.CharField(label=gettext_lazy("Beslutning"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class MinorityForm(forms.Form):
    # Part of the minutes page's one form: an empty statement must not block saving the rest.
    use_required_attribute = False

    text = forms.CharField(label=gettext_lazy("Mindretalsudtalelse"),
                           widget=forms.Textarea(attrs={"rows": 3}))
    members = ModelMultipleChoiceField(
        label=gettext_lazy("Medlemmer bag udtalelsen"), queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Vælg de medlemmer, der står bag "
                                                 "udtalelsen.")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people


class ParticipantForm(forms.Form):
    use_required_attribute = False  # part of the minutes page's one form, as MinorityForm

    name = forms.CharField(label=gettext_lazy("Navn"), max_length=200)
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=200,
                                   required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Deltager som"),
        choices=[c for c in Attendance.Kind.choices if c[0] != Attendance.Kind.MEMBER],
    )


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=gettext_lazy("Hvad er rettet?"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Noten vises på den offentlige side sammen med rettelsen."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Hvorfor trækkes referatet tilbage?"),
        max_length=minutes.WITHDRAWAL_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For eksempel »Offentliggjort ved en fejl« eller »Nævner en "
                               "borger ved navn«. Begrundelsen vises på den offentlige side. "
                               "Højst 2.000 tegn."),
        error_messages={
            "required": gettext_lazy("Skriv, hvorfor referatet trækkes tilbage."),
            "max_length": gettext_lazy("Begrundelsen må højst være %(limit_value)d tegn (den "
                                       "har %(show_value)d)."),
        },
    )


class OwnAttendanceForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Bemærkning (valgfri)"), max_length=300,
                           required=False)


# The secretariat's minutes page ----------------------------------------------------------


def _page(council, meeting) -> str:
    return reverse("meetings:minutes", args=[council.slug, meeting.pk])


def _minutes_context(meeting: Meeting, *, decision_forms=None, minority_forms=None,
                     stale=None) -> dict:
    decision_forms = decision_forms or {}
    minority_forms = minority_forms or {}
    stale = stale or {}
    memberships = list(minutes.council_members(meeting))
    people = minutes.minutes_people(meeting)
    rows = {a.person_id: a for a in meeting.attendance.all() if a.person_id}
    members = [{"membership": m, "attendance": rows.get(m.person_id)} for m in memberships]
    rules_ctx = rules.minutes_context(meeting, members)
    items: list[Any] = list(meeting.items.order_by("position", "number", "id").prefetch_related(
        Prefetch("minority_statements",
                 queryset=MinorityStatement.objects.prefetch_related("members"))))
    for item in items:  # the forms ride on the items for the template
        item.decision_form = decision_forms.get(item.pk) or DecisionForm(
            prefix=f"item-{item.pk}",
            initial={"decision": item.decision, "revision": item.revision})
        item.minority_form = minority_forms.get(item.pk) or MinorityForm(
            prefix=f"minority-{item.pk}", people=people)
        item.stale = stale.get(item.pk)
        # The one form's decision field: the typed text after a refused save, else the saved.
        item.typed = item.stale["typed"] if item.stale else item.decision
        item.rev = item.stale["revision"] if item.stale else item.revision
        item.base = minutes.decision_digest(item.stale["saved"] if item.stale else item.decision)
    versions = list(meeting.minutes_versions.order_by("-number"))
    pending = []
    if versions:
        pending = minutes.snapshot_changes(versions[0].snapshot, minutes.minutes_snapshot(meeting))
    return {
        "meeting": meeting, "members": members, "items": items, "versions": versions,
        "pending": pending, "withdrawn": minutes.is_withdrawn(meeting),
        "others": [a for a in meeting.attendance.all() if not a.person_id],
        "statuses": Attendance.Status.choices,
        "can_be_approved": minutes.can_be_approved(meeting),
        "approval_state": approval.state(meeting),
        "send_back": approval.latest_send_back(meeting),
        **rules_ctx,
    }


def _minutes_action(request, council, meeting, act) -> HttpResponse:
    """Run one of the minutes page's actions (`act(ctx_kwargs)` returns a response on
    success, None to show the page again with its bound form or error)."""
    ctx_kwargs: dict = {}
    was_approved = lifecycle.stage(meeting) == lifecycle.Stage.MINUTES_APPROVED
    try:
        response = act(ctx_kwargs)
    except minutes.MinutesError as e:
        response = None
        ctx_kwargs["status"] = 400
        ctx_kwargs["error"] = str(e)
    if response is not None:
        meeting.refresh_from_db()
        if was_approved and lifecycle.stage(meeting) == lifecycle.Stage.HELD:
            messages.warning(request, _("Referatet var godkendt. Ændringen betyder, at det "
                                        "skal godkendes igen."))
        return response
    return _minutes_response(request, council, meeting, ctx_kwargs)


@login_required_2fa
def minutes_page(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method not in ("GET", "HEAD"):
        # Each of the page's forms posts to its own URL (below).
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _minutes_response(request, council, meeting, {})


@login_required_2fa
def minutes_attendance(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])

    def act(ctx_kwargs: dict) -> HttpResponse | None:
        people = {m.person_id: m.person for m in minutes.council_members(meeting)}
        chosen = {pid: request.POST.get(f"status-{pid}") for pid in people}
        if any(s and s not in Attendance.Status.values for s in chosen.values()):
            raise minutes.MinutesError(_("Vælg til stede, afbud eller fraværende."))
        for person_id, status in chosen.items():
            if status:
                minutes.record_attendance(meeting=meeting, person=people[person_id],
                                          status=status)
        messages.success(request, _("Fremmødet er gemt."))
        return redirect(_page(council, meeting) + "#fremmoede")

    return _minutes_action(request, council, meeting, act)


@login_required_2fa
def minutes_participant(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])

    def act(ctx_kwargs: dict) -> HttpResponse | None:
        form = ParticipantForm(request.POST, prefix="guest")
        ctx_kwargs["participant_form"] = form
        if not form.is_valid():
            return None
        minutes.add_participant(meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Deltageren er tilføjet."))
        return redirect(_page(council, meeting) + "#fremmoede")

    return _minutes_action(request, council, meeting, act)


@login_required_2fa
def minutes_participant_remove(request: HttpRequest, slug: str, meeting_id: int
                               ) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    row = access_attendance(meeting, posted_id(request.POST.get("row")))

    def act(ctx_kwargs: dict) -> HttpResponse | None:
        minutes.remove_participant(attendance=row)
        messages.success(request, _("Deltageren er fjernet."))
        return redirect(_page(council, meeting) + "#fremmoede")

    return _minutes_action(request, council, meeting, act)


@login_required_2fa
def minutes_decision(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    item = access_agenda_item(meeting, posted_id(request.POST.get("item")))

    def act(ctx_kwargs: dict) -> HttpResponse | None:
        decision_form = DecisionForm(request.POST, prefix=f"item-{item.pk}")
        ctx_kwargs["decision_forms"] = {item.pk: decision_form}
        if not decision_form.is_valid():
            return None
        typed = decision_form.cleaned_data["decision"]
        try:
            minutes.set_decision(item=item, decision=typed,
                                 revision=decision_form.cleaned_data["revision"])
        except minutes.StaleRevision as e:
            # Keep what they typed; the hidden revision moves on so the next save is theirs.
            ctx_kwargs["decision_forms"] = {item.pk: DecisionForm(
                prefix=f"item-{item.pk}",
                initial={"decision": typed, "revision": e.item.revision})}
            ctx_kwargs["stale"] = {item.pk: {"message": str(e), "saved": e.item.decision,
                                             "typed": typed, "revision": e.item.revision}}
            ctx_kwargs["status"] = 409
            return None
        messages.success(request, _("Beslutningen til %(item)s er gemt.") % {"item": item})
        return redirect(_page(council, meeting) + f"#punkt-{item.pk}")

    return _minutes_action(request, council, meeting, act)


@login_required_2fa
def minutes_minority(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    item = access_agenda_item(meeting, posted_id(request.POST.get("item")))

    def act(ctx_kwargs: dict) -> HttpResponse | None:
        people_qs = minutes.minutes_people(meeting)
        minority_form = MinorityForm(request.POST, prefix=f"minority-{item.pk}",
                                     people=people_qs)
        ctx_kwargs["minority_forms"] = {item.pk: minority_form}
        if not minority_form.is_valid():
            return None
        minutes.add_minority_statement(item=item, text=minority_form.cleaned_data["text"],
                                       members=list(minority_form.cleaned_data["members"]))
        messages.success(request, _("Mindretalsudtalelsen er tilføjet."))
        return redirect(_page(council, meeting) + f"#punkt-{item.pk}")

    return _minutes_action(request, council, meeting, act)


@login_required_2fa
def minutes_minority_remove(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    statement = access_minority_statement(meeting, posted_id(request.POST.get("statement")))

    def act(ctx_kwargs: dict) -> HttpResponse | None:
        minutes.remove_minority_statement(statement=statement)
        messages.success(request, _("Mindretalsudtalelsen er fjernet."))
        return redirect(_page(council, meeting))

    return _minutes_action(request, council, meeting, act)


@login_required_2fa
def minutes_held(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])

    def act(ctx_kwargs: dict) -> HttpResponse | None:
        minutes.mark_held(meeting=meeting)
        messages.success(request, _("Mødet er markeret som afholdt."))
        return redirect(_page(council, meeting))

    return _minutes_action(request, council, meeting, act)


@login_required_2fa
def minutes_approve(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])

    def act(ctx_kwargs: dict) -> HttpResponse | None:
        approval.approve(meeting=meeting, user=request.user)
        messages.success(request, _("Referatet er godkendt."))
        return redirect(_page(council, meeting))

    return _minutes_action(request, council, meeting, act)


def _minutes_response(request, council, meeting, ctx_kwargs: dict) -> HttpResponse:
    status = ctx_kwargs.pop("status", 200)
    error = ctx_kwargs.pop("error", None)
    participant_form = ctx_kwargs.pop("participant_form", None) or ParticipantForm(
        prefix="guest")
    withdraw_form = ctx_kwargs.pop("withdraw_form", None) or WithdrawForm()
    ctx = _minutes_context(meeting, **ctx_kwargs)
    ctx.update({"council": council, "error": error, "participant_form": participant_form,
                "withdraw_form": withdraw_form,
                "can_approve": can_approve_minutes(request.user, council)})
    return render(request, "meetings/minutes/minutes.html", ctx, status=status)


@login_required_2fa
def withdraw(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """Take published minutes off the public site; the form is on the minutes page, which is
    shown again with the error when the reason is missing."""
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = WithdrawForm(request.POST)
    ctx_kwargs: dict = {"withdraw_form": form, "status": 400}
    if form.is_valid():
        try:
            minutes.withdraw_minutes(meeting=meeting, user=request.user,
                                     reason=form.cleaned_data["reason"])
        except minutes.MinutesError as e:
            ctx_kwargs["error"] = str(e)
        else:
            messages.success(request, _("Referatet er trukket tilbage. Den offentlige side viser "
                                        "nu kun punkternes titler. Ret referatet, og "
                                        "offentliggør det igen med en note."))
            return redirect(_page(council, meeting))
    return _minutes_response(request, council, meeting, ctx_kwargs)


@login_required_2fa
def publish_page(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    versions = list(meeting.minutes_versions.order_by("-number"))
    form = PublishForm(request.POST if request.method == "POST" else None)
    error = None
    guard_hits: list[dict] = []
    if request.method == "POST" and form.is_valid():
        withdrawn = minutes.is_withdrawn(meeting)
        guarding.accept_from_post(request.POST, council=council, user=request.user)
        try:
            version = minutes.publish_minutes(meeting=meeting, user=request.user,
                                              change_note=form.cleaned_data["change_note"])
        except minutes.MinutesError as e:
            error = str(e)
        except PublicationBlocked as e:
            guard_hits = guarding.hits_context(e.hits)
        else:
            if version.number == 1:
                messages.success(request, _("Referatet er offentliggjort. Skriv nu den lette "
                                            "udgave – eller gør det senere."))
                return redirect("easyread:editor", council.slug, meeting.pk)
            elif withdrawn:
                messages.success(request, _("Referatet er offentliggjort igen som version "
                                            "%(n)s.") % {"n": version.number})
            else:
                messages.success(request, _("Rettelsen er offentliggjort som version "
                                            "%(n)s.") % {"n": version.number})
            return redirect(_page(council, meeting))
    pending = []
    if versions:
        pending = minutes.snapshot_changes(versions[0].snapshot,
                                           minutes.minutes_snapshot(meeting))
    return render(request, "meetings/minutes/publish.html", {
        "council": council, "meeting": meeting, "versions": versions, "form": form,
        "error": error, "pending": pending, "withdrawn": minutes.is_withdrawn(meeting),
        "guard_hits": guard_hits,
    }, status=400 if error or guard_hits else 200)


# The member's meeting page ---------------------------------------------------------------


@login_required_2fa
def member_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Members of the council see the whole agenda, closed items included: they are the
    council, and closed items are closed to the public, not to its members."""
    meeting, roles = access_member_meeting(request, meeting_id)
    if request.method not in ("GET", "HEAD"):
        # The page's forms post to member_attending, member_apology and member_approve.
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _member_page(request, meeting, roles)


def _member_facts(request, meeting) -> tuple[Any, bool, Attendance | None, bool]:
    """The person, whether they are a member of the council on the meeting day, their own
    attendance row, and whether they may still report attendance."""
    on_the_day = roles_in(request.user, meeting.council, minutes.meeting_day(meeting))
    person = on_the_day.person if on_the_day.is_member else None
    is_member = person is not None
    own = meeting.attendance.filter(person=person).first() if is_member else None
    return person, is_member, own, can_report_attendance(request.user, meeting)


def _member_page(request, meeting, roles, *, form=None, error=None,
                 comment: str = "") -> HttpResponse:
    council = meeting.council
    _person, is_member, own, can_report = _member_facts(request, meeting)  # noqa: RUF059
    if form is None:
        form = OwnAttendanceForm(initial={"note": own.note if own else ""})
    public = is_public_meeting(meeting)
    items = list(meeting.items.order_by("position", "number", "id").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("position", "id")),
        Prefetch("minority_statements",
                 queryset=MinorityStatement.objects.prefetch_related("members"))))
    return render(request, "meetings/member/meeting.html", {
        "meeting": meeting, "council": council, "items": items, "is_member": is_member,
        "own": own, "can_report": can_report, "form": form, "error": error,
        "public": public,
        "can_approve": (can_approve_minutes(request.user, council)
                        and minutes.can_be_approved(meeting)),
        "approval_state": approval.state(meeting), "comment": comment,
        "agenda_visible": _agenda_visible(request.user, meeting),
        "can_ask_extraordinary": (can_request_extraordinary(request.user, council)
                                  or can_convene_extraordinary(request.user, council)),
        "comment_length": approval.COMMENT_LENGTH,
        **_round_context(request.user, meeting, _person),
    }, status=400 if error else 200)


def _round_context(user, meeting, person) -> dict:
    """A written round on the minutes as the member sees it: the deadline, their answer."""
    review = approval.open_round(meeting)
    can_answer = review is not None and can_answer_minutes_round(user, meeting.council)
    return {"written_round": review, "round_answer": approval.own_answer(review, person),
            "can_answer_round": can_answer}


def _agenda_visible(user, meeting) -> bool:
    """Members see the agenda once it is published (or the meeting held); before that it is
    the secretariat's draft (issue 16)."""
    stage = lifecycle.stage(meeting)
    return (meeting.agenda_published_at is not None
            or stage not in (lifecycle.Stage.PLANNED, lifecycle.Stage.CANCELLED)
            or can_manage_council(user, meeting.council))


def _own_attendance(request, meeting, roles, *, attending: bool) -> HttpResponse:
    """"Jeg kommer" or "Afbud" from the member's meeting page."""
    person, is_member, _own, can_report = _member_facts(request, meeting)
    form = OwnAttendanceForm(request.POST)
    error = None
    try:
        if not is_member:
            raise PermissionDenied(_("Kun rådets medlemmer kan melde afbud."))
        if not can_report:
            raise minutes.MinutesError(_("Mødet er afholdt eller aflyst; kontakt "
                                         "sekretariatet om dit fremmøde."))
        if form.is_valid():
            status = Attendance.Status.PRESENT if attending else Attendance.Status.APOLOGY
            minutes.record_attendance(meeting=meeting, person=person, status=status,
                                      note=form.cleaned_data["note"])
            messages.success(request, _("Tak, du er meldt til mødet.")
                             if attending else _("Dit afbud er modtaget."))
            return redirect("meetings:member-meeting", meeting.pk)
    except minutes.MinutesError as e:
        error = str(e)
    return _member_page(request, meeting, roles, form=form, error=error)


@login_required_2fa
def member_attending(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, roles = access_member_meeting(request, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _own_attendance(request, meeting, roles, attending=True)


@login_required_2fa
def member_apology(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, roles = access_member_meeting(request, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _own_attendance(request, meeting, roles, attending=False)


@login_required_2fa
def member_approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, roles = access_member_meeting(request, meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if approval.open_round(meeting) is not None:
            # A written round: this member's approval (silence would be approval too).
            approval.answer_round(meeting=meeting, user=request.user, approved=True)
            messages.success(request, _("Tak, du har godkendt referatet."))
            return redirect("meetings:member-meeting", meeting.pk)
        approval.approve(meeting=meeting, user=request.user)
    except minutes.MinutesError as e:
        return _member_page(request, meeting, roles, error=str(e))
    messages.success(request, _("Referatet er godkendt."))
    return redirect("meetings:member-meeting", meeting.pk)
