"""A report as a tagged PDF/UA-1 (Typst; data as JSON through sys.inputs) with its figures
as simple bar charts drawn by Typst, each followed by its numbers as a table."""

from __future__ import annotations

import json
from pathlib import Path

import typst
from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from udsatteraad.meetings.pdf import text_blocks

from .charts import charts
from .models import Report

ROOT = Path(__file__).resolve().parent.parent


@translation.override("da")
def report_pdf(report: Report) -> bytes:
    council = report.council
    period = (f"{dateformat.format(report.period_start, 'j. F Y')} – "
              f"{dateformat.format(report.period_end, 'j. F Y')}")
    facts = [[_("Råd"), council.name], [_("Periode"), period]]
    if report.approval_note:
        facts.append([_("Godkendt"), report.approval_note])
    data = {
        "title": f"{report.title} – {council.name}", "heading": report.title,
        "council": council.name, "footer": f"{council.name} – {report.get_kind_display()}",
        "facts": facts, "intro": text_blocks(report.intro),
        "figures_heading": _("Tal fra perioden"),
        "charts": charts(report.figures),
        "conclusion_heading": _("Vurdering og anbefalinger"),
        "conclusion": text_blocks(report.conclusion),
    }
    return typst.compile(str(Path(__file__).resolve().parent / "typst" / "report.typ"),
                         root=str(ROOT),
                         sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                         pdf_standards=["ua-1"], pdf_tags=True, ignore_system_fonts=True,
                         timestamp=0)
