"""The agenda screens: the meeting workspace, items, attachments and members' proposals.
Every object comes through policy.access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from udsatteraad.ops.submit import single_submit
from udsatteraad.policy import lifecycle
from udsatteraad.policy.access import (
    access_agenda_item,
    access_attachment,
    access_council,
    access_meeting,
    access_meeting_as_member,
    access_proposal,
    access_public_attachment,
    access_public_council,
    login_required_2fa,
)
from udsatteraad.policy.guard import PublicationBlocked
from udsatteraad.policy.permissions import can_propose_item

from . import agenda, attachments, guarding, rules
from .forms_agenda import AttachmentForm, DeclineForm, ItemForm, ProposalForm, UrgentForm
from .models import AgendaItem, ItemProposal, Meeting

STALE_MESSAGE = gettext_lazy(
    "Punktet er blevet ændret af en anden, mens du redigerede. Din tekst er bevaret "
    "herunder; sammenlign og gem igen."
)


def _meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:workspace", args=[meeting.council.slug, meeting.pk])


def _deadline_text(meeting: Meeting) -> str:
    return date_format(timezone.localtime(agenda.proposal_deadline(meeting)),
                       "j. F Y \\k\\l. H.i")


@login_required_2fa
def workspace(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    items = list(
        meeting.items.order_by("position", "number", "pk").annotate(
            n_attachments=Count("attachments"),
            n_closed_attachments=Count("attachments", filter=Q(attachments__is_public=False)),
        )
    )
    agenda.mark_movable(meeting, items)
    pending = meeting.proposals.filter(status=ItemProposal.Status.PROPOSED).count()
    return render(request, "meetings/agenda/workspace.html", {
        "council": council, "meeting": meeting, "items": items, "pending": pending,
        "deadline": _deadline_text(meeting),
        "can_move": lifecycle.stage(meeting) in lifecycle.AGENDA_OPEN,
        "can_edit": agenda.can_edit_items(meeting),
    })


def _item_page(request, council, meeting, form, item=None, current=None, status=200,
               guard_hits=None, urgent_form=None):
    if urgent_form is None and item is None and rules.needs_urgency(meeting):
        urgent_form = UrgentForm(prefix="urgent", rule=council.rules().urgent_items)
    return render(request, "meetings/agenda/item_form.html", {
        "council": council, "meeting": meeting, "form": form, "item": item,
        "current": current, "can_edit": agenda.can_edit_items(meeting),
        "attachments": list(item.attachments.all()) if item else [],
        "guard_hits": guard_hits or [], "urgent_form": urgent_form,
        "urgent_rule": council.rules().get_urgent_items_display(),
    }, status=400 if guard_hits else status)


@login_required_2fa
@single_submit
def item_new(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    urgent_form = None
    if request.method == "POST":
        form = ItemForm(request.POST)
        # Added after the agenda went out: an urgent item, taken up as the rules say.
        if rules.needs_urgency(meeting):
            urgent_form = UrgentForm(request.POST, prefix="urgent",
                                     rule=council.rules().urgent_items)
        urgent: dict = {}
        if form.is_valid() and urgent_form is not None and urgent_form.is_valid():
            try:
                urgent = rules.urgent_fields(
                    meeting, decided_by=urgent_form.cleaned_data["decided_by"] or "",
                    votes=urgent_form.cleaned_data["votes"])
            except rules.RuleRefused as exc:
                urgent_form.add_error(None, str(exc))
        if form.is_valid() and (urgent_form is None or not urgent_form.errors):
            guarding.accept_from_post(request.POST, council=council, user=request.user)
            try:
                item = agenda.create_item(meeting=meeting, data=form.cleaned_data, **urgent)
            except agenda.AgendaLocked as exc:
                form.add_error(None, str(exc))
            except PublicationBlocked as exc:
                return _item_page(request, council, meeting, form,
                                  guard_hits=guarding.hits_context(exc.hits),
                                  urgent_form=urgent_form)
            else:
                messages.success(request, _("Punktet er tilføjet som punkt %(n)s.")
                                 % {"n": item.number})
                return redirect(_meeting_url(meeting))
    else:
        form = ItemForm(initial={
            "recommendations_intro": agenda.default_recommendations_intro(meeting),
            "origin": AgendaItem.Origin.ADMINISTRATION, "is_public": True,
        })
    return _item_page(request, council, meeting, form, urgent_form=urgent_form,
                      status=400 if urgent_form is not None and urgent_form.errors else 200)


@login_required_2fa
def item_edit(request: HttpRequest, slug: str, meeting_id: int, item_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    item = access_agenda_item(meeting, item_id)
    item.meeting = meeting
    if request.method != "POST":
        return _item_page(request, council, meeting, ItemForm(initial=ItemForm.initial_for(item)),
                          item)
    form = ItemForm(request.POST)
    if not agenda.can_edit_items(meeting):
        form.is_valid()
        form.add_error(None, _("Referatet er offentliggjort, så punktet kan ikke længere "
                               "redigeres. Rettelser laves som en ny version af referatet."))
        return _item_page(request, council, meeting, form, item, status=409)
    if form.is_valid():
        guarding.accept_from_post(request.POST, council=council, user=request.user)
        try:
            agenda.save_item(item=item, data=form.cleaned_data,
                             revision=form.cleaned_data.get("revision") or 0)
        except PublicationBlocked as exc:
            item.refresh_from_db()  # the save was rolled back
            return _item_page(request, council, meeting, form, item,
                              guard_hits=guarding.hits_context(exc.hits))
        except agenda.StaleItem:
            current = AgendaItem.objects.get(pk=item.pk)
            # Keep what the user typed; carry the current revision so "save again" works
            # once they have compared.
            data = request.POST.copy()
            data["revision"] = str(current.revision)
            form = ItemForm(data)
            form.is_valid()
            form.add_error(None, str(STALE_MESSAGE))
            return _item_page(request, council, meeting, form, current, current=current,
                              status=409)
        except agenda.AgendaLocked as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Punktet er gemt."))
            return redirect(_meeting_url(meeting))
    return _item_page(request, council, meeting, form, item)


@login_required_2fa
def item_delete(request: HttpRequest, slug: str, meeting_id: int, item_id: int
                ) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    item = access_agenda_item(meeting, item_id)
    item.meeting = meeting
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        agenda.delete_item(item=item)
    except agenda.AgendaLocked as exc:
        messages.error(request, str(exc))
        return redirect("meetings:agenda-item", council.slug, meeting.pk, item.pk)
    messages.success(request, _("Punktet er slettet, og punkterne er nummereret igen."))
    return redirect(_meeting_url(meeting))


@require_POST
@login_required_2fa
def item_move(request: HttpRequest, slug: str, meeting_id: int, item_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    item = access_agenda_item(meeting, item_id)
    item.meeting = meeting
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Vælg om punktet skal flyttes op eller ned."))
    else:
        try:
            agenda.move_item(item=item, direction=direction)
        except agenda.AgendaLocked as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Punktet er flyttet."))
    return redirect(f"{_meeting_url(meeting)}#punkt-{item.pk}")


@login_required_2fa
def attachment_upload(request: HttpRequest, slug: str, meeting_id: int, item_id: int
                      ) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    item = access_agenda_item(meeting, item_id)
    can_edit = agenda.can_edit_items(meeting)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_edit:
            form.add_error(None, _("Referatet er offentliggjort, så bilag kan ikke ændres."))
        elif form.is_valid():
            try:
                attachments.add_attachment(
                    item=item, title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"], is_public=form.cleaned_data["is_public"],
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            except PublicationBlocked as exc:
                hits = "; ".join(f"{h.label}: {h.context}" for h in exc.hits)
                form.add_error("file", _("Bilaget er ikke tilføjet, fordi dets tekst ser ud til "
                                         "at indeholde personoplysninger (%(hits)s). Luk "
                                         "bilaget, eller fjern oplysningerne fra filen.")
                               % {"hits": hits})
            else:
                messages.success(request, _("Bilaget er tilføjet."))
                return redirect(request.path)
    return render(request, "meetings/agenda/attachments.html", {
        "council": council, "meeting": meeting, "item": item, "form": form,
        "attachments": list(item.attachments.all()), "can_edit": can_edit,
    }, status=400 if form.errors else 200)


@login_required_2fa
def attachment(request: HttpRequest, slug: str, meeting_id: int, att_id: int
               ) -> HttpResponse | FileResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    att = access_attachment(meeting, att_id)
    if request.method == "POST":
        back = reverse("meetings:agenda-attachments",
                       args=[meeting.council.slug, meeting.pk, att.item_id])
        if not agenda.can_edit_items(meeting):
            messages.error(request, _("Referatet er offentliggjort, så bilag kan ikke ændres."))
            return redirect(back)
        attachments.delete_attachment(attachment=att)
        messages.success(request, _("Bilaget »%(title)s« er slettet.") % {"title": att.title})
        return redirect(back)
    return attachments.serve(att)


@login_required_2fa
def attachment_delete(request: HttpRequest, slug: str, meeting_id: int, att_id: int
                      ) -> HttpResponse:
    """Deleting asks first (issue 16): this page's button posts to `attachment`, which
    deletes."""
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    att = access_attachment(meeting, att_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return render(request, "meetings/agenda/attachment_delete.html", {
        "council": council, "meeting": meeting, "attachment": att, "item": att.item,
        "can_edit": agenda.can_edit_items(meeting)})


def public_attachment(request: HttpRequest, slug: str, meeting_id: int, att_id: int
                      ) -> FileResponse:
    council = access_public_council(slug)
    return attachments.serve(access_public_attachment(council, meeting_id, att_id))


# Proposals ------------------------------------------------------------------------------


@login_required_2fa
def proposals(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    if request.method not in ("GET", "HEAD"):
        # Accepting and declining post to proposal_accept and proposal_decline.
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _proposals_page(request, council, meeting)


def _proposals_page(request, council, meeting, errors: dict[int, DeclineForm] | None = None
                    ) -> HttpResponse:
    errors = errors or {}
    rows = []
    for p in meeting.proposals.select_related("proposed_by", "item").order_by("created"):
        rows.append({"proposal": p,
                     "form": errors.get(p.pk) or DeclineForm(prefix=f"p{p.pk}")})
    return render(request, "meetings/agenda/proposals.html", {
        "council": council, "meeting": meeting, "rows": rows,
        "deadline": _deadline_text(meeting),
    }, status=400 if errors else 200)


@login_required_2fa
def proposal_accept(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    raw = request.POST.get("proposal", "")
    proposal = access_proposal(meeting, int(raw) if raw.isdecimal() else 0)
    proposal.meeting = meeting
    try:
        item = agenda.accept_proposal(proposal=proposal, acting_user=request.user)
    except agenda.AgendaLocked as exc:
        messages.error(request, str(exc))
        return redirect("meetings:proposals", council.slug, meeting.pk)
    messages.success(request, _("Forslaget er optaget som punkt %(n)s, og "
                                "forslagsstilleren har fået besked.")
                     % {"n": item.number})
    return redirect("meetings:proposals", council.slug, meeting.pk)


@login_required_2fa
def proposal_decline(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    meeting.council = council
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    raw = request.POST.get("proposal", "")
    proposal = access_proposal(meeting, int(raw) if raw.isdecimal() else 0)
    proposal.meeting = meeting
    form = DeclineForm(request.POST, prefix=f"p{proposal.pk}")
    if not form.is_valid():
        return _proposals_page(request, council, meeting, {proposal.pk: form})
    try:
        agenda.decline_proposal(proposal=proposal, reason=form.cleaned_data["reason"],
                                acting_user=request.user)
    except agenda.AgendaLocked as exc:
        messages.error(request, str(exc))
        return redirect("meetings:proposals", council.slug, meeting.pk)
    messages.success(request, _("Forslaget er afvist, og forslagsstilleren har "
                                "fået besked."))
    return redirect("meetings:proposals", council.slug, meeting.pk)


@login_required_2fa
def member_proposals(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, person = access_meeting_as_member(request, meeting_id)
    deadline = agenda.proposal_deadline(meeting)
    is_open = can_propose_item(request.user, meeting) and timezone.now() <= deadline
    form = ProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_propose_item(request.user, meeting):
            form.add_error(None, _("Dagsordenen til dette møde er lagt fast, så der kan ikke "
                                   "længere foreslås punkter."))
        elif timezone.now() > deadline:
            form.add_error(None, _("Fristen for forslag til dette møde var %(deadline)s. "
                                   "Kontakt sekretariatet, hvis punktet haster.")
                           % {"deadline": _deadline_text(meeting)})
        elif form.is_valid():
            try:
                agenda.propose_item(meeting=meeting, person=person, **form.cleaned_data)
            except agenda.AgendaLocked as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Tak. Dit forslag er sendt til sekretariatet."))
                return redirect(request.path)
        status = 400
    mine = meeting.proposals.filter(proposed_by=person).order_by("-created")
    return render(request, "meetings/agenda/member_proposals.html", {
        "meeting": meeting, "council": None, "form": form, "proposals": mine,
        "deadline": _deadline_text(meeting), "is_open": is_open,
    }, status=status)
