"""The year's overview of the council's money as a tagged PDF/UA-1 document made with Typst,
for the council's status report: the budget lines with what was spent and what is left, and
the number of per-diems, claims and bookings. It names no person and carries no text anyone
typed (descriptions stay in the secretariat's pages), so it holds no personal data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typst
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council
from udsatteraad.lib.amounts import kroner

from . import compute
from .models import Booking, PerDiem, TravelClaim

ROOT = Path(__file__).resolve().parent.parent


def year_data(council: Council, year: int) -> dict:
    data = compute.overview(council, year)
    rows = [[r.label, kroner(r.budget), kroner(r.booked), kroner(r.unpaid), kroner(r.left)]
            for r in [*data.rows, data.totals]]
    per_diems = PerDiem.objects.filter(council=council, day__year=year)
    claims = TravelClaim.objects.filter(council=council, day__year=year,
                                        status=TravelClaim.Status.APPROVED)
    title = _("Økonomi %(year)s") % {"year": year}
    return {
        "title": f"{title} – {council.name}",
        "heading": title,
        "council": council.name,
        "footer": f"{council.name} – {title}",
        "facts": [[_("Råd"), council.name], [_("Myndighed"), council.authority.name],
                  [_("Udskrevet"), dateformat.format(timezone.localdate(), "j. F Y")]],
        "header": [_("Post"), _("Budget"), _("Bogført"), _("Godkendt, ikke udbetalt"),
                   _("Tilbage")],
        "rows": rows,
        "counts": [
            [_("Møder med diæter"), str(per_diems.values("meeting").distinct().count())],
            [_("Diæter"), str(per_diems.count())],
            [_("Godkendte befordringskrav"), str(claims.count())],
            [_("Bogførte udgifter"), str(Booking.objects.filter(
                council=council, day__year=year).count())],
        ],
        "warnings": data.warnings,
        "labels": {"overview": _("Budget og forbrug"), "counts": _("Antal"),
                   "warnings": _("Advarsler")},
    }


@translation.override("da")  # Danish documents, whoever asks
def render_year_pdf(council: Council, year: int) -> bytes:
    return typst.compile(
        str(Path(__file__).resolve().parent / "typst" / "year.typ"),
        root=str(ROOT),
        sys_inputs={"data": json.dumps(year_data(council, year), ensure_ascii=False)},
        pdf_standards=["ua-1"],
        pdf_tags=True,
        ignore_system_fonts=True,
        timestamp=int(dt.datetime.combine(timezone.localdate(), dt.time(12)).timestamp()),
    )
