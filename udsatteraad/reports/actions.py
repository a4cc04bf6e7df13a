"""Report steps: draft with figures, edit, refresh figures, approve, publish (after the
publication guard), send to the assembly with the PDF. Each locks and re-checks the report."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.lib import mail, site
from udsatteraad.meetings.guarding import check

from . import figures
from .models import Report


def draft(*, council: Council, kind: str, title: str, start: dt.date, end: dt.date,
          user) -> Report:
    report = Report(council=council, kind=kind, title=title, period_start=start,
                    period_end=end, created_by=user)
    report.full_clean()
    report.figures = figures.compute(council, start, end)
    report.save()
    return report


def _locked(report: Report, *statuses: str) -> Report:
    row = Report.objects.select_for_update().select_related("council").get(pk=report.pk)
    if row.status not in statuses:
        raise ValidationError(_("Rapporten er %(status)s; det kan ikke gøres nu.")
                              % {"status": row.get_status_display().lower()})
    return row


def refresh_figures(*, report: Report) -> Report:
    with transaction.atomic():
        row = _locked(report, Report.Status.DRAFT)
        row.figures = figures.compute(row.council, row.period_start, row.period_end)
        row.save(update_fields=["figures", "modified"])
    return row


def approve(*, report: Report, note: str) -> Report:
    with transaction.atomic():
        row = _locked(report, Report.Status.DRAFT)
        row.status, row.approved_at, row.approval_note = (Report.Status.APPROVED,
                                                          timezone.now(), note)
        row.save(update_fields=["status", "approved_at", "approval_note", "modified"])
    return row


def publish(*, report: Report) -> Report:
    with transaction.atomic():
        row = _locked(report, Report.Status.APPROVED)
        check([(_("Rapportens titel"), row.title), (_("Indledning"), row.intro),
               (_("Vurdering og anbefalinger"), row.conclusion)], council=row.council)
        row.status, row.published_at = Report.Status.PUBLISHED, timezone.now()
        row.save(update_fields=["status", "published_at", "modified"])
    return row


def send(*, report: Report, to: str) -> Report:
    from .pdf import report_pdf

    with transaction.atomic():
        row = _locked(report, Report.Status.APPROVED, Report.Status.PUBLISHED)
        row.sent_to, row.sent_at = to, timezone.now()
        row.save(update_fields=["sent_to", "sent_at", "modified"])
        pdf = report_pdf(row)
        ctx = {"report": row, "council": row.council,
               "url": site.root() + reverse("reports:public-detail",
                                            args=[row.council.slug, row.pk])
               if row.status == Report.Status.PUBLISHED else ""}
        with translation.override("da"):
            message = EmailMultiAlternatives(
                subject=f"{row.council.name}: {row.title}",
                body=render_to_string("reports/email.txt", ctx),
                from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
        if row.council.contact_email:
            message.reply_to = [row.council.contact_email]
        message.attach("rapport.pdf", pdf, "application/pdf")
        mail.send_after_commit(lambda: [message], what="report")
    return row
