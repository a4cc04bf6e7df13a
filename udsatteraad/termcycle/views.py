"""The term change in the secretariat (nominations and elections for a term) and the
nominating organisation's form behind its personal link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Organisation, SeatGroup, Term
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import (
    AuthenticatedRequest,
    access_council,
    log_personal_data_access,
    login_required_2fa,
    posted_id,
)

from . import actions, eligibility
from .forms import CandidateForm, DecideForm, ElectionForm, NominateForm, RequestForm, VotesForm
from .models import Election, Nomination
from .pdf import ballot_pdf, poster_pdf


def _term(council: Council, request: HttpRequest) -> Term | None:
    """The term asked for (?periode=<id>), else the next one to start, else the current."""
    terms = council.terms.all()
    wanted = request.GET.get("periode", "")
    if wanted.isdigit():
        return get_object_or_404(terms, pk=int(wanted))
    today = timezone.localdate()
    return (terms.filter(start__gt=today).order_by("start").first()
            or council.current_term(today))


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _back(council: Council, term: Term) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("termcycle:overview", args=[council.slug])
                                + f"?periode={term.pk}")


@login_required_2fa
def overview(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    term = _term(council, request)
    groups, elections = [], []
    if term is not None:
        log_personal_data_access(request, council, "indstillinger og valg")
        tor = council.current_terms(on=term.start)
        latest: dict[tuple[int, int], Nomination] = {}
        for n in (Nomination.objects.filter(term=term)
                  .exclude(status=Nomination.Status.WITHDRAWN).order_by("requested_at")):
            latest[(n.seat_group_id, n.organisation_id)] = n
        for group in (SeatGroup.objects.filter(terms_of_reference=tor,
                                               kind=SeatGroup.Kind.ORGANISATION)
                      .prefetch_related("organisations")):
            groups.append({"group": group, "rows": [
                {"organisation": o, "nomination": latest.get((group.pk, o.pk)),
                 "form": RequestForm(prefix=f"r{group.pk}-{o.pk}")}
                for o in group.organisations.all()]})
        elections = list(Election.objects.filter(term=term).select_related("seat_group", "venue")
                         .prefetch_related("candidates"))
    first_meeting = None
    if term is not None:
        from udsatteraad.meetings.models import Meeting

        first_meeting = (Meeting.objects.filter(council=council, start__date__gte=term.start,
                                                start__date__lte=term.end)
                         .exclude(status=Meeting.Status.CANCELLED).order_by("start").first())
    return render(request, "termcycle/overview.html", {
        "council": council, "term": term, "terms": council.terms.order_by("-start"),
        "groups": groups, "elections": elections, "first_meeting": first_meeting})


@login_required_2fa
@single_submit
def nomination_request(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    term = get_object_or_404(council.terms, pk=posted_id(request.POST.get("term")))
    group = get_object_or_404(SeatGroup, terms_of_reference__council=council,
                              pk=posted_id(request.POST.get("seat_group")))
    organisation = get_object_or_404(Organisation, authority=council.authority,
                                     pk=posted_id(request.POST.get("organisation")))
    form = RequestForm(request.POST, prefix=f"r{group.pk}-{organisation.pk}")
    if not form.is_valid():
        messages.error(request, _("Skriv en gyldig e-mailadresse til %(org)s.")
                       % {"org": organisation.name})
        return _back(council, term)
    try:
        actions.request_nomination(council=council, term=term, seat_group=group,
                                   organisation=organisation, email=form.cleaned_data["email"],
                                   user=request.user)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("%(org)s er bedt om en indstilling.")
                         % {"org": organisation.name})
    return _back(council, term)


def _nomination(council: Council, pk: int) -> Nomination:
    return get_object_or_404(Nomination.objects.select_related("term", "organisation"),
                             council=council, pk=pk)


@login_required_2fa
def nomination_remind(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    nomination = _nomination(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.remind(nomination=nomination, user=request.user)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("%(org)s har fået en påmindelse med et nyt link.")
                         % {"org": nomination.organisation.name})
    return _back(council, nomination.term)


@login_required_2fa
def nomination_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    nomination = _nomination(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        membership = actions.confirm(nomination=nomination, user=request.user)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("%(name)s er nu medlem af rådet fra %(day)s.")
                         % {"name": membership.person.name,
                            "day": membership.start.strftime("%d.%m.%Y")})
    return _back(council, nomination.term)


def nominate(request: HttpRequest, token: str) -> HttpResponse:
    """The organisation's form: no account, only the personal link."""
    nomination = actions.nomination_for_token(token)
    if nomination is None:
        return render(request, "termcycle/public/link_gone.html", status=410)
    form = NominateForm(request.POST or None, seat_group=nomination.seat_group)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.answer(token=token, name=data["name"], email=data["email"],
                           phone=data["phone"], answered_by=data["answered_by"],
                           note=data["note"], confirmed=eligibility.confirmed_in(form))
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            return render(request, "termcycle/public/thanks.html", {"n": nomination})
    status = 400 if request.method == "POST" else 200
    return render(request, "termcycle/public/nominate.html",
                  {"n": nomination, "form": form, "errors": errors}, status=status)


# --- Elections ----------------------------------------------------------------------------

def _election(council: Council, pk: int) -> Election:
    return get_object_or_404(
        Election.objects.select_related("seat_group__terms_of_reference", "term", "venue"),
        council=council, pk=pk)


@login_required_2fa
@single_submit
def election_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    term = _term(council, request)
    if term is None:
        messages.error(request, _("Opret først en periode."))
        return HttpResponseRedirect(reverse("councils:term-list", args=[council.slug]))
    form = ElectionForm(request.POST or None, council=council, term=term,
                        instance=Election(council=council, term=term))
    if request.method == "POST" and form.is_valid():
        election = form.save(commit=False)
        if election.venue is None:
            election.venue = election.seat_group.venue
        election.save()
        return HttpResponseRedirect(reverse("termcycle:election", args=[council.slug,
                                                                         election.pk]))
    return render(request, "termcycle/election_new.html",
                  {"council": council, "term": term, "form": form},
                  status=400 if request.method == "POST" else 200)


def _election_page(request: HttpRequest, council: Council, election: Election, *,
                   candidate_form=None, votes_form=None, decide_form=None,
                   errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    candidates = list(election.candidates.order_by("place", "name"))
    return render(request, "termcycle/election.html", {
        "council": council, "election": election, "candidates": candidates,
        "candidate_form": candidate_form or CandidateForm(seat_group=election.seat_group),
        "votes_form": votes_form or VotesForm(election=election),
        "decide_form": decide_form or DecideForm(election=election),
        "errors": errors or [], "requirements": eligibility.requirements(election.seat_group),
    }, status=status)


@login_required_2fa
def election(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    row = _election(council, pk)
    log_personal_data_access(request, council, "valg og kandidater")
    return _election_page(request, council, row)


@login_required_2fa
@single_submit
def candidate_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    row = _election(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CandidateForm(request.POST, seat_group=row.seat_group)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_candidate(election=row, name=data["name"], email=data["email"],
                                  phone=data["phone"], confirmed=eligibility.confirmed_in(form))
        except ValidationError as exc:
            return _election_page(request, council, row, candidate_form=form,
                                  errors=_errors(exc), status=400)
        messages.success(request, _("%(name)s er kandidat.") % {"name": data["name"]})
        return HttpResponseRedirect(reverse("termcycle:election", args=[council.slug, row.pk]))
    return _election_page(request, council, row, candidate_form=form, status=400)


@login_required_2fa
def votes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    row = _election(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = VotesForm(request.POST, election=row)
    if form.is_valid():
        try:
            actions.record_votes(election=row, votes=form.votes())
        except ValidationError as exc:
            return _election_page(request, council, row, votes_form=form, errors=_errors(exc),
                                  status=400)
        messages.success(request, _("Stemmerne er gemt."))
        return HttpResponseRedirect(reverse("termcycle:election", args=[council.slug, row.pk]))
    return _election_page(request, council, row, votes_form=form, status=400)


@login_required_2fa
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    row = _election(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecideForm(request.POST, election=row)
    if form.is_valid():
        try:
            result = actions.decide(election=row, user=request.user,
                                    lot_winner=form.cleaned_data["lot_winner"],
                                    keep_substitutes=form.cleaned_data["keep_substitutes"])
        except ValidationError as exc:
            return _election_page(request, council, row, decide_form=form,
                                  errors=_errors(exc), status=400)
        if result.status == Election.Status.TIE:
            messages.warning(request, _("Stemmelighed: hold omvalg mellem kandidaterne med "
                                        "flest stemmer, og skriv de nye stemmetal."))
        else:
            messages.success(request, _("Valget er afgjort, og medlemskabet er oprettet."))
        return HttpResponseRedirect(reverse("termcycle:election", args=[council.slug, row.pk]))
    return _election_page(request, council, row, decide_form=form, status=400)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required_2fa
def ballot(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    return _pdf(ballot_pdf(_election(council, pk)), "stemmeseddel.pdf")


@login_required_2fa
def poster(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    return _pdf(poster_pdf(_election(council, pk)), "valgplakat.pdf")
