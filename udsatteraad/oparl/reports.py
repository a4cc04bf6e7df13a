"""Published status reports, annual reports and evaluations in OParl (issue 13): each is a
Paper (paperType "Statusrapport", "Årsberetning" or "Evaluering") whose mainFile is the
report's public PDF. Their ids, paper/report/<id>/ and file/report/<id>/, never collide with
the agenda items' paper/<id>/ or the hearing responses' paper/hearing/<id>/. What is public:
`policy.public.public_reports` (published reports of public councils, whose text passed the
publication guard when it was published); a draft or approved report is no Paper."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from udsatteraad.policy.public import public_reports

from . import serialize as s

# The paper types by report kind: fixed Danish terms of the API, whatever the site language.
PAPER_TYPES = {"status": "Statusrapport", "annual": "Årsberetning", "evaluation": "Evaluering"}


def report_paper_url(pk: int) -> str:
    return s.api("report-paper", pk)


def reference(report: Any) -> str:
    """The report's reference: its number in the system, stable once published."""
    return f"RAP-{report.pk}"


def _published(report: Any):
    # A report marked published without the time (imported, or made so by hand) dates from
    # its last change.
    return report.published_at or report.modified


def _web(report: Any) -> str:
    return s.fast_reverse("reports:public-detail", report.council.slug, report.pk)


def _paper_type(report: Any) -> str:
    return PAPER_TYPES.get(report.kind, "Rapport")


def report_file(report: Any) -> dict:
    pdf = s.absolute(s.fast_reverse("reports:public-pdf", report.council.slug, report.pk))
    return s.clean({
        **s.base("File", s.api("report-file", report.pk), report,
                 created=_published(report), web=_web(report)),
        "name": f"{_paper_type(report)}: {report.title}",
        "fileName": "rapport.pdf",
        "mimeType": "application/pdf",
        "date": timezone.localdate(_published(report)).isoformat(),
        "accessUrl": pdf,
        "downloadUrl": pdf,
        "paper": [report_paper_url(report.pk)],
    })


def report_paper(report: Any) -> dict:
    return s.clean({
        **s.base("Paper", report_paper_url(report.pk), report, created=_published(report),
                 web=_web(report)),
        "body": s.body_url(report.council.authority_id),
        "name": report.title,
        "reference": reference(report),
        "date": timezone.localdate(_published(report)).isoformat(),
        "paperType": _paper_type(report),
        "keyword": [_paper_type(report),
                    f"{report.period_start.isoformat()}/{report.period_end.isoformat()}"],
        "underDirectionOf": [s.council_url(report.council_id)],
        "mainFile": report_file(report),
    })


def reports() -> Any:
    return public_reports().select_related("council")


def file_sources(authority_id: int) -> list:
    """The PDFs of a body's published reports, for the body's file list."""
    from .loaders import FileSource

    return [FileSource("report", r, _published(r), r.modified,
                       (_published(r), "report", r.pk))
            for r in reports().filter(council__authority_id=authority_id)]
