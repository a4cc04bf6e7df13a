"""The public annual plan as a tagged PDF/UA-1 made with Typst (data as JSON through
sys.inputs), stored under a digest of what it shows and served from there afterwards."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import typst
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council

from .models import RenderedPlan

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "typst" / "plan.typ"


def _thing(kind: str, obj: Any) -> list[str]:
    if kind == "meeting":
        start = timezone.localtime(obj.start)
        return [dateformat.format(start, "j. F \\k\\l. H.i"), obj.get_kind_display(), obj.title]
    when = ""
    if obj.date:
        when = dateformat.format(obj.date, "j. F")
        if obj.end_date and obj.end_date != obj.date:
            when += "–" + dateformat.format(obj.end_date, "j. F")
    return [when, obj.get_kind_display(), obj.title]


def plan_data(council: Council, year: int, context: dict[str, Any]) -> dict[str, Any]:
    months = [{"name": str(row["name"]).capitalize(),
               "rows": [_thing(kind, obj) for _day, kind, obj in row["things"]]}
              for row in context["months"] if row["things"]]
    undated = [["", e.get_kind_display(), e.title] for e in context["undated"]]
    title = _("Årshjul %(year)s") % {"year": year}
    return {
        "title": f"{title} – {council.name}",
        "heading": title,
        "council": council.name,
        "footer": f"{council.name} – {title}",
        "facts": [[_("Råd"), council.name]],
        "columns": [_("Hvornår"), _("Hvad"), _("Titel")],
        "months": months,
        "undated_label": _("I løbet af året"),
        "undated": undated,
        "empty": _("Der er ikke planlagt noget endnu."),
    }


@translation.override("da")  # Danish documents, whoever asks
def plan_pdf(council: Council, year: int, context: dict[str, Any]) -> bytes:
    data = json.dumps(plan_data(council, year, context), ensure_ascii=False, sort_keys=True)
    key = hashlib.sha256((version("typst") + TEMPLATE.read_text() + data).encode()).hexdigest()
    row = RenderedPlan.objects.filter(council=council, year=year, key=key).first()
    if row is not None:
        return bytes(row.content)
    content = typst.compile(
        str(TEMPLATE), root=str(ROOT), sys_inputs={"data": data}, pdf_standards=["ua-1"],
        pdf_tags=True, ignore_system_fonts=True, timestamp=0)
    with transaction.atomic():
        updated = RenderedPlan.objects.filter(council=council, year=year).update(
            key=key, content=content)
        if not updated:
            try:
                with transaction.atomic():
                    RenderedPlan.objects.create(council=council, year=year, key=key,
                                                content=content)
            except IntegrityError:
                pass  # another request stored it first
    return content
