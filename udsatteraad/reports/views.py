"""Status reports and evaluations: the secretariat's list, drafting, the editor with the
figures and the steps; the public list, page and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.meetings import guarding
from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import access_council, access_public_council, login_required_2fa
from udsatteraad.policy.guard import PublicationBlocked
from udsatteraad.policy.public import public_reports

from . import actions
from .charts import charts, key_figures
from .forms import ApproveForm, NewReportForm, SendForm, TextForm
from .models import Report
from .pdf import report_pdf


@login_required_2fa
@single_submit
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_council(request, slug)
    form = NewReportForm(request.POST or None, instance=Report(council=council))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        report = actions.draft(council=council, kind=d["kind"], title=d["title"],
                               start=d["period_start"], end=d["period_end"], user=request.user)
        return HttpResponseRedirect(reverse("reports:edit", args=[council.slug, report.pk]))
    return render(request, "reports/list.html",
                  {"council": council, "reports": Report.objects.filter(council=council),
                   "form": form}, status=400 if request.method == "POST" else 200)


def _report(council: Council, pk: int) -> Report:
    return get_object_or_404(Report, council=council, pk=pk)


def _page(request, council, report, *, form=None, errors=None, hits=None, status=200):
    return render(request, "reports/edit.html", {
        "council": council, "report": report,
        "form": form or TextForm(instance=report), "approve_form": ApproveForm(),
        "send_form": SendForm(), "lines": key_figures(report.figures),
        "charts": charts(report.figures), "errors": errors or [], "guard_hits": hits or [],
    }, status=status)


@login_required_2fa
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    report = _report(council, pk)
    if request.method == "POST":
        if report.status != Report.Status.DRAFT:
            return _page(request, council, report, status=400,
                         errors=[_("En godkendt rapport kan ikke længere rettes.")])
        form = TextForm(request.POST, instance=report)
        if form.is_valid():
            form.save()
            messages.success(request, _("Rapporten er gemt."))
            return HttpResponseRedirect(request.path)
        return _page(request, council, report, form=form, status=400)
    return _page(request, council, report)


def _step(request: HttpRequest, slug: str, pk: int, run, done: str) -> HttpResponse:
    council = access_council(request, slug)
    report = _report(council, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        run(report)
    except ValidationError as exc:
        return _page(request, council, report, errors=list(exc.messages), status=400)
    except PublicationBlocked as blocked:
        return _page(request, council, report, hits=guarding.hits_context(blocked.hits),
                     status=400)
    messages.success(request, done)
    return HttpResponseRedirect(reverse("reports:edit", args=[council.slug, report.pk]))


@login_required_2fa
def refresh(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, lambda r: actions.refresh_figures(report=r),
                 _("Tallene er opdateret."))


def _form_step(request, slug, pk, form_class, run, done):
    form = form_class(request.POST)

    def go(report):
        if not form.is_valid():
            raise ValidationError([str(e) for errs in form.errors.values() for e in errs])
        run(report, form.cleaned_data)

    return _step(request, slug, pk, go, done)


@login_required_2fa
def approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _form_step(request, slug, pk, ApproveForm,
                      lambda r, d: actions.approve(report=r, note=d["note"]),
                      _("Rådets godkendelse er registreret."))


@login_required_2fa
def publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, lambda r: actions.publish(report=r),
                 _("Rapporten er offentliggjort."))


@login_required_2fa
def send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _form_step(request, slug, pk, SendForm,
                      lambda r, d: actions.send(report=r, to=d["to"]),
                      _("Rapporten er sendt med PDF."))


@login_required_2fa
def draft_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_council(request, slug)
    return _pdf(report_pdf(_report(council, pk)))


def _pdf(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="rapport.pdf"'
    return response


def public_list(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_public_council(slug)
    return render(request, "reports/public/list.html",
                  {"council": council, "reports": public_reports().filter(
                      council=council)})


def public_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_public_council(slug)
    report = get_object_or_404(public_reports(), council=council, pk=pk)
    return render(request, "reports/public/detail.html", {
        "council": council, "report": report, "lines": key_figures(report.figures),
        "charts": charts(report.figures)})


def public_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_public_council(slug)
    return _pdf(report_pdf(get_object_or_404(public_reports(), council=council,
                                             pk=pk)))
