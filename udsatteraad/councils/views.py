"""The secretariat's screens: council, terms of reference, seats, terms, memberships,
organisations, venues and the access log. Every object comes through policy.access."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from udsatteraad.accounts.models import AccessLogEntry
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy import access
from udsatteraad.policy.access import (
    AuthenticatedRequest,
    access_council,
    access_membership,
    access_organisation,
    access_seat_group,
    access_secretariat_councils,
    access_term,
    access_terms,
    access_venue,
    login_required_2fa,
)
from udsatteraad.workspace import tasks

from . import actions, history, rules
from .forms import (
    CouncilForm,
    DeleteForm,
    EndMembershipForm,
    MembershipForm,
    NewMembershipForm,
    NewTermsForm,
    OrganisationForm,
    PersonForm,
    ReplaceMemberForm,
    SeatGroupForm,
    TermForm,
    TermsForm,
    VenueForm,
    add_model_errors,
)
from .models import Council, Membership, Organisation, SeatGroup, Term, TermsOfReference, Venue


def _url(name: str, council: Council, *args: object) -> str:
    return reverse(f"councils:{name}", args=[council.slug, *args])


def _form_page(request, council, form, *, template="councils/form.html", done, success, **ctx):
    """Render a simple create/edit form; on a valid POST save, confirm and redirect."""
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, success)
        return redirect(done(obj) if callable(done) else done)
    return render(request, template, {"council": council, "form": form, **ctx})


@login_required_2fa
def index(request: HttpRequest) -> HttpResponse:
    councils = access_secretariat_councils(request)
    return render(request, "councils/index.html", {"councils": councils})


@login_required_2fa
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    today = dt.date.today()
    tor = council.current_terms()
    groups = list(tor.seat_groups.all()) if tor else []
    filled = dict(
        Membership.objects.filter(seat_group__in=groups, is_substitute=False).active_on(today)
        .values_list("seat_group").annotate(n=Count("id"))
    )
    for group in groups:
        n = filled.get(group.pk, 0)
        # Shown in the template's seat table; SeatGroup has no such fields.
        group.filled = n  # type: ignore[attr-defined]
        group.vacant = max(group.seats - n, 0)  # type: ignore[attr-defined]
    leaders = (
        Membership.objects.filter(council=council, role__in=["chair", "vice_chair"])
        .active_on(today).select_related("person")
    )
    ctx = {
        "council": council, "tor": tor, "groups": groups, "term": council.current_term(),
        "chair": next((m for m in leaders if m.role == "chair"), None),
        "vice_chair": next((m for m in leaders if m.role == "vice_chair"), None),
        "seats_total": sum(g.seats for g in groups),
        "seats_filled": sum(min(filled.get(g.pk, 0), g.seats) for g in groups),
        "tasks": tasks.for_council(council, user=request.user),
        "warnings": rules.seat_warnings(tor, groups, filled),
    }
    return render(request, "councils/overview.html", ctx)


@login_required_2fa
def edit_council(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    form = CouncilForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        actions.update_council(form=form, acting_user=request.user)
        messages.success(request, _("Rådets oplysninger er gemt."))
        return redirect(_url("overview", council))
    return render(request, "councils/form.html", {
        "council": council, "form": form, "title": _("Rediger rådets oplysninger")})


# Terms of reference and seat groups ---------------------------------------------------------


@login_required_2fa
def terms_list(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    versions = council.terms_of_reference.annotate(n_groups=Count("seat_groups"))
    current = council.current_terms()
    return render(request, "councils/terms_list.html", {
        "council": council, "versions": versions, "current": current,
    })


@login_required_2fa
@single_submit
def terms_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    current = council.current_terms()
    if current is None:
        # Nothing to copy: the first version is typed in full.
        first = TermsOfReference(council=council, version=1)
        first_form = TermsForm(request.POST or None, instance=first)
        return _form_page(
            request, council, first_form,
            done=lambda t: _url("terms-edit", council, t.version),
            success=_("Kommissoriet er oprettet."), title=_("Nyt kommissorium"),
        )
    form = NewTermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = actions.copy_terms(terms=current, **form.cleaned_data)
        messages.success(request, _("Version %(v)s er oprettet som en kopi af version %(old)s. "
                                    "Ret den nu.") % {"v": new.version, "old": current.version})
        return redirect(_url("terms-edit", council, new.version))
    return render(request, "councils/terms_new.html", {
        "council": council, "form": form, "current": current,
    })


@login_required_2fa
def terms_edit(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    tor = access_terms(council, version)
    form = TermsForm(request.POST or None, instance=tor)
    groups = tor.seat_groups.select_related("venue").prefetch_related("organisations")
    return _form_page(
        request, council, form, template="councils/terms_edit.html",
        done=_url("terms-edit", council, tor.version),
        success=_("Kommissoriet er gemt."), tor=tor, groups=groups,
        changes=history.changes(tor),
    )


@login_required_2fa
@single_submit
def seat_group_new(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    tor = access_terms(council, version)
    form = SeatGroupForm(request.POST or None, instance=SeatGroup(terms_of_reference=tor),
                         council=council)
    return _form_page(
        request, council, form, done=_url("terms-edit", council, tor.version),
        success=_("Pladsgruppen er oprettet."), title=_("Ny pladsgruppe"), tor=tor,
        back=_url("terms-edit", council, tor.version),
    )


@login_required_2fa
def seat_group_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    group = access_seat_group(council, pk)
    back = _url("terms-edit", council, group.terms_of_reference.version)
    form = SeatGroupForm(request.POST or None, instance=group, council=council)
    return _seat_group_page(request, council, group, form, back)


def _seat_group_page(request, council, group, form, back, delete_error=""):
    return _form_page(
        request, council, form, template="councils/seat_group_edit.html", done=back,
        success=_("Pladsgruppen er gemt."), group=group, back=back, delete_error=delete_error,
        n_members=group.memberships.count(),
    )


@login_required_2fa
def seat_group_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    group = access_seat_group(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = _url("terms-edit", council, group.terms_of_reference.version)
    if DeleteForm(request.POST).is_valid() and not group.memberships.exists():
        group.delete()
        messages.success(request, _("Pladsgruppen »%(name)s« er slettet.")
                         % {"name": group.name})
        return redirect(back)
    delete_error = _(
        "Pladsgruppen kan ikke slettes, fordi der er medlemskaber på den. Afslut eller flyt "
        "medlemskaberne først, eller lav en ny version af kommissoriet."
    )
    form = SeatGroupForm(instance=group, council=council)
    return _seat_group_page(request, council, group, form, back, delete_error)


# Terms (periods) ---------------------------------------------------------------------------


@login_required_2fa
def term_list(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    terms = council.terms.annotate(n_members=Count("memberships")).order_by("-start")
    current = council.current_term()
    return render(request, "councils/term_list.html", {
        "council": council, "terms": terms, "current": current,
    })


@login_required_2fa
@single_submit
def term_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    form = TermForm(request.POST or None, instance=Term(council=council))
    dates = rules.next_term_dates(council)
    if dates and not form.is_bound:
        # "Fast periode på N år": the next term follows the last, N years long.
        form.initial.update(start=dates[0], end=dates[1])
    return _form_page(
        request, council, form, done=_url("term-list", council),
        success=_("Perioden er oprettet."), title=_("Ny periode"),
        back=_url("term-list", council),
    )


@login_required_2fa
def term_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    term = access_term(council, pk)
    form = TermForm(request.POST or None, instance=term)
    return _form_page(
        request, council, form, done=_url("term-list", council),
        success=_("Perioden er gemt."), title=_("Rediger periode %(name)s") % {"name": term.name},
        back=_url("term-list", council),
    )


# Memberships -------------------------------------------------------------------------------


@login_required_2fa
def members(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    today = dt.date.today()
    terms = list(council.terms.order_by("-start"))
    term = current_term = council.current_term()
    if request.GET.get("periode", "").isdecimal():
        term = access_term(council, int(request.GET["periode"]))
    tor = council.current_terms()
    rows = (
        Membership.objects.filter(council=council, term=term)
        .select_related("person", "seat_group__terms_of_reference", "term", "nominated_by",
                        "deputy_for__person", "replaces__person")
        .order_by("seat_group__terms_of_reference__version", "seat_group__position",
                  "seat_group_id", "start")
        if term else Membership.objects.none()
    )
    def entry_for(group) -> dict:
        return {"group": group, "current": [], "past": [], "substitutes": [],
                "continuing": [], "appointed_by": rules.appointed_by_text(group)}

    groups: dict[int, dict] = {}
    tor_groups = list(tor.seat_groups.all()) if tor else []
    for group in tor_groups:
        groups[group.pk] = entry_for(group)
    filled: dict[int, int] = {}
    for m in rows:
        entry = groups.setdefault(m.seat_group_id, entry_for(m.seat_group))
        end = m.effective_end
        if end is not None and end < today:
            entry["past"].append(m)
        elif m.is_substitute:
            entry["substitutes"].append(m)  # they take no seat
        else:
            entry["current"].append(m)
            if m.start <= today:
                filled[m.seat_group_id] = filled.get(m.seat_group_id, 0) + 1
    by_name = {e["group"].name: e for e in groups.values()}
    is_current = term is not None and term == current_term
    continuing = rules.continuing_members(council, tor, today) if is_current else []
    for m in continuing:
        seat = by_name.get(m.seat_group.name)
        if seat is not None:
            seat["continuing"].append(m)
            filled[seat["group"].pk] = filled.get(seat["group"].pk, 0) + 1
    for entry in groups.values():
        entry["substitutes"].sort(key=lambda m: (m.substitute_rank or 999, m.start))
        entry["vacant"] = max(entry["group"].seats - filled.get(entry["group"].pk, 0), 0)
    access.log_personal_data_access(request, council, "medlemsliste")
    return render(request, "councils/members.html", {
        "council": council, "term": term, "terms": terms, "groups": groups.values(),
        "warnings": rules.seat_warnings(tor, tor_groups, filled) if is_current else [],
    })


@login_required_2fa
@single_submit
def member_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    form = NewMembershipForm(request.POST or None, instance=Membership(council=council),
                             council=council)
    if request.method == "POST" and form.is_valid():
        try:
            m = actions.add_member(membership=form.instance, person=form.chosen_person())
        except ValidationError as e:
            add_model_errors(form, e)
        else:
            messages.success(request, _("%(name)s er tilføjet som medlem.")
                             % {"name": m.person.name})
            return redirect(_url("members", council))
    return render(request, "councils/member_new.html", {"council": council, "form": form})


@login_required_2fa
def member_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    m = access_membership(council, pk)
    person = m.person
    post = request.POST if request.method == "POST" else None
    form = MembershipForm(post, instance=m, council=council)
    person_form = PersonForm(post, instance=person, prefix="person")
    end_form = EndMembershipForm(initial={"end": m.end, "end_reason": m.end_reason})
    if post is not None and form.is_valid() and person_form.is_valid():
        try:
            actions.update_member(membership=form.instance, fields=list(form.Meta.fields),
                                  person=person_form.instance)
        except ValidationError as e:
            add_model_errors(form, e)
            add_model_errors(person_form, e)
        else:
            messages.success(request, _("Medlemskabet er gemt."))
            return redirect(_url("members", council))
    if post is None:
        access.log_personal_data_access(request, council, f"medlem: {person.name}"[:200])
    return _member_edit_page(request, council, m, form, person_form, end_form)


def _member_edit_page(request, council, m, form, person_form, end_form) -> HttpResponse:
    return render(request, "councils/member_edit.html", {
        "council": council, "membership": m, "form": form, "person_form": person_form,
        "end_form": end_form,
    })


@login_required_2fa
def member_end(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    m = access_membership(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    end_form = EndMembershipForm(request.POST, initial={"end": m.end,
                                                        "end_reason": m.end_reason})
    if end_form.is_valid():
        try:
            actions.end_member(membership=m, end=end_form.cleaned_data["end"],
                               reason=end_form.cleaned_data["end_reason"])
        except ValidationError as e:
            add_model_errors(end_form, e)
        else:
            messages.success(request, _("Medlemskabet er afsluttet."))
            return redirect(_url("members", council))
    form = MembershipForm(None, instance=m, council=council)
    person_form = PersonForm(None, instance=m.person, prefix="person")
    return _member_edit_page(request, council, m, form, person_form, end_form)


@login_required_2fa
def member_replace(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    m = access_membership(council, pk)
    form = ReplaceMemberForm(request.POST or None, council=council, seat_group=m.seat_group,
                             initial={"nominated_by": m.nominated_by_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = actions.replace_member(
                membership=m, person=form.chosen_person(), start=data["start"],
                reason=data["reason"], nominated_by=data["nominated_by"],
                eligibility_confirmed=data.get("eligibility_confirmed"),
            )
        except ValidationError as e:
            add_model_errors(form, e)
            m = access_membership(council, pk)  # the action rolled back; show what is saved
        else:
            messages.success(request, _("%(new)s har overtaget pladsen efter %(old)s.")
                             % {"new": new.person.name, "old": m.person.name})
            return redirect(_url("members", council))
    return render(request, "councils/member_replace.html", {
        "council": council, "membership": m, "form": form,
    })


# Organisations and venues of the authority -------------------------------------------------


# Each directory's routes (list, new, edit) by the kind in its URL.
DIRECTORY_URLS = {
    "organisationer": ("organisation-list", "organisation-new", "organisation-edit"),
    "steder": ("venue-list", "venue-new", "venue-edit"),
}


def _directory(request, slug, model, kind):
    council = access_council(request, slug, manage=True)
    objects = model.objects.filter(authority_id=council.authority_id).annotate(
        n_groups=Count("seat_groups")
    )
    return render(request, "councils/directory.html", {
        "council": council, "objects": objects, "kind": kind,
        "new_route": f"councils:{DIRECTORY_URLS[kind][1]}",
        "edit_route": f"councils:{DIRECTORY_URLS[kind][2]}",
    })


def _directory_form(request, council, form, kind, obj=None):
    names = {
        "organisationer": (_("Ny organisation"), _("Rediger organisation"),
                           _("Organisationen er gemt.")),
        "steder": (_("Nyt sted"), _("Rediger sted"), _("Stedet er gemt.")),
    }[kind]
    back = _url(DIRECTORY_URLS[kind][0], council)
    title = f"{names[1]}: {obj.name}" if obj else names[0]
    return _form_page(request, council, form, done=back, success=names[2], title=title,
                      back=back)


@login_required_2fa
def organisation_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _directory(request, slug, Organisation, "organisationer")


@login_required_2fa
@single_submit
def organisation_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    form = OrganisationForm(request.POST or None, council=council,
                            instance=Organisation(authority_id=council.authority_id))
    return _directory_form(request, council, form, "organisationer")


@login_required_2fa
def organisation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    org = access_organisation(council, pk)
    form = OrganisationForm(request.POST or None, council=council, instance=org)
    return _directory_form(request, council, form, "organisationer", org)


@login_required_2fa
def venue_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _directory(request, slug, Venue, "steder")


@login_required_2fa
@single_submit
def venue_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    form = VenueForm(request.POST or None, council=council,
                     instance=Venue(authority_id=council.authority_id))
    return _directory_form(request, council, form, "steder")


@login_required_2fa
def venue_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    venue = access_venue(council, pk)
    form = VenueForm(request.POST or None, council=council, instance=venue)
    return _directory_form(request, council, form, "steder", venue)


@login_required_2fa
def access_log(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug, manage=True)
    entries = AccessLogEntry.objects.filter(council=council).select_related("user").order_by(
        "-at", "-id"
    )
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(request, "councils/access_log.html", {"council": council, "page": page})
