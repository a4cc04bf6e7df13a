"""The secretariat's money pages (the council's own secretaries only): the year's overview,
budget and rates, per-diems per held meeting, travel claims, other spending, payroll
references, the payroll export and the year's PDF. Pages with people's money on them are
logged to the council's access log."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Membership, Person
from udsatteraad.meetings.attachments import EXTENSIONS
from udsatteraad.meetings.models import Meeting
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import (
    AuthenticatedRequest,
    access_meeting,
    access_money_claim,
    access_money_council,
    log_personal_data_access,
    login_required_2fa,
    posted_id,
)
from udsatteraad.policy.permissions import can_decide_claim

from . import actions, compute
from .forms import (
    BookingForm,
    BudgetForm,
    DecisionForm,
    ExportForm,
    PayrollReferenceForm,
    RatesForm,
)
from .forms import posted as _posted
from .forms import posted_files as _files
from .models import PER_KILOMETRE, Booking, Export, Rates, Receipt, TravelClaim
from .pdf import render_year_pdf


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _year(value: str | int | None) -> int:
    try:
        year = int(value or 0)
    except (TypeError, ValueError):
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _check_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@login_required_2fa
def overview(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_money_council(request, slug)
    year = _year(request.GET.get("aar"))
    data = compute.overview(council, year)
    return render(request, "money/overview.html", {
        "council": council, "year": year, "overview": data, "totals": data.totals,
        "awaiting_claims": compute.awaiting_claims([council]).count(),
        "awaiting_per_diems": len(compute.meetings_awaiting_per_diems([council])),
        "has_budget": council.budgets.filter(year=year).exists(),
        "has_rates": Rates.objects.filter(authority_id=council.authority_id, year=year).exists(),
        "terms": council.current_terms(),
    })


@login_required_2fa
def budget(request: AuthenticatedRequest, slug: str, year: int) -> HttpResponse:
    council = access_money_council(request, slug)
    _check_year(year)
    existing = council.budgets.filter(year=year).prefetch_related("lines").first()
    initial: dict = {}
    if existing:
        initial["note"] = existing.note
        initial.update({f"line_{line.kind}": line.amount for line in existing.lines.all()})
    form = BudgetForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_budget(council=council, year=year, amounts=form.amounts(),
                            note=form.cleaned_data["note"], acting_user=request.user)
        for warning in compute.overview(council, year).warnings:
            messages.warning(request, warning)
        messages.success(request, _("Budgettet for %(year)s er gemt.") % {"year": year})
        return HttpResponseRedirect(reverse("money:overview", args=[slug]) + f"?aar={year}")
    terms = council.current_terms()
    return render(request, "money/budget.html", {
        "council": council, "year": year, "form": form,
        "yearly_budget": terms.yearly_budget if terms else None,
    }, status=400 if form.errors else 200)


@login_required_2fa
def rates(request: AuthenticatedRequest, slug: str, year: int) -> HttpResponse:
    council = access_money_council(request, slug)
    _check_year(year)
    existing = (Rates.objects.filter(authority_id=council.authority_id, year=year)
                .prefetch_related("kilometre_rates").first())
    initial: dict = {}
    if existing:
        initial = {"per_diem": existing.per_diem, "per_diem_basis": existing.per_diem_basis,
                   "note": existing.note}
        initial.update({f"km_{kind}": existing.per_km(kind) for kind in PER_KILOMETRE})
    form = RatesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_rates(council=council, year=year,
                           per_diem=form.cleaned_data["per_diem"] or Decimal(0),
                           basis=form.cleaned_data["per_diem_basis"],
                           note=form.cleaned_data["note"], per_km=form.per_km(),
                           acting_user=request.user)
        messages.success(request, _("Taksterne for %(year)s er gemt.") % {"year": year})
        return HttpResponseRedirect(reverse("money:overview", args=[slug]) + f"?aar={year}")
    return render(request, "money/rates.html", {
        "council": council, "year": year, "form": form,
    }, status=400 if form.errors else 200)


# Per-diems --------------------------------------------------------------------------------


@login_required_2fa
def per_diems(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_money_council(request, slug)
    year = _year(request.GET.get("aar"))
    meetings = list(Meeting.objects.filter(council=council, status__in=compute.HELD,
                                           start__year=year).order_by("-start"))
    approved = set(council.per_diems.filter(meeting__in=meetings)
                   .values_list("meeting_id", flat=True))
    return render(request, "money/per_diems.html", {
        "council": council, "year": year, "approved": approved,
        "meetings": meetings, "awaiting": compute.meetings_awaiting_per_diems([council]),
    })


@login_required_2fa
@single_submit
def per_diem_meeting(request: AuthenticatedRequest, slug: str, meeting_id: int) -> HttpResponse:
    council = access_money_council(request, slug)
    meeting = access_meeting(council, meeting_id)
    log_personal_data_access(request, council, _("diæter for mødet %(title)s")
                             % {"title": meeting.title})
    error = ""
    if request.method == "POST":
        try:
            created = actions.approve_per_diems(meeting=meeting, acting_user=request.user)
        except ValidationError as exc:
            error = " ".join(_errors(exc))
        else:
            messages.success(request, _("%(n)s diæter er godkendt.") % {"n": len(created)})
            for warning in compute.overview(council, timezone.localdate(meeting.start).year
                                            ).warnings:
                messages.warning(request, warning)
            return HttpResponseRedirect(reverse("money:per-diem-meeting",
                                                args=[slug, meeting.pk]))
    lines, problem = compute.per_diem_lines(meeting)
    return render(request, "money/per_diem_meeting.html", {
        "council": council, "meeting": meeting, "lines": lines, "problem": problem,
        "error": error, "approved": any(line.approved for line in lines),
        "total": sum((line.amount for line in lines if line.entitled or line.approved),
                     start=compute.ZERO),
    }, status=400 if error else 200)


# Travel claims ----------------------------------------------------------------------------


@login_required_2fa
def claims(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_money_council(request, slug)
    log_personal_data_access(request, council, _("befordringskrav"))
    rows = list(TravelClaim.objects.filter(council=council).with_attendance_flag()
                .select_related("person", "meeting").order_by("-day", "-pk")[:300])
    groups = [(label, [c for c in rows if c.status == status])
              for status, label in TravelClaim.Status.choices]
    return render(request, "money/claims.html", {
        "council": council, "groups": [(label, cs) for label, cs in groups if cs]})


@login_required_2fa
def claim(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_money_council(request, slug)
    item = access_money_claim(council, pk)
    log_personal_data_access(request, council, _("befordringskrav %(pk)s") % {"pk": pk})
    return _claim_page(request, council, item, DecisionForm())


def _claim_page(request: AuthenticatedRequest, council: Council, item: TravelClaim,
                form: DecisionForm, *, status: int = 200) -> HttpResponse:
    return render(request, "money/claim.html", {
        "council": council, "claim": item, "form": form,
        "receipts": list(item.receipts.all()),
        "can_decide": can_decide_claim(request.user, item),
        "history": list(item.history.select_related("history_user").order_by("history_date")),
    }, status=status)


@login_required_2fa
def claim_decide(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_money_council(request, slug)
    item = access_money_claim(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_claim(claim=item, approve=form.cleaned_data["decision"] == "approve",
                                 reason=form.cleaned_data["reason"], acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if form.cleaned_data["decision"] == "approve":
                messages.success(request, _("Kravet er godkendt."))
                for warning in compute.overview(council, item.day.year).warnings:
                    messages.warning(request, warning)
            else:
                messages.success(request, _("Kravet er sendt retur til medlemmet."))
            return HttpResponseRedirect(reverse("money:claims", args=[slug]))
    return _claim_page(request, council, item, form, status=400)


def serve_receipt(receipt: Receipt) -> FileResponse:
    """The receipt as a download; the browser must not guess another type."""
    try:
        fh = receipt.file.open("rb")
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        fh, as_attachment=True,
        filename=f"kvittering-{receipt.pk}.{EXTENSIONS.get(receipt.content_type, 'bin')}",
        content_type=receipt.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required_2fa
def receipt(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponseBase:
    council = access_money_council(request, slug)
    from django.db.models import Q

    item = get_object_or_404(Receipt, Q(claim__council=council) | Q(booking__council=council),
                             pk=pk)
    log_personal_data_access(request, council, _("kvittering %(pk)s") % {"pk": pk})
    return serve_receipt(item)


# Other spending ---------------------------------------------------------------------------


@login_required_2fa
@single_submit
def bookings(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_money_council(request, slug)
    year = _year(request.GET.get("aar"))
    form = BookingForm(_posted(request), _files(request), council=council,
                       initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            booking = actions.book(council=council, data=form.cleaned_data,
                                   receipt=form.cleaned_data.get("receipt"),
                                   acting_user=request.user)
        except ValidationError as exc:
            form.add_error("receipt", exc)
        else:
            messages.success(request, _("Udgiften er bogført."))
            for warning in compute.overview(council, booking.day.year).warnings:
                messages.warning(request, warning)
            return HttpResponseRedirect(reverse("money:bookings", args=[slug])
                                        + f"?aar={booking.day.year}")
    rows = (Booking.objects.filter(council=council, day__year=year)
            .select_related("meeting", "created_by").prefetch_related("receipts"))
    return render(request, "money/bookings.html", {
        "council": council, "year": year, "form": form, "bookings": rows,
    }, status=400 if form.errors else 200)


# Payroll references and exports ----------------------------------------------------------


def _payees(council: Council) -> list[Person]:
    """Current members, and everyone with a per-diem or claim in the council."""
    ids = set(Membership.objects.filter(council=council).current()
              .values_list("person_id", flat=True))
    ids |= set(council.per_diems.values_list("person_id", flat=True))
    ids |= set(council.travel_claims.values_list("person_id", flat=True))
    return list(Person.objects.filter(pk__in=ids).order_by("name"))


@login_required_2fa
def payroll(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_money_council(request, slug)
    log_personal_data_access(request, council, _("lønreferencer"))
    people = _payees(council)
    error_for, form_error = 0, None
    if request.method == "POST":
        person_id = posted_id(request.POST.get("person"))
        person = next((p for p in people if p.pk == person_id), None)
        if person is None:
            raise Http404
        form = PayrollReferenceForm(request.POST, prefix=f"p{person.pk}")
        if form.is_valid():
            try:
                actions.set_payroll_reference(council=council, person=person,
                                              reference=form.cleaned_data["reference"],
                                              acting_user=request.user)
            except ValidationError as exc:
                form.add_error("reference", exc)
            else:
                messages.success(request, _("Nummeret for %(name)s er gemt.")
                                 % {"name": person.name})
                return HttpResponseRedirect(reverse("money:payroll", args=[slug]))
        error_for, form_error = person.pk, form
    refs = actions.references(council)
    rows = [(p, form_error if p.pk == error_for else PayrollReferenceForm(
        initial={"reference": refs.get(p.pk, "")}, prefix=f"p{p.pk}")) for p in people]
    return render(request, "money/payroll.html", {"council": council, "rows": rows},
                  status=400 if error_for else 200)


@login_required_2fa
@single_submit
def exports(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    council = access_money_council(request, slug)
    today = timezone.localdate()
    form = ExportForm(_posted(request), initial={
        "period_start": today.replace(day=1), "period_end": today})
    if request.method == "POST" and form.is_valid():
        try:
            export = actions.create_export(council=council,
                                           start=form.cleaned_data["period_start"],
                                           end=form.cleaned_data["period_end"],
                                           acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log_personal_data_access(request, council, _("lønudtræk %(pk)s") % {"pk": export.pk})
            messages.success(request, _("Udtrækket er lavet. Hent CSV-filen og læs den ind i "
                                        "lønsystemet."))
            return HttpResponseRedirect(reverse("money:exports", args=[slug]))
    rows = (Export.objects.filter(council=council).select_related("created_by")
            .order_by("-created")[:100])
    return render(request, "money/exports.html", {
        "council": council, "form": form, "exports": rows, "year": today.year,
    }, status=400 if form.errors else 200)


@login_required_2fa
def export_csv(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    council = access_money_council(request, slug)
    export = get_object_or_404(Export, council=council, pk=pk)
    log_personal_data_access(request, council, _("lønudtræk %(pk)s") % {"pk": pk})
    response = HttpResponse(actions.export_csv(export), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="loenudtraek-{council.slug}-{export.period_start:%Y%m%d}-'
        f'{export.period_end:%Y%m%d}-{export.pk}.csv"')
    return response


@login_required_2fa
def year_pdf(request: AuthenticatedRequest, slug: str, year: int) -> HttpResponse:
    council = access_money_council(request, slug)
    _check_year(year)
    response = HttpResponse(render_year_pdf(council, year), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="oekonomi-{council.slug}-{year}.pdf"'
    return response
